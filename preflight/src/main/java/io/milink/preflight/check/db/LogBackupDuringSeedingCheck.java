package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code db.logBackupDuringSeeding}: a log backup taken while the managed instance is seeding can truncate log the
 * seeding still needs and break the link (errors 1408/1412; mi-link-workflow.md §7.4). When log backups were
 * taken in the week before the inventory, a job probably takes them on a schedule.
 */
public final class LogBackupDuringSeedingCheck extends DatabaseCheck {

    private static final Duration RECENT = Duration.ofDays(7);
    public LogBackupDuringSeedingCheck() {
        super("db.logBackupDuringSeeding", "No log backups during seeding");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        Instant last = database.lastLogBackup();
        if (last == null || last.isBefore(facts.collectedAt().minus(RECENT))) {
            return finding(database.name(), Status.PASS, last == null ? "no log backups recorded"
                    : "no log backup in the last 7 days (last " + last + ")", null);
        }
        return finding(database.name(), Status.WARN, "log backups are being taken (last " + last + "): one during "
                + "seeding can break the link (errors 1408/1412)", Remediation.manual(
                "Pause the log backup job while the managed instance seeds, or, on builds that support it, enable "
                        + "trace flag 12381 before creating the link and disable it once seeding completes."));
    }
}
