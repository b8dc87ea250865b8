package io.milink.preflight.check.cert;

import io.milink.certs.AzureRootCa;
import io.milink.certs.CertificateTsql;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.IssuerFact;
import io.milink.preflight.facts.SqlServerFacts;

import java.util.Optional;

/**
 * {@code cert.rootCa.*}: an Azure root CA the managed instance's certificate can chain to is in master, found by
 * thumbprint whatever its name (the documentation's own samples name them differently; mi-link-workflow.md §1.8),
 * and registered as a trusted issuer for {@code *.database.windows.net} when the instance shows registrations.
 */
public final class RootCaCheck extends InstanceCheck {

    private final AzureRootCa root;

    public RootCaCheck(String id, String title, AzureRootCa root) {
        super(id, title);
        this.root = root;
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        String thumbprint = root.thumbprint().hex();
        Optional<CertificateFact> present = server.certificates().stream()
                .filter(c -> thumbprint.equalsIgnoreCase(c.thumbprint()))
                .findFirst();
        if (present.isEmpty()) {
            return finding(target, Status.FAIL, "no certificate in master with thumbprint " + thumbprint,
                    Remediation.tsql(CertificateTsql.importRootCa(root)));
        }
        CertificateFact cert = present.get();
        String seen = "in master as '" + cert.name() + "' (thumbprint " + thumbprint + ")";
        if (server.issuers() == null) {
            return finding(target, Status.PASS, seen + "; this build does not list issuer registrations "
                    + "(sys.sp_certificate_issuers), so its registration for " + CertificateTsql.AZURE_DNS_PATTERN
                    + " could not be confirmed", null);
        }
        boolean registered = server.issuers().stream().anyMatch(i -> cert.certificateId() != null
                && i.certificateId() == cert.certificateId()
                && CertificateTsql.AZURE_DNS_PATTERN.equalsIgnoreCase(i.dnsName()));
        if (registered) {
            return finding(target, Status.PASS, seen + ", registered as issuer for "
                    + CertificateTsql.AZURE_DNS_PATTERN, null);
        }
        return finding(target, Status.FAIL, seen + ", but not registered as issuer for "
                + CertificateTsql.AZURE_DNS_PATTERN + " (registered for: " + dnsNames(server, cert) + ")",
                Remediation.tsql(CertificateTsql.registerIssuer(cert.name())));
    }

    private static String dnsNames(SqlServerFacts server, CertificateFact cert) {
        String names = server.issuers().stream()
                .filter(i -> cert.certificateId() != null && i.certificateId() == cert.certificateId())
                .map(IssuerFact::dnsName).reduce((a, b) -> a + ", " + b).orElse("");
        return names.isEmpty() ? "nothing" : names;
    }
}
