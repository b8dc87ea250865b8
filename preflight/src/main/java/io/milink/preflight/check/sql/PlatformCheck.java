package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.Version;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.platform}: SQL Server 2016 links need Windows Server; on Linux (2017+) SQL Server Agent cannot run
 * PowerShell job steps, so the documented Agent-based network test cannot run from the SQL Server host
 * (mi-link-workflow.md §1.2, §2.6).
 */
public final class PlatformCheck extends InstanceCheck {

    public static final String ID = "sql.platform";

    public PlatformCheck() {
        super(ID, "Host platform");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        String platform = server.hostPlatform() == null ? "Windows" : server.hostPlatform();
        int major = majorOf(server.productVersion());
        if (server.isLinux()) {
            if (major == 13) {
                return finding(target, Status.FAIL, "SQL Server 2016 reports Linux, where it is not supported for "
                        + "a link", Remediation.manual("Run the source on Windows Server 2012 or later."));
            }
            return finding(target, Status.PASS, platform + ": supported. Note: SQL Server Agent on Linux cannot run "
                    + "PowerShell steps, so network tests from the SQL Server host must be run by hand or from "
                    + "milink's host", null);
        }
        return finding(target, Status.PASS, platform, null);
    }

    private static int majorOf(String version) {
        try {
            return Version.parse(version).major();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
