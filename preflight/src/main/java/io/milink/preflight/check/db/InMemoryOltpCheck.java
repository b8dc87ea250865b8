package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/**
 * {@code db.inMemoryOltp}: In-Memory OLTP replicates only to a Business Critical managed instance, and not with more
 * than one container (mi-link-workflow.md §1.7).
 */
public final class InMemoryOltpCheck extends DatabaseCheck {

    public InMemoryOltpCheck() {
        super("db.inMemoryOltp", "In-Memory OLTP");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        int containers = database.memoryOptimizedContainers();
        if (containers == 0) {
            return finding(database.name(), Status.PASS, "no memory-optimized filegroup", null);
        }
        if (containers > 1) {
            return finding(database.name(), Status.FAIL, containers + " In-Memory OLTP containers; at most one can "
                    + "be replicated", Remediation.manual("Consolidate to a single memory-optimized container."));
        }
        return finding(database.name(), Status.WARN, "uses In-Memory OLTP: the managed instance must be Business "
                + "Critical", Remediation.manual("Link to a Business Critical managed instance."));
    }
}
