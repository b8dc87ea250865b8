package io.milink.preflight.check.cert;

import io.milink.core.Tsql;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.SqlServerFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code cert.link.expiry}: the certificate the mirroring endpoint authenticates with. An expired endpoint
 * certificate silently stops replication; its private key must be protected by the database master key or the
 * endpoint cannot use it (error 28055; mi-link-workflow.md §3.2, §4.6, §7.2).
 */
public final class LinkCertificateCheck extends InstanceCheck {

    public static final String ID = "cert.link.expiry";
    static final Duration WARN_WITHIN = Duration.ofDays(30);

    public LinkCertificateCheck() {
        super(ID, "SQL Server link certificate valid and protected by the master key");
    }

    /** Judged as of when the facts were collected, so a saved facts file gives the same verdict later. */
    @Override
    protected Finding evaluate(String target, SqlServerFacts server, Instant now) {
        Optional<EndpointFact> endpoint = server.mirroringEndpoints().stream().findFirst();
        if (endpoint.isEmpty() || endpoint.get().certificateName() == null) {
            return finding(target, Status.PASS, endpoint.isEmpty()
                    ? "no mirroring endpoint yet: milink creates the link certificate with it"
                    : "endpoint " + endpoint.get().name() + " uses Windows authentication only: milink creates the "
                    + "link certificate and adds it", null);
        }
        String name = endpoint.get().certificateName();
        Optional<CertificateFact> cert = server.certificates().stream()
                .filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        if (cert.isEmpty()) {
            return finding(target, Status.ERROR, "endpoint " + endpoint.get().name() + " names certificate '" + name
                    + "', which is not in master.sys.certificates", null);
        }
        CertificateFact c = cert.get();
        String seen = "'" + c.name() + "' (endpoint " + endpoint.get().name() + "), valid " + day(c.startDate())
                + " to " + day(c.expiryDate()) + ", private key " + protection(c.privateKeyProtection());
        Remediation renew = Remediation.manual("Rotate the link certificate (docs/certificates.md, \"Rotation\"): "
                + "create a new one, upload it to the managed instance as a trust certificate, switch the endpoint, "
                + "verify, then drop " + Tsql.quoteName(c.name()) + ".");
        if (!"MK".equalsIgnoreCase(c.privateKeyProtection())) {
            return finding(target, Status.FAIL, seen + ": the endpoint needs a private key protected by the master "
                    + "key (error 28055)", renew);
        }
        if (c.startDate() != null && c.startDate().isAfter(now)) {
            return finding(target, Status.FAIL, seen + ": not valid yet", renew);
        }
        if (c.expiryDate() != null && !c.expiryDate().isAfter(now)) {
            return finding(target, Status.FAIL, seen + ": EXPIRED, replication stops", renew);
        }
        if (c.expiryDate() != null && c.expiryDate().isBefore(now.plus(WARN_WITHIN))) {
            long days = Duration.between(now, c.expiryDate()).toDays();
            return finding(target, Status.WARN, seen + ": expires in " + Plural.count(days, "day"), renew);
        }
        return finding(target, Status.PASS, seen, null);
    }

    private static String protection(String type) {
        if (type == null) {
            return "protection unknown";
        }
        return switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "MK" -> "protected by the master key";
            case "PW" -> "protected by a password";
            case "NA" -> "absent";
            default -> "protected by " + type;
        };
    }

    private static String day(Instant instant) {
        return instant == null ? "?" : instant.toString().substring(0, 10);
    }
}
