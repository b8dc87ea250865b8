package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.milink.core.Tsql;

/**
 * Reads, on the managed instance's own SQL endpoint, when its last full backup of a database finished: the probe
 * mi-link-workflow.md §5.5 gives for the documented guard ({@code msdb.dbo.backupset}, {@code type = 'D'}).
 * Copy-only backups are left out: a user's COPY_ONLY backup is not the instance's automatic backup chain, which is
 * what the known issue is about (milink's reading; the page does not say).
 */
public final class InstanceBackupProbe {

    private InstanceBackupProbe() {
    }

    /** The T-SQL the probe runs; also what milink prints for someone who confirms the backup by hand. */
    public static String query(String database) {
        return "SELECT MAX(backup_finish_date) AS last_full_backup_finished, GETDATE() AS now_local, "
                + "GETUTCDATE() AS now_utc FROM msdb.dbo.backupset WHERE database_name = " + Tsql.literal(database)
                + " AND type = 'D' AND is_copy_only = 0;";
    }

    /**
     * When the instance's last full backup of {@code database} finished, as UTC; empty when it has none.
     * msdb keeps local server time (an instance may have a time zone of its own), so the instance's own offset,
     * read in the same query, turns it into UTC.
     */
    public static Optional<Instant> lastFullBackupFinished(Connection instance, String database)
            throws SQLException {
        try (Statement s = instance.createStatement(); ResultSet rs = s.executeQuery(query(database))) {
            if (!rs.next()) {
                return Optional.empty();
            }
            LocalDateTime finished = rs.getObject(1, LocalDateTime.class);
            LocalDateTime local = rs.getObject(2, LocalDateTime.class);
            LocalDateTime utc = rs.getObject(3, LocalDateTime.class);
            if (finished == null) {
                return Optional.empty();
            }
            // Time zones are whole quarter hours; rounding drops the milliseconds between the two reads.
            long offsetMinutes = Math.round(Duration.between(utc, local).toSeconds() / 900.0) * 15;
            return Optional.of(finished.minusMinutes(offsetMinutes).toInstant(ZoneOffset.UTC));
        }
    }
}
