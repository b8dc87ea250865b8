package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code mi.inMemoryOltpTier}, per database: a database with In-Memory OLTP replicates only to a Business Critical
 * managed instance (mi-link-workflow.md §1.4, §1.7; ARM's ManagedInstanceLinkSourceDbHasHekatonFile). The
 * SQL-Server-side half, {@code db.inMemoryOltp}, cannot know the tier and only warns.
 */
public final class InMemoryOltpTierCheck extends ManagedInstanceCheck {

    public InMemoryOltpTierCheck() {
        super("mi.inMemoryOltpTier", "Service tier takes the database's In-Memory OLTP");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.requestedDatabases().isEmpty() || facts.sqlServer() == null) {
            return List.of(finding(facts, Status.SKIP, facts.sqlServer() == null ? "not evaluated: SQL Server "
                    + "could not be read" : "no database was named; pass --database NAME", null));
        }
        boolean businessCritical = "BusinessCritical".equalsIgnoreCase(mi.tier());
        List<Finding> findings = new ArrayList<>();
        for (String name : facts.requestedDatabases()) {
            Optional<DatabaseFacts> database = facts.sqlServer().database(name);
            if (database.isEmpty()) {
                findings.add(finding(name, Status.SKIP, "not on SQL Server (see db.exists)", null));
            } else if (database.get().memoryOptimizedContainers() == 0) {
                findings.add(finding(name, Status.PASS, "no In-Memory OLTP: any tier will do", null));
            } else if (businessCritical) {
                findings.add(finding(name, Status.PASS, "uses In-Memory OLTP and the instance is Business Critical",
                        null));
            } else {
                findings.add(finding(name, Status.FAIL, "uses In-Memory OLTP, but the instance is "
                        + (mi.tier() == null ? "of an unknown tier" : mi.tier())
                        + "; only Business Critical takes it", Remediation.manual("Link to a Business Critical "
                        + "instance, or change this one's tier: az sql mi update --ids "
                        + ShellQuote.bash(mi.resourceId())
                        + " --edition BusinessCritical")));
            }
        }
        return findings;
    }
}
