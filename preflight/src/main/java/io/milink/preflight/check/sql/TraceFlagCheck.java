package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.traceFlag.1800} and {@code sql.traceFlag.9567}: recommended startup trace flags (mi-link-workflow.md
 * §1.6). 1800 avoids log-block misalignment between disks of different sector sizes; 9567 compresses the seeding
 * stream. Only a startup parameter survives a restart, so the finding says both whether the flag is on now and
 * whether it is set at startup.
 */
public final class TraceFlagCheck extends InstanceCheck {

    private final int flag;

    public TraceFlagCheck(int flag, String purpose) {
        super("sql.traceFlag." + flag, "Trace flag " + flag + " (" + purpose + ")");
        this.flag = flag;
    }

    public int flag() {
        return flag;
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        boolean onNow = server.globalTraceFlags().contains(flag);
        Boolean atStartup = setAtStartup(server);
        String now = onNow ? "on globally now" : "not on now";
        String startup = atStartup == null ? "startup parameters could not be read"
                + (server.isLinux() ? " (on Linux they are in mssql.conf)" : "")
                : atStartup ? "set at startup (-T" + flag + ")" : "not set at startup";
        String evidence = now + "; " + startup;
        if (onNow && Boolean.TRUE.equals(atStartup)) {
            return finding(target, Status.PASS, evidence, null);
        }
        if (onNow && atStartup == null) {
            return finding(target, Status.PASS, evidence + "; confirm it is persisted", remediation(server, false));
        }
        String why = onNow ? "; it will be lost at the next restart"
                : Boolean.TRUE.equals(atStartup) ? "; it takes effect at the next restart" : "";
        return finding(target, Status.WARN, evidence + why, remediation(server, onNow));
    }

    /** True when {@code -T<flag>} is a startup parameter, null when the parameters are unknown. */
    private Boolean setAtStartup(SqlServerFacts server) {
        if (server.startupParameters() == null) {
            return null;
        }
        String wanted = "-T" + flag;
        return server.startupParameters().stream().anyMatch(p -> p.trim().equalsIgnoreCase(wanted));
    }

    private Remediation remediation(SqlServerFacts server, boolean alreadyOn) {
        if (server.isLinux()) {
            return Remediation.shell("sudo /opt/mssql/bin/mssql-conf traceflag " + flag + " on\n"
                    + "sudo systemctl restart mssql-server");
        }
        String turnOnNow = alreadyOn ? "" : "-- On now, until the next restart:\nDBCC TRACEON(" + flag + ", -1);\n";
        return Remediation.tsql(turnOnNow
                + "-- To keep it across restarts, add -T" + flag + " as a startup parameter: SQL Server "
                + "Configuration Manager > SQL Server service > Properties > Startup Parameters, then restart.");
    }
}
