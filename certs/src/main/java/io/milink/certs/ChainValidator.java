package io.milink.certs;

import io.milink.certs.ChainProblem.Kind;
import io.milink.certs.ChainValidation.Status;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Validates a certificate chain offline: does the managed instance's endpoint certificate (ARM
 * {@code endpointCertificates/DATABASE_MIRRORING} {@code publicBlob}) chain to a root we trust, which root, and is
 * everything on the path valid now and for the next N days?
 *
 * <p>Offline on purpose. SQL Server's own {@code sp_validate_certificate_ca_chain} asks the host OS, which may try an
 * online revocation check and so fails on hosts without internet even when the chain is valid
 * (mi-link-workflow.md section 3.6). milink never fetches anything: revocation checking is disabled, intermediates
 * are used only when given, and a missing issuer is reported with the URL where it is published.
 *
 * <p>How: a path is first found by names and signatures alone (so the result can say exactly which certificate
 * breaks it), then the JDK's PKIX validator ({@link CertPathValidator}, revocation off) checks it by RFC 5280 rules,
 * and finally every certificate on the path, the root included, is checked against the instant and the horizon.
 * The root's dates count although PKIX ignores them: SQL Server's host refuses an expired root.
 *
 * <p>Pure: the same inputs give the same result; nothing is read from the clock or the network.
 */
public final class ChainValidator {

    /** Longer chains than this are not built; Azure's are leaf, one intermediate, root. */
    private static final int MAX_PATH_LENGTH = 8;

    private ChainValidator() {
    }

    /**
     * @param certificate   the certificate to validate (the managed instance's endpoint certificate)
     * @param intermediates CA certificates that may sit between it and a root; may be empty
     * @param roots         the roots to trust: {@link AzureRootBundle#trustedRoots()}, or what SQL Server has
     *                      imported ({@link TrustedRoot#fromSqlServer}). Entries that are neither CA nor self-issued
     *                      (such as the imported managed instance certificate itself) are ignored
     * @param at            "now"
     * @param horizon       how far ahead everything must stay valid ("valid for the next N days")
     */
    public static ChainValidation validate(DerCertificate certificate, Collection<DerCertificate> intermediates,
                                           Collection<TrustedRoot> roots, Instant at, Duration horizon) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(intermediates, "intermediates");
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(horizon, "horizon");
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must not be negative: " + horizon);
        }
        List<TrustedRoot> anchors = roots.stream().filter(r -> isCa(r.certificate()) || isSelfIssued(r.certificate()))
                .toList();

        List<DerCertificate> path = new ArrayList<>();
        TrustedRoot anchor = anchors.stream()
                .filter(r -> r.certificate().thumbprint().equals(certificate.thumbprint())).findFirst().orElse(null);
        DerCertificate current = certificate;
        if (anchor == null) {
            path.add(certificate);
            while (path.size() <= MAX_PATH_LENGTH) {
                DerCertificate child = current;
                Optional<TrustedRoot> signer = anchors.stream().filter(r -> issued(r.certificate(), child)).findFirst();
                if (signer.isPresent()) {
                    anchor = signer.get();
                    break;
                }
                Optional<DerCertificate> next = intermediates.stream()
                        .filter(i -> !path.contains(i) && issued(i, child)).findFirst();
                if (next.isEmpty()) {
                    break;
                }
                current = next.get();
                path.add(current);
            }
        }

        List<ChainProblem> problems = new ArrayList<>();
        if (anchor == null) {
            problems.add(whyNoIssuer(current, anchors, intermediates));
            path.forEach(c -> checkDates(c, at, horizon, problems));
            return new ChainValidation(Status.NO_PATH, at, horizon, path, Optional.empty(), Optional.empty(),
                    Optional.of(current.x509().getIssuerX500Principal().getName()), caIssuersUrl(current), problems);
        }

        List<DerCertificate> onPath = Stream.concat(path.stream(), Stream.of(anchor.certificate())).toList();
        if (!path.isEmpty()) {
            pkixProblem(path, anchor, onPath, at).ifPresent(problems::add);
        }
        onPath.forEach(c -> checkDates(c, at, horizon, problems));
        Instant validUntil = onPath.stream().map(c -> c.x509().getNotAfter().toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();
        return new ChainValidation(status(problems), at, horizon, path, Optional.of(anchor), Optional.of(validUntil),
                Optional.empty(), Optional.empty(), problems);
    }

    /** {@code issuer} issued {@code child}: the names chain and the issuer's key verifies the signature. */
    private static boolean issued(DerCertificate issuer, DerCertificate child) {
        X509Certificate c = child.x509();
        return c.getIssuerX500Principal().equals(issuer.x509().getSubjectX500Principal())
                && signatureVerifies(c, issuer.x509());
    }

    private static boolean signatureVerifies(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static ChainProblem whyNoIssuer(DerCertificate top, List<TrustedRoot> anchors,
                                            Collection<DerCertificate> intermediates) {
        X509Certificate x = top.x509();
        String subject = x.getSubjectX500Principal().getName();
        String issuer = x.getIssuerX500Principal().getName();
        if (isSelfIssued(top) && signatureVerifies(x, x)) {
            return ChainProblem.about(Kind.SELF_SIGNED_NOT_TRUSTED, top, "'" + subject + "' is self-signed and is not"
                    + " one of the trusted roots; nothing vouches for it");
        }
        Optional<String> sameName = Stream.concat(
                        anchors.stream().filter(r -> sameSubject(r.certificate(), issuer)).map(r -> "trusted root '"
                                + r.label() + "'"),
                        intermediates.stream().filter(i -> sameSubject(i, issuer)).map(i -> "intermediate "
                                + i.thumbprint().hex()))
                .findFirst();
        if (sameName.isPresent()) {
            return ChainProblem.about(Kind.SIGNATURE_MISMATCH, top, "'" + subject + "' names '" + issuer
                    + "' as its issuer, and " + sameName.get() + " has that name, but its key did not sign this"
                    + " certificate: a different CA with the same name. Compare certificates by thumbprint, not name");
        }
        String where = caIssuersUrl(top).map(u -> "; the issuer certificate is published at " + u
                + " (milink does not fetch it)").orElse("");
        return ChainProblem.about(Kind.ISSUER_NOT_FOUND, top, "'" + subject + "' is issued by '" + issuer
                + "', which is neither a trusted root nor a supplied intermediate" + where);
    }

    private static boolean sameSubject(DerCertificate c, String dn) {
        return c.x509().getSubjectX500Principal().getName().equals(dn);
    }

    private static Optional<ChainProblem> pkixProblem(List<DerCertificate> path, TrustedRoot anchor,
                                                      List<DerCertificate> onPath, Instant at) {
        // Dates are judged separately (with better messages, and including the root); validate the structure at an
        // instant where every certificate is inside its window, if there is one.
        Instant latestStart = onPath.stream().map(c -> c.x509().getNotBefore().toInstant())
                .max(Comparator.naturalOrder()).orElseThrow();
        Instant earliestEnd = onPath.stream().map(c -> c.x509().getNotAfter().toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant when = !at.isBefore(latestStart) && !at.isAfter(earliestEnd) ? at : latestStart;
        if (when.isAfter(earliestEnd)) {
            return Optional.empty(); // the windows never overlap; the date checks say so
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor.certificate().x509(), null)));
            params.setRevocationEnabled(false); // offline: no CRL or OCSP fetches, ever
            params.setDate(Date.from(when));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX").validate(
                    factory.generateCertPath(path.stream().map(DerCertificate::x509).toList()), params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            DerCertificate culprit = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.get(0);
            return Optional.of(ChainProblem.about(Kind.REJECTED_BY_PKIX, culprit, "'"
                    + culprit.x509().getSubjectX500Principal().getName() + "' chains to root '" + anchor.label()
                    + "' by name and signature, but PKIX rejects the path: " + e.getMessage()));
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("cannot set up PKIX validation: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX is unavailable in this JDK: " + e.getMessage(), e);
        }
    }

    private static void checkDates(DerCertificate c, Instant at, Duration horizon, List<ChainProblem> problems) {
        X509Certificate x = c.x509();
        Instant notBefore = x.getNotBefore().toInstant();
        Instant notAfter = x.getNotAfter().toInstant();
        String name = "'" + x.getSubjectX500Principal().getName() + "'";
        if (at.isAfter(notAfter)) {
            problems.add(ChainProblem.about(Kind.EXPIRED, c, name + " expired at " + notAfter));
        } else if (at.isBefore(notBefore)) {
            problems.add(ChainProblem.about(Kind.NOT_YET_VALID, c, name + " is not valid before " + notBefore
                    + " (check the clocks, or the certificate was created with a future START_DATE)"));
        } else if (notAfter.isBefore(at.plus(horizon))) {
            problems.add(ChainProblem.about(Kind.EXPIRES_WITHIN_HORIZON, c, name + " expires at " + notAfter + ", in "
                    + Duration.between(at, notAfter).toDays() + " days, within the " + horizon.toDays()
                    + "-day horizon"));
        }
    }

    private static Status status(List<ChainProblem> problems) {
        if (problems.stream().anyMatch(p -> p.kind() == Kind.REJECTED_BY_PKIX)) {
            return Status.REJECTED;
        }
        if (problems.stream().anyMatch(p -> p.kind() == Kind.EXPIRED)) {
            return Status.EXPIRED;
        }
        if (problems.stream().anyMatch(p -> p.kind() == Kind.NOT_YET_VALID)) {
            return Status.NOT_YET_VALID;
        }
        if (problems.stream().anyMatch(p -> p.kind() == Kind.EXPIRES_WITHIN_HORIZON)) {
            return Status.EXPIRES_WITHIN_HORIZON;
        }
        return Status.VALID;
    }

    private static boolean isCa(DerCertificate c) {
        return c.x509().getBasicConstraints() >= 0;
    }

    private static boolean isSelfIssued(DerCertificate c) {
        return c.x509().getSubjectX500Principal().equals(c.x509().getIssuerX500Principal());
    }

    /** The authorityInfoAccess caIssuers URL (RFC 5280 section 4.2.2.1), reported to the user, never fetched. */
    static Optional<String> caIssuersUrl(DerCertificate c) {
        byte[] value = c.x509().getExtensionValue(Extension.authorityInfoAccess.getId());
        if (value == null) {
            return Optional.empty();
        }
        try {
            ASN1Primitive parsed = JcaX509ExtensionUtils.parseExtensionValue(value);
            for (AccessDescription d : AuthorityInformationAccess.getInstance(parsed).getAccessDescriptions()) {
                if (AccessDescription.id_ad_caIssuers.equals(d.getAccessMethod())
                        && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    return Optional.of(d.getAccessLocation().getName().toString());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // A malformed extension only loses the hint.
        }
        return Optional.empty();
    }
}
