package io.milink.preflight.check.mi;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * {@code mi.collation}: SQL Server and the managed instance should share a collation; a mismatch can change
 * server-name casing and break the connection from SQL Server to the managed instance (mi-link-workflow.md §1.6).
 */
public final class CollationCheck extends ManagedInstanceCheck {

    public CollationCheck() {
        super("mi.collation", "Managed instance collation matches SQL Server");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.sqlServer() == null) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: SQL Server could not be read (see "
                    + "sql.connect)", null));
        }
        String sql = facts.sqlServer().collation();
        if (sql != null && sql.equalsIgnoreCase(mi.collation())) {
            return List.of(finding(facts, Status.PASS, "both " + sql, null));
        }
        return List.of(finding(facts, Status.WARN, "SQL Server " + sql + ", managed instance " + mi.collation()
                + ": a mismatch can change server-name casing and break the connection", Remediation.manual(
                "Use a managed instance created with SQL Server's collation (it is fixed at creation).")));
    }
}
