package io.milink.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What happened to the service's links, read back from the journal in the order it was written: the events of
 * operations on links (V1 {@code operation_events} with V5's {@code link_name}) and the alerts the service's link
 * monitor raised and resolved (V4 {@code alert_events}). Whatever process wrote them, so a stream served by one service
 * process sees what another wrote to the same journal. Blocking.
 */
public final class LinkFeed {

    /**
     * One journaled operation event. {@code link} is null for an operation on no link (a preflight): it is returned
     * all the same, so a reader moving a cursor over the ids sees every id and can tell a gap from a filtered row.
     *
     * @param state the operation's state when read (not when the event was written)
     */
    public record OperationEntry(long id, String operationId, String kind, OperationState state, String link,
                                 Instant at, String message) {
    }

    /** Where a reader of alerts stands: the last alert it read, ordered by (observedAt, id). */
    public record AlertCursor(Instant observedAt, String id) {
        public static final AlertCursor START = new AlertCursor(Instant.EPOCH, "");

        public AlertCursor {
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(id, "id");
        }
    }

    private final Journal journal;

    public LinkFeed(Journal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** The newest operation event's id; 0 when there is none. */
    public long lastOperationEventId() {
        return journal.inTransaction(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COALESCE(MAX(id), 0) FROM operation_events")) {
                rs.next();
                return rs.getLong(1);
            }
        }, "cannot read the last operation event");
    }

    /** Up to {@code limit} operation events after {@code afterId}, in id order, of every operation. */
    public List<OperationEntry> operationEventsAfter(long afterId, int limit) {
        return journal.inTransaction(c -> {
            List<OperationEntry> list = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT e.id, e.operation_id, e.at, e.message, o.kind, "
                    + "o.state, o.link_name FROM operation_events e JOIN operations o ON o.id = e.operation_id "
                    + "WHERE e.id > ? ORDER BY e.id FETCH FIRST ? ROWS ONLY")) {
                q.setLong(1, afterId);
                q.setInt(2, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        list.add(new OperationEntry(rs.getLong("id"), rs.getString("operation_id"),
                                rs.getString("kind"), OperationState.valueOf(rs.getString("state")),
                                rs.getString("link_name"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                                rs.getString("message")));
                    }
                }
            }
            return list;
        }, "cannot read the operation events");
    }

    /** Where a reader that wants only what comes next starts: after the newest alert. */
    public AlertCursor lastAlert() {
        return journal.inTransaction(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT observed_at, id FROM alert_events ORDER BY observed_at DESC, id DESC FETCH FIRST 1 ROWS "
                            + "ONLY")) {
                return rs.next() ? new AlertCursor(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2))
                        : AlertCursor.START;
            }
        }, "cannot read the last alert");
    }

    /** The raises still open (not resolved) of scopes starting with {@code scopePrefix}, oldest first. */
    public List<JournalAlerts.AlertEvent> openAlerts(String scopePrefix, int limit) {
        return alerts("SELECT e.* FROM alerts_open o JOIN alert_events e ON e.id = o.event_id WHERE o.scope LIKE ? "
                + "ESCAPE '\\' ORDER BY e.observed_at, e.id FETCH FIRST ? ROWS ONLY", scopePrefix, null, limit,
                "cannot read the open alerts");
    }

    /** Up to {@code limit} alert events of scopes starting with {@code scopePrefix} after {@code cursor}. */
    public List<JournalAlerts.AlertEvent> alertsAfter(String scopePrefix, AlertCursor cursor, int limit) {
        return alerts("SELECT * FROM alert_events WHERE scope LIKE ? ESCAPE '\\' AND (observed_at > ? OR "
                + "(observed_at = ? AND id > ?)) ORDER BY observed_at, id FETCH FIRST ? ROWS ONLY", scopePrefix, cursor,
                limit, "cannot read the alerts");
    }

    /** @param cursor null for a query without one (its parameters are then the prefix and the limit) */
    private List<JournalAlerts.AlertEvent> alerts(String sql, String scopePrefix, AlertCursor cursor, int limit,
                                                 String what) {
        return journal.inTransaction(c -> {
            List<JournalAlerts.AlertEvent> list = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int p = 1;
                // The prefix is matched literally: its own LIKE wildcards are escaped.
                q.setString(p++, scopePrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                if (cursor != null) {
                    OffsetDateTime at = OffsetDateTime.ofInstant(cursor.observedAt(), ZoneOffset.UTC);
                    q.setObject(p++, at);
                    q.setObject(p++, at);
                    q.setString(p++, cursor.id());
                }
                q.setInt(p, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        list.add(new JournalAlerts.AlertEvent(rs.getString("id"), rs.getString("scope"),
                                rs.getString("dedupe_key"), rs.getString("type"), rs.getString("severity"),
                                rs.getBoolean("resolved"), rs.getString("sql_server"),
                                rs.getString("managed_instance"), rs.getString("link_name"),
                                rs.getString("database_name"), rs.getString("subject"), rs.getString("message"),
                                rs.getObject("observed_at", OffsetDateTime.class).toInstant(),
                                rs.getObject("raised_at", OffsetDateTime.class).toInstant(), rs.getString("body")));
                    }
                }
            }
            return list;
        }, what);
    }
}
