package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.issuerProcedure}: {@code sp_certificate_add_issuer} registers the Azure root CAs as trusted issuers.
 * It ships with the servicing updates the link needs; when it is missing the instance lacks that update
 * (Arc troubleshooting page; mi-link-workflow.md §1.1, §1.8).
 */
public final class IssuerProcedureCheck extends InstanceCheck {

    public static final String ID = "sql.issuerProcedure";

    public IssuerProcedureCheck() {
        super(ID, "sp_certificate_add_issuer is available");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        if (server.issuerProcedurePresent()) {
            return finding(target, Status.PASS, "OBJECT_ID('sys.sp_certificate_add_issuer') is not NULL", null);
        }
        return finding(target, Status.FAIL, "sys.sp_certificate_add_issuer does not exist: the servicing update "
                + "the link needs is not installed (on 2016 and 2017, the Azure Connect pack)", Remediation.manual(
                "Install the update named by sql.version (2016: Azure Connect pack KB5014242; 2017: Azure Connect "
                        + "pack KB5050533; 2019: CU20 or later), then restart SQL Server."));
    }
}
