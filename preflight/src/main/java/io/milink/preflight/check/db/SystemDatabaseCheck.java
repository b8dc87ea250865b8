package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.systemDatabase}: master, model, msdb and tempdb are not replicated by a link (mi-link-workflow.md §1.7). */
public final class SystemDatabaseCheck extends DatabaseCheck {

    public SystemDatabaseCheck() {
        super("db.systemDatabase", "User database, not a system database");
    }

    @Override
    protected boolean reportsSystemDatabases() {
        return true;
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (database.isSystemDatabase()) {
            return finding(database.name(), Status.FAIL, database.name() + " is a system database (database_id "
                    + database.databaseId() + ")", Remediation.manual("Link user databases only; script logins, "
                    + "SQL Agent jobs and other server objects to the managed instance separately."));
        }
        return finding(database.name(), Status.PASS, "user database", null);
    }
}
