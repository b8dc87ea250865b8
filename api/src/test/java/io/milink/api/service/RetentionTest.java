package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.journal.AuditLog;
import io.milink.journal.Journal;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.preflight.report.Report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retention-days}: finished operations older than the limit go with their events and reports; unfinished
 * ones, newer ones and the audit log stay; 0 keeps everything; a restarted service purges at start.
 */
class RetentionTest {

    @TempDir
    Path dir;

    /** An operation that succeeded with a report, its finish moved {@code daysAgo} into the past. */
    private static String finishedDaysAgo(OperationJournal operations, Path dir, int daysAgo) throws Exception {
        Operation op = operations.create("preflight", "token:1", "{}");
        operations.start(op.id());
        operations.succeedWithReport(op.id(), Report.of(Instant.now(), "SQL1", List.of()), "{}");
        backdate(dir, op.id(), daysAgo);
        return op.id();
    }

    private static void backdate(Path dir, String id, int daysAgo) throws Exception {
        try (Connection c = ServiceHarness.openJournal(dir);
             PreparedStatement update = c.prepareStatement("UPDATE operations SET finished_at = ?, created_at = ? "
                     + "WHERE id = ?")) {
            OffsetDateTime then = OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo);
            update.setObject(1, then);
            update.setObject(2, then);
            update.setString(3, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static int count(Path dir, String sql, String id) throws Exception {
        try (Connection c = ServiceHarness.openJournal(dir); PreparedStatement select = c.prepareStatement(sql)) {
            if (id != null) {
                select.setString(1, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void finishedOperationsPastTheLimitGoWithTheirEventsAndReportsAndNothingElse() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            OperationJournal operations = new OperationJournal(journal);
            String old = finishedDaysAgo(operations, dir, 40);
            String recent = finishedDaysAgo(operations, dir, 5);
            Operation stillRunning = operations.create("preflight", "token:1", "{}");
            operations.start(stillRunning.id());
            backdate(dir, stillRunning.id(), 90); // Only finished_at counts, and a running one has none of its own.
            new AuditLog(journal).record("token:1", "POST", "/v1/preflight", 202);

            int purged = new Retention(operations, 30, Clock.systemUTC()).purge();

            assertThat(purged).isEqualTo(1);
            assertThat(operations.find(old)).isEmpty();
            assertThat(count(dir, "SELECT COUNT(*) FROM operation_events WHERE operation_id = ?", old)).isZero();
            assertThat(count(dir, "SELECT COUNT(*) FROM preflight_reports WHERE operation_id = ?", old)).isZero();
            assertThat(operations.find(recent)).isPresent();
            assertThat(operations.reportJson(recent)).isPresent();
            assertThat(operations.find(stillRunning.id())).isPresent();
            assertThat(count(dir, "SELECT COUNT(*) FROM audit", null)).as("the audit log is kept").isEqualTo(1);
        }
    }

    @Test
    void theStatusesOfLinksRemovedPastTheLimitAreForgottenAndNoOthers() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            io.milink.journal.LinkStatuses statuses = new io.milink.journal.LinkStatuses(journal);
            io.milink.journal.LinkStatuses.Read read = io.milink.journal.LinkStatuses.Read.error("unreachable", null);
            for (String link : List.of("long-gone", "just-gone", "still-here")) {
                statuses.record(link, read, java.time.Instant.now(), "replica");
            }
            statuses.markRemoved("long-gone", java.time.Instant.now(), "replica");
            statuses.markRemoved("just-gone", java.time.Instant.now(), "replica");
            try (Connection c = ServiceHarness.openJournal(dir); PreparedStatement back = c.prepareStatement(
                    "UPDATE link_status SET changed_at = DATEADD('DAY', -40, changed_at) WHERE link_name = ?")) {
                back.setString(1, "long-gone");
                back.executeUpdate();
            }

            new Retention(new OperationJournal(journal), statuses, 30, Clock.systemUTC()).purge();

            assertThat(statuses.all()).extracting(io.milink.journal.LinkStatuses.Entry::link)
                    .containsExactly("just-gone", "still-here");
        }
    }

    @Test
    void zeroDaysKeepsEverything() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            OperationJournal operations = new OperationJournal(journal);
            String ancient = finishedDaysAgo(operations, dir, 3650);
            assertThat(new Retention(operations, 0, Clock.systemUTC()).purge()).isZero();
            assertThat(operations.find(ancient)).isPresent();
        }
    }

    @Test
    void theLimitIsCountedFromTheClock() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            OperationJournal operations = new OperationJournal(journal);
            String tenDaysOld = finishedDaysAgo(operations, dir, 10);
            Clock inThreeWeeks = Clock.offset(Clock.systemUTC(), java.time.Duration.of(21, ChronoUnit.DAYS));
            assertThat(new Retention(operations, 30, Clock.systemUTC()).purge()).isZero();
            assertThat(new Retention(operations, 30, inThreeWeeks).purge()).isEqualTo(1);
            assertThat(operations.find(tenDaysOld)).isEmpty();
        }
    }

    @Test
    void aStartingServicePurgesWhatIsPastItsRetention() throws Exception {
        String old;
        try (Journal journal = Journal.open(dir)) {
            old = finishedDaysAgo(new OperationJournal(journal), dir, 8);
        }
        try (MilinkService kept = MilinkService.start(new ServiceConfig(dir, "127.0.0.1", 0, false))) {
            assertThat(count(dir, "SELECT COUNT(*) FROM operations WHERE id = ?", old)).as("30 days by default")
                    .isEqualTo(1);
        }
        try (MilinkService purging = MilinkService.start(new ServiceConfig(dir, "127.0.0.1", 0, false)
                .withRetentionDays(7))) {
            assertThat(count(dir, "SELECT COUNT(*) FROM operations WHERE id = ?", old)).isZero();
        }
    }
}
