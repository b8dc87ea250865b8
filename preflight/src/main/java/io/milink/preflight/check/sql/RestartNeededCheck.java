package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code sql.restartNeeded}: one finding listing every fix that needs a SQL Server service restart, so a DBA
 * schedules one maintenance window instead of several (mi-link-workflow.md §1.6: restart after changing the
 * build, HADR or startup flags).
 */
public final class RestartNeededCheck extends InstanceCheck {

    public static final String ID = "sql.restartNeeded";
    private final VersionCheck version;
    private final List<TraceFlagCheck> traceFlags;

    public RestartNeededCheck(VersionCheck version, List<TraceFlagCheck> traceFlags) {
        super(ID, "Fixes that need a service restart");
        this.version = version;
        this.traceFlags = List.copyOf(traceFlags);
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        List<String> reasons = new ArrayList<>();
        if (!server.issuerProcedurePresent() || failed(version.evaluate(target, server))) {
            reasons.add("installing the required update (sql.version, sql.issuerProcedure)");
        }
        if (!server.hadrEnabled()) {
            reasons.add("enabling Always On (sql.hadr)");
        }
        for (TraceFlagCheck check : traceFlags) {
            boolean atStartup = server.startupParameters() != null && server.startupParameters().stream()
                    .anyMatch(p -> p.trim().equalsIgnoreCase("-T" + check.flag()));
            if (server.startupParameters() != null && !atStartup) {
                reasons.add("adding startup trace flag -T" + check.flag() + " (" + check.id() + ")");
            }
        }
        if (reasons.isEmpty()) {
            return finding(target, Status.PASS, "no fix found here needs a restart", null);
        }
        return finding(target, Status.WARN, Plural.count(reasons.size(), "fix", "fixes")
                + (reasons.size() == 1 ? " needs" : " need") + " a restart: "
                + String.join("; ", reasons), Remediation.manual("Apply them together, then restart the SQL "
                + "Server service once and run milink preflight again."));
    }

    private static boolean failed(Finding finding) {
        return finding.status().blocksReadiness();
    }
}
