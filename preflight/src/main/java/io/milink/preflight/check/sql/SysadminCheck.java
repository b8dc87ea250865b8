package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.sysadmin}: creating a link takes sysadmin on SQL Server (master key, certificates, endpoint,
 * availability groups; mi-link-workflow.md §1.5).
 */
public final class SysadminCheck extends InstanceCheck {

    public static final String ID = "sql.sysadmin";

    public SysadminCheck() {
        super(ID, "The login is sysadmin");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        if (server.loginIsSysadmin()) {
            return finding(target, Status.PASS, "IS_SRVROLEMEMBER('sysadmin') = 1", null);
        }
        return finding(target, Status.FAIL, "IS_SRVROLEMEMBER('sysadmin') = 0: this login cannot create the "
                + "link's certificates, endpoint and availability groups", Remediation.tsql(
                "-- Run as a sysadmin; replace <login> with the login milink uses.\n"
                        + "ALTER SERVER ROLE [sysadmin] ADD MEMBER [<login>];"));
    }
}
