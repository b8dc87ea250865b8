package io.milink.preflight.check.cert;

import io.milink.certs.CertificateReader;
import io.milink.certs.CertificateTsql;
import io.milink.certs.DerCertificate;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.mi.ManagedInstanceCheck;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code cert.mi.imported}: SQL Server's copy of the managed instance's endpoint certificate (imported under the
 * instance's FQDN) is the one the instance uses now. Azure rotates it; a stale copy stops the link from
 * authenticating (mi-link-workflow.md §4.6, §7.2). Compared by bytes, never by name or subject.
 */
public final class ManagedInstanceCertificateImportedCheck extends ManagedInstanceCheck {

    public ManagedInstanceCertificateImportedCheck() {
        super("cert.mi.imported", "SQL Server's copy of the managed instance certificate is current");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.sqlServer() == null || mi.endpointCertificate() == null || mi.fqdn() == null) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: needs both SQL Server's certificates and the "
                    + "managed instance's endpoint certificate" + (mi.endpointCertificateError() == null ? ""
                    : " (" + mi.endpointCertificateError() + ")"), null));
        }
        Optional<CertificateFact> copy = facts.sqlServer().certificates().stream()
                .filter(c -> c.name().equalsIgnoreCase(mi.fqdn())).findFirst();
        if (copy.isEmpty()) {
            return List.of(finding(facts, Status.PASS, "not imported yet: milink imports it under " + mi.fqdn()
                    + " when it creates the link", null));
        }
        if (copy.get().der() != null && copy.get().der().equalsIgnoreCase(mi.endpointCertificate())) {
            return List.of(finding(facts, Status.PASS, "'" + copy.get().name() + "' in master is the instance's "
                    + "current certificate (thumbprint " + copy.get().thumbprint() + ")", null));
        }
        DerCertificate current = CertificateReader.read(HexFormat.of().parseHex(mi.endpointCertificate()));
        return List.of(finding(facts, Status.WARN, "'" + copy.get().name() + "' in master (thumbprint "
                + copy.get().thumbprint() + ") is not the certificate the instance uses now: Azure rotated it",
                Remediation.tsql(CertificateTsql.refreshManagedInstanceCertificate(mi.fqdn(), current))));
    }
}
