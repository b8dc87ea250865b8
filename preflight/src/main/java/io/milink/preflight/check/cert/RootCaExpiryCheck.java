package io.milink.preflight.check.cert;

import io.milink.certs.AzureRootBundle;
import io.milink.certs.AzureRootCa;
import io.milink.certs.CertificateTsql;
import io.milink.preflight.check.Check;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.SqlServerFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cert.rootCa.expiry}: the Azure roots SQL Server trusts stay valid. A root that expires takes every
 * certificate under it along; Azure moves to a new root before that, and SQL Server must trust the new one first
 * (mi-link-workflow.md §1.8: the root used by the managed instance can change over time).
 *
 * <p>Which roots: the bundled Azure roots found in master by thumbprint, and anything else registered as issuer for
 * {@code *.database.windows.net} (an old Azure root such as Baltimore CyberTrust Root, which expired in May 2025,
 * is often still there). An expired root validates no chain: when it is the only one left, SQL Server cannot
 * validate the managed instance's certificate at all (FAIL); next to valid ones it is dead weight that a reader
 * may take for protection (WARN). Whether the instance's certificate chains to a valid one is cert.mi.chain's job.
 */
public final class RootCaExpiryCheck implements Check {

    public static final String ID = "cert.rootCa.expiry";
    private static final String TITLE = "Azure root CAs on SQL Server stay valid";
    /** A year ahead: root changes are announced months before, and a maintenance window takes planning. */
    static final Duration HORIZON = Duration.ofDays(365);

    private final AzureRootBundle bundle;

    public RootCaExpiryCheck(AzureRootBundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> evaluate(Facts facts) {
        if (facts.sqlServer() == null) {
            return List.of(new Finding(ID, Status.SKIP, facts.target(), TITLE,
                    "not evaluated: milink could not log in (see sql.connect)", null));
        }
        Instant now = facts.collectedAt();
        List<String> expired = new ArrayList<>();
        List<String> soon = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (CertificateFact c : trustedRoots(facts.sqlServer())) {
            Optional<AzureRootCa> bundled = c.thumbprint() == null ? Optional.empty() : bundle.roots().stream()
                    .filter(r -> r.thumbprint().hex().equalsIgnoreCase(c.thumbprint())).findFirst();
            Instant notAfter = bundled.map(AzureRootCa::notAfter).orElse(c.expiryDate());
            if (notAfter == null) {
                continue;
            }
            String line = "'" + c.name() + "'" + bundled.map(r -> " (" + r.id() + ")").orElse("") + " until "
                    + notAfter.toString().substring(0, 10);
            if (!notAfter.isAfter(now)) {
                expired.add(line);
            } else if (notAfter.isBefore(now.plus(HORIZON))) {
                soon.add(line);
            } else {
                fine.add(line);
            }
        }
        if (expired.isEmpty() && soon.isEmpty() && fine.isEmpty()) {
            return List.of(new Finding(ID, Status.SKIP, facts.target(), TITLE,
                    "no Azure root CA is imported yet (see cert.rootCa.*)", null));
        }
        Remediation importNew = Remediation.manual("Import the root Azure now uses (Microsoft Learn: Azure "
                + "Certificate Authority details) and register it with sp_certificate_add_issuer for "
                + CertificateTsql.AZURE_DNS_PATTERN + " (cert.rootCa.* give the T-SQL).");
        if (!expired.isEmpty() && soon.isEmpty() && fine.isEmpty()) {
            return List.of(new Finding(ID, Status.FAIL, facts.target(), TITLE, "EXPIRED: " + String.join(", ",
                    expired) + "; no valid Azure root is left, so SQL Server cannot validate the managed instance's "
                    + "certificate", importNew));
        }
        if (!expired.isEmpty()) {
            return List.of(new Finding(ID, Status.WARN, facts.target(), TITLE, "EXPIRED, validates nothing: "
                    + String.join(", ", expired) + "; still valid: " + String.join(", ", concat(soon, fine)),
                    Remediation.manual("Nothing breaks while a valid Azure root stays registered; drop the expired "
                            + "one when no other certificate needs it (docs/certificates.md).")));
        }
        if (!soon.isEmpty()) {
            return List.of(new Finding(ID, Status.WARN, facts.target(), TITLE, "expires within a year: "
                    + String.join(", ", soon), importNew));
        }
        return List.of(new Finding(ID, Status.PASS, facts.target(), TITLE, "valid for more than a year: "
                + String.join(", ", fine), null));
    }

    /** Bundled roots found by thumbprint, plus whatever else is registered for the Azure domain. */
    private List<CertificateFact> trustedRoots(SqlServerFacts server) {
        List<CertificateFact> roots = new ArrayList<>();
        for (CertificateFact c : server.certificates()) {
            boolean bundled = c.thumbprint() != null && bundle.roots().stream()
                    .anyMatch(r -> r.thumbprint().hex().equalsIgnoreCase(c.thumbprint()));
            boolean registered = server.issuers() != null && c.certificateId() != null && server.issuers().stream()
                    .anyMatch(i -> i.certificateId() == c.certificateId()
                            && CertificateTsql.AZURE_DNS_PATTERN.equalsIgnoreCase(i.dnsName()));
            if (bundled || registered) {
                roots.add(c);
            }
        }
        return roots;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
