package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.filestream}: FILESTREAM and FileTable are not supported by the link (mi-link-workflow.md §1.7). */
public final class FilestreamCheck extends DatabaseCheck {

    public FilestreamCheck() {
        super("db.filestream", "No FILESTREAM or FileTable");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (database.filestreamFiles() == 0) {
            return finding(database.name(), Status.PASS, "no FILESTREAM containers", null);
        }
        return finding(database.name(), Status.FAIL,
                Plural.count(database.filestreamFiles(), "FILESTREAM container"),
                Remediation.manual("Move FILESTREAM data into regular varbinary(max) columns (or to blob storage) "
                        + "and remove the FILESTREAM filegroup before linking."));
    }
}
