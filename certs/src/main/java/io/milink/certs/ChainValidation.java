package io.milink.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of {@link ChainValidator#validate}: plain facts a check can turn into PASS/WARN/FAIL without
 * re-deriving anything.
 *
 * @param status        the overall verdict
 * @param checkedAt     the instant "now" meant
 * @param horizon       the look-ahead window ("valid for the next N days")
 * @param path          leaf first, then the intermediates used; the root is not included. Empty when the
 *                      certificate checked is itself a trusted root
 * @param root          the trusted root the path ends at: the root this certificate needs
 * @param validUntil    the earliest notAfter along the path including the root; empty when no path was found
 * @param missingIssuer when no path was found, the issuer DN that could not be found: the certificate to import
 * @param issuerUrl     when no path was found and the top certificate names one, its authorityInfoAccess caIssuers
 *                      URL (reported, never fetched: validation is offline)
 * @param problems      every reason found, in path order
 */
public record ChainValidation(
        Status status,
        Instant checkedAt,
        Duration horizon,
        List<DerCertificate> path,
        Optional<TrustedRoot> root,
        Optional<Instant> validUntil,
        Optional<String> missingIssuer,
        Optional<String> issuerUrl,
        List<ChainProblem> problems) {

    /** Overall verdict, most serious first. */
    public enum Status {
        /** No path from the certificate to any trusted root. */
        NO_PATH,
        /** A path exists by names and signatures, but PKIX rules reject it. */
        REJECTED,
        /** A certificate on the path (or the root) has expired. */
        EXPIRED,
        /** A certificate on the path (or the root) is not valid yet. */
        NOT_YET_VALID,
        /** Valid now, but something on the path expires within the horizon. */
        EXPIRES_WITHIN_HORIZON,
        /** Valid now and for the whole horizon. */
        VALID
    }

    public ChainValidation {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(horizon, "horizon");
        path = List.copyOf(path);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(missingIssuer, "missingIssuer");
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        problems = List.copyOf(problems);
    }

    /** A path to a trusted root exists (whatever the dates say). */
    public boolean pathFound() {
        return root.isPresent();
    }

    /** A path exists, PKIX accepts it, and every certificate on it is inside its validity window now. */
    public boolean validNow() {
        return status == Status.VALID || status == Status.EXPIRES_WITHIN_HORIZON;
    }

    /** {@link #validNow()} and nothing on the path expires within the horizon. */
    public boolean validThroughHorizon() {
        return status == Status.VALID;
    }

    /** The problems of one kind. */
    public List<ChainProblem> problems(ChainProblem.Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).toList();
    }

    /** One paragraph for a report. */
    public String summary() {
        StringBuilder out = new StringBuilder(status.name());
        if (root.isPresent()) {
            out.append(": ").append(path.stream().map(c -> CertificateIdentity.commonName(
                            c.x509().getSubjectX500Principal())).map(cn -> "'" + cn + "'")
                    .collect(Collectors.joining(" <- ")));
            out.append(path.isEmpty() ? "" : " <- ").append("root '").append(root.get().label()).append("'");
            validUntil.ifPresent(u -> out.append("; valid until ").append(u));
        } else {
            missingIssuer.ifPresent(i -> out.append(": needs issuer '").append(i).append("'"));
            issuerUrl.ifPresent(u -> out.append(" (published at ").append(u).append(")"));
        }
        for (ChainProblem p : problems) {
            out.append("\n- ").append(p.message());
        }
        return out.toString();
    }
}
