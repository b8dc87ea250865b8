package io.milink.journal;

import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.Verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Operations, their events and their preflight reports. Every state change is a conditional update ("... WHERE
 * state = 'Running'"), so a cancel racing a finishing worker has exactly one winner and a final state never
 * changes. Blocking: call from worker threads only.
 */
public final class OperationJournal {

    /** The reason given to work that a previous process left unfinished. */
    public static final String INTERRUPTED_REASON = "milink stopped while this operation was running";

    private static final String COLUMNS = "id, kind, state, created_at, started_at, finished_at, requested_by, "
            + "request, result, error";

    private final Journal journal;
    /** The service process that writes here ({@link #create} records it); null for the CLI. */
    private final String replica;

    public OperationJournal(Journal journal) {
        this(journal, null);
    }

    /** @param replica the name of the service process accepting operations through this journal */
    public OperationJournal(Journal journal, String replica) {
        this.journal = journal;
        this.replica = replica;
    }

    /**
     * Another unfinished operation works on the link: the database refused a second (the unique {@code busy_link}),
     * which holds across service replicas where a check in one process does not.
     */
    public static final class LinkBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkBusyException(String linkName, Throwable cause) {
            super("another operation works on link " + linkName, cause);
        }
    }

    /** A new Queued operation with its first event, "queued". */
    public Operation create(String kind, String requestedBy, String request) {
        return create(kind, requestedBy, request, null);
    }

    /** A new Queued operation whose first event names the HTTP request that asked for it. */
    public Operation create(String kind, String requestedBy, String request, String requestId) {
        return create(kind, requestedBy, request, requestId, null, (c, id) -> { });
    }

    /** More rows written in the transaction that creates an operation, so they exist exactly when it does. */
    @FunctionalInterface
    public interface AlsoWrite {
        void write(Connection c, String operationId) throws SQLException;
    }

    /**
     * A new Queued operation on a link of the service ({@link #unfinishedOnLink} finds it), written in one
     * transaction with {@code also} (the link's registration, an idempotency key).
     *
     * @param linkName the link it works on; null for work on no link (a preflight)
     */
    public Operation create(String kind, String requestedBy, String request, String requestId, String linkName,
                            AlsoWrite also) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        return inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO operations (id, kind, state, created_at, "
                    + "requested_by, request, link_name, busy_link, replica) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, kind);
                insert.setString(3, OperationState.Queued.name());
                insert.setObject(4, now);
                insert.setString(5, requestedBy);
                insert.setString(6, request);
                insert.setString(7, linkName);
                insert.setString(8, linkName);
                insert.setString(9, replica);
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (linkName != null && "23505".equals(e.getSQLState()) && e.getMessage() != null
                            && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("operations_busy_link")) {
                        throw new LinkBusyException(linkName, e);
                    }
                    throw e;
                }
            }
            also.write(c, id);
            insertEvent(c, id, requestId == null ? "queued" : "queued (request " + requestId + ")");
            return new Operation(id, kind, OperationState.Queued, now.toInstant(), null, null, requestedBy, request,
                    null, null);
        });
    }

    /** The Queued or Running operation on the service's link {@code linkName}, if there is one. */
    public Optional<Operation> unfinishedOnLink(String linkName) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM operations WHERE link_name = ? "
                     + "AND state IN ('Queued', 'Running') ORDER BY created_at")) {
            select.setString(1, linkName);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(operation(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the operations of link " + linkName, e);
        }
    }

    /** Every Queued or Running operation of one of {@code kinds}, oldest first: what a restart resumes. */
    public List<Operation> unfinished(java.util.Collection<String> kinds) {
        List<Operation> found = new ArrayList<>();
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM operations WHERE state IN "
                     + "('Queued', 'Running') ORDER BY created_at");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Operation op = operation(rs);
                if (kinds.contains(op.kind())) {
                    found.add(op);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new JournalException("cannot list unfinished operations", e);
        }
    }

    /** Running → Succeeded with a one-line result (for a link operation, the link's path); false when it had ended. */
    public boolean succeed(String id, String result, String eventMessage) {
        return inTransaction(c -> {
            boolean changed = update(c, "UPDATE operations SET state = 'Succeeded', finished_at = ?, result = ?, "
                    + "busy_link = NULL WHERE id = ? AND state = 'Running'", now(), result, id) == 1;
            if (changed) {
                insertEvent(c, id, eventMessage);
            }
            return changed;
        });
    }

    /**
     * Queued → Running for an operation a restart resumes; a Running one stays Running. Either way the event says
     * so. False when it has ended meanwhile.
     */
    public boolean resume(String id, String message) {
        return inTransaction(c -> {
            update(c, "UPDATE operations SET state = 'Running', started_at = ? WHERE id = ? AND state = 'Queued'",
                    now(), id);
            boolean running = update(c, "UPDATE operations SET state = 'Running' WHERE id = ? AND state = 'Running'",
                    id) == 1;
            if (running) {
                insertEvent(c, id, message);
            }
            return running;
        });
    }

    public Optional<Operation> find(String id) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM operations WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(operation(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read operation " + id, e);
        }
    }

    /** Queued → Running; false when it is no longer Queued (canceled before a worker picked it up). */
    public boolean start(String id) {
        return inTransaction(c -> {
            boolean started = update(c, "UPDATE operations SET state = 'Running', started_at = ? WHERE id = ? "
                    + "AND state = 'Queued'", now(), id) == 1;
            if (started) {
                insertEvent(c, id, "running");
            }
            return started;
        });
    }

    /** Adds a progress event; ignored once the operation is final, so a late worker cannot add noise. */
    public void addEvent(String id, String message) {
        inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO operation_events (operation_id, at, "
                    + "message) SELECT id, ?, ? FROM operations WHERE id = ? AND state IN ('Queued', 'Running')")) {
                insert.setObject(1, now());
                insert.setString(2, message);
                insert.setString(3, id);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** Running → Succeeded with the report stored; false (nothing stored) when it was canceled meanwhile. */
    public boolean succeedWithReport(String id, Report report, String reportJson) {
        String verdict = report.verdict().label();
        return inTransaction(c -> {
            if (update(c, "UPDATE operations SET state = 'Succeeded', finished_at = ?, result = ?, busy_link = NULL "
                    + "WHERE id = ? AND state = 'Running'", now(), verdict, id) != 1) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO preflight_reports (operation_id, target, "
                    + "ready, generated_at, report_json) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, report.target());
                insert.setBoolean(3, report.ready());
                insert.setObject(4, report.generatedAt().atOffset(ZoneOffset.UTC));
                insert.setString(5, reportJson);
                insert.executeUpdate();
            }
            insertEvent(c, id, "succeeded: " + verdict);
            return true;
        });
    }

    /** Queued or Running → Failed with the reason; false when it had already ended. */
    public boolean fail(String id, String reason) {
        return finish(id, OperationState.Failed, reason, "failed: " + reason);
    }

    /** Queued or Running → Canceled; false when it had already ended. */
    public boolean cancel(String id, String canceledBy) {
        return cancel(id, canceledBy, null);
    }

    /** Queued or Running → Canceled, the event naming the HTTP request that canceled it. */
    public boolean cancel(String id, String canceledBy, String requestId) {
        String reason = "canceled by " + canceledBy;
        return finish(id, OperationState.Canceled, reason,
                requestId == null ? reason : reason + " (request " + requestId + ")");
    }

    /** How many operations are in each state, for the metrics. */
    public java.util.Map<OperationState, Long> countByState() {
        java.util.Map<OperationState, Long> counts = new java.util.EnumMap<>(OperationState.class);
        for (OperationState state : OperationState.values()) {
            counts.put(state, 0L);
        }
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT state, COUNT(*) FROM operations GROUP BY state");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                counts.put(OperationState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new JournalException("cannot count operations", e);
        }
    }

    /**
     * Deletes every operation that finished before {@code cutoff}, with its events and report, in one transaction.
     * Unfinished operations stay whatever their age; the audit log is never purged here (docs/operations.md).
     *
     * @return how many operations were deleted
     */
    public int purgeFinishedBefore(Instant cutoff) {
        OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
        String finished = "SELECT id FROM operations WHERE finished_at < ? AND state IN ('Succeeded', 'Failed', "
                + "'Canceled')";
        return inTransaction(c -> {
            update(c, "DELETE FROM operation_events WHERE operation_id IN (" + finished + ")", before);
            update(c, "DELETE FROM idempotency_keys WHERE operation_id IN (" + finished + ")", before);
            update(c, "DELETE FROM preflight_reports WHERE operation_id IN (" + finished + ")", before);
            return update(c, "DELETE FROM operations WHERE id IN (" + finished + ")", before);
        });
    }

    /**
     * Marks every Queued or Running operation Failed with {@link #INTERRUPTED_REASON}: run at start (work a crashed
     * process left behind) and at shutdown (work this process will not finish), so none is silently lost.
     *
     * @return how many were marked
     */
    public int failUnfinished() {
        return failUnfinishedExcept(java.util.Set.of());
    }

    /**
     * As {@link #failUnfinished}, but leaves operations of {@code resumable} kinds as they are: a restart resumes
     * them from their own journal (the link engine's runs) instead.
     *
     * @return how many were marked
     */
    public int failUnfinishedExcept(java.util.Collection<String> resumable) {
        return failUnfinishedExcept(resumable, owner -> true);
    }

    /**
     * As {@link #failUnfinishedExcept(java.util.Collection)}, for the operations whose replica (the service process
     * that accepted them; null for one written before replicas were recorded) {@code gone} says has stopped: a
     * replica fails its own at its stop, and those of replicas no longer connected, never a live replica's work.
     *
     * @return how many were marked
     */
    public int failUnfinishedExcept(java.util.Collection<String> resumable,
                                    java.util.function.Predicate<String> gone) {
        List<String> ids = new ArrayList<>();
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT id, kind, replica FROM operations WHERE state IN ('Queued', 'Running')");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (!resumable.contains(rs.getString(2)) && gone.test(rs.getString(3))) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new JournalException("cannot list unfinished operations", e);
        }
        int marked = 0;
        for (String id : ids) {
            marked += fail(id, INTERRUPTED_REASON) ? 1 : 0;
        }
        return marked;
    }

    /** The operation's events with an id above {@code afterId}, oldest first. */
    public List<OperationEvent> eventsAfter(String operationId, long afterId) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT id, operation_id, at, message FROM "
                     + "operation_events WHERE operation_id = ? AND id > ? ORDER BY id")) {
            select.setString(1, operationId);
            select.setLong(2, afterId);
            try (ResultSet rs = select.executeQuery()) {
                List<OperationEvent> events = new ArrayList<>();
                while (rs.next()) {
                    events.add(new OperationEvent(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4)));
                }
                return events;
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the events of operation " + operationId, e);
        }
    }

    /** The report JSON of a succeeded preflight operation. */
    public Optional<String> reportJson(String operationId) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT report_json FROM preflight_reports WHERE operation_id = ?")) {
            select.setString(1, operationId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the report of operation " + operationId, e);
        }
    }

    /**
     * Stored reports, newest first, for one target (exact match) or for all when {@code target} is null. A report
     * stored before reports had a verdict (schema version 1, whose ready only meant that nothing failed) is read
     * again, so it is listed with the verdict its findings give, not as the ready it was stored as.
     */
    public List<ReportSummary> history(String target, int limit) {
        String sql = "SELECT r.operation_id, r.target, r.ready, r.generated_at, o.result, "
                // milink writes schemaVersion first, indented: its first line tells the version.
                + "CASE WHEN SUBSTRING(r.report_json, 1, 64) LIKE ? THEN r.report_json END "
                + "FROM preflight_reports r JOIN operations o ON o.id = r.operation_id"
                + (target == null ? "" : " WHERE r.target = ?") + " ORDER BY r.generated_at DESC LIMIT ?";
        try (Connection c = journal.connection(); PreparedStatement select = c.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, "%\"schemaVersion\" : 1,%");
            if (target != null) {
                select.setString(i++, target);
            }
            select.setInt(i, limit);
            try (ResultSet rs = select.executeQuery()) {
                List<ReportSummary> rows = new ArrayList<>();
                while (rs.next()) {
                    String version1 = rs.getString(6);
                    if (version1 != null) {
                        Report report = ReportJson.read(version1);
                        rows.add(new ReportSummary(rs.getString(1), rs.getString(2), report.verdict(),
                                report.ready(), instant(rs, 4)));
                    } else {
                        rows.add(new ReportSummary(rs.getString(1), rs.getString(2), verdict(rs.getString(5)),
                                rs.getBoolean(3), instant(rs, 4)));
                    }
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the preflight history", e);
        }
    }

    /** The verdict a succeeded operation's result names ({@link #succeedWithReport} wrote its label). */
    private static Verdict verdict(String result) {
        for (Verdict verdict : Verdict.values()) {
            if (verdict.label().equals(result)) {
                return verdict;
            }
        }
        throw new JournalException("a stored report's operation has the result '" + result + "', not a verdict",
                null);
    }

    private boolean finish(String id, OperationState state, String reason, String eventMessage) {
        return inTransaction(c -> {
            boolean changed = update(c, "UPDATE operations SET state = ?, finished_at = ?, error = ?, busy_link = NULL "
                    + "WHERE id = ? AND state IN ('Queued', 'Running')", state.name(), now(), truncate(reason), id) == 1;
            if (changed) {
                insertEvent(c, id, eventMessage);
            }
            return changed;
        });
    }

    private static void insertEvent(Connection c, String id, String message) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO operation_events (operation_id, at, message) VALUES (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setObject(2, now());
            insert.setString(3, truncate(message));
            insert.executeUpdate();
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        }
    }

    private <T> T inTransaction(Journal.Work<T> work) {
        return journal.inTransaction(work, "journal update failed");
    }

    private static Operation operation(ResultSet rs) throws SQLException {
        return new Operation(rs.getString(1), rs.getString(2), OperationState.valueOf(rs.getString(3)),
                instant(rs, 4), instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
