package io.milink.preflight.check.db;

import io.milink.core.Tsql;
import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/**
 * {@code db.fullBackup}: at least one full backup that is not COPY_ONLY: a copy-only backup does not start a
 * backup chain, and without a chain the link fails (error 1475; mi-link-workflow.md §1.7).
 */
public final class FullBackupCheck extends DatabaseCheck {

    public FullBackupCheck() {
        super("db.fullBackup", "A full backup that starts a backup chain");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (database.lastFullBackup() != null) {
            return finding(database.name(), Status.PASS, "last full backup (not copy-only) finished "
                    + database.lastFullBackup(), null);
        }
        String evidence = database.lastCopyOnlyFullBackup() != null
                ? "only COPY_ONLY full backups (last " + database.lastCopyOnlyFullBackup() + "), which do not start "
                + "a backup chain"
                : "no full backup in msdb.dbo.backupset";
        return finding(database.name(), Status.FAIL, evidence, Remediation.tsql(
                "BACKUP DATABASE " + Tsql.quoteName(database.name()) + " TO DISK = N'<backup path>' WITH CHECKSUM;"));
    }
}
