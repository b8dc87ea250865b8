package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.link.LinkSettings;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.VirtualClock;

/**
 * The server's clock is its link world's: GETDATE() and the backup history move with simulated time, so they compare
 * with the replication views' dates (which are simulated) as on a real server.
 */
class ServerClockTest {

    private static SqlServerInstance onClock(VirtualClock clock) throws Exception {
        try (InputStream in = TwinFixture.class.getResourceAsStream("sql2019.yaml")) {
            return SqlServerInstance.fromScenario(in, "sql2019.yaml", LinkWorld.create(clock, LinkSettings.DEFAULTS));
        }
    }

    private static Instant utc(Object value) {
        LocalDateTime local = value instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value;
        return local.toInstant(ZoneOffset.UTC);
    }

    @Test
    void getDateAndSysUtcDateTimeFollowTheWorldsClock() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (SqlServerInstance instance = onClock(clock)) {
            EngineSession session = TwinFixture.sa(instance);
            Instant before = utc(TwinFixture.run(session, "SELECT SYSUTCDATETIME()").scalar());
            clock.advance(Duration.ofDays(3));
            Instant after = utc(TwinFixture.run(session, "SELECT GETDATE()").scalar());
            // GETDATE() is a datetime, rounded to 1/300 s, where SYSUTCDATETIME() is exact: allow that rounding.
            assertThat(Duration.between(before, after)).isBetween(Duration.ofDays(3).minusMillis(4),
                    Duration.ofDays(3).plusMinutes(1));
        }
    }

    @Test
    void aLogBackupIsDatedOnTheWorldsClock() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (SqlServerInstance instance = onClock(clock)) {
            EngineSession session = TwinFixture.sa(instance);
            TwinFixture.run(session, "ALTER DATABASE Staging SET RECOVERY FULL");
            TwinFixture.run(session, "BACKUP DATABASE Staging TO DISK = 'f.bak'");
            clock.advance(Duration.ofDays(2));
            assertThat(TwinFixture.run(session, "BACKUP LOG Staging TO DISK = 'l.trn'").errors()).isEmpty();
            Instant logBackup = utc(TwinFixture.run(session, "SELECT MAX(backup_finish_date) FROM msdb.dbo.backupset"
                    + " WHERE type = 'L' AND database_name = N'Staging'").scalar());
            assertThat(Duration.between(clock.now(), logBackup).abs()).isLessThan(Duration.ofMinutes(1));
        }
    }
}
