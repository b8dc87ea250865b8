package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.logFiles}: a managed instance database has one log file, so the source must too (mi-link-workflow.md §1.7). */
public final class LogFilesCheck extends DatabaseCheck {

    public LogFilesCheck() {
        super("db.logFiles", "Exactly one log file");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (database.logFiles() == 1) {
            return finding(database.name(), Status.PASS, "1 log file", null);
        }
        return finding(database.name(), Status.FAIL, database.logFiles() + " log files", Remediation.manual(
                "Empty and remove the extra log files (DBCC SHRINKFILE (<file>, EMPTYFILE) after a log backup, then "
                        + "ALTER DATABASE ... REMOVE FILE <file>) until one remains."));
    }
}
