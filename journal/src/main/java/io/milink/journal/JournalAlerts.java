package io.milink.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The link monitor's alerts in the journal (V4): each event, the conditions still open per monitored pair (its
 * {@code scope}), and each webhook delivery's outcome. Blocking.
 */
public final class JournalAlerts {

    /**
     * One event as journaled.
     *
     * @param scope the monitored SQL Server and instance pair, as the monitor names it
     * @param body  the CloudEvent as sent to webhooks
     */
    public record AlertEvent(String id, String scope, String dedupeKey, String type, String severity, boolean resolved,
                             String sqlServer, String managedInstance, String link, String database, String subject,
                             String message, Instant observedAt, Instant raisedAt, String body) {
        public AlertEvent {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(dedupeKey, "dedupeKey");
        }
    }

    /** What became of one delivery. {@code outcome} is DELIVERED, FAILED or DROPPED. */
    public record Delivery(String eventId, String url, String outcome, int attempts, Integer statusCode, String error,
                           Instant at) {
    }

    private final Journal journal;

    public JournalAlerts(Journal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Keeps the event and updates what is open, in one transaction: a raise opens (or replaces, when its severity
     * rose) its condition; a resolve closes it. Recording the same event twice is a no-op.
     */
    public void record(AlertEvent e) {
        journal.inTransaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM alert_events WHERE id = ?")) {
                exists.setString(1, e.id());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO alert_events (id, scope, dedupe_key, "
                    + "type, severity, resolved, sql_server, managed_instance, link_name, database_name, subject, "
                    + "message, observed_at, raised_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, e.id());
                insert.setString(2, e.scope());
                insert.setString(3, e.dedupeKey());
                insert.setString(4, e.type());
                insert.setString(5, e.severity());
                insert.setBoolean(6, e.resolved());
                insert.setString(7, e.sqlServer());
                insert.setString(8, e.managedInstance());
                insert.setString(9, e.link());
                insert.setString(10, e.database());
                insert.setString(11, e.subject());
                insert.setString(12, e.message());
                insert.setObject(13, OffsetDateTime.ofInstant(e.observedAt(), ZoneOffset.UTC));
                insert.setObject(14, OffsetDateTime.ofInstant(e.raisedAt(), ZoneOffset.UTC));
                insert.setString(15, e.body());
                insert.executeUpdate();
            }
            try (PreparedStatement close = c.prepareStatement(
                    "DELETE FROM alerts_open WHERE scope = ? AND dedupe_key = ?")) {
                close.setString(1, e.scope());
                close.setString(2, e.dedupeKey());
                close.executeUpdate();
            }
            if (!e.resolved()) {
                try (PreparedStatement open = c.prepareStatement(
                        "INSERT INTO alerts_open (scope, dedupe_key, event_id) VALUES (?, ?, ?)")) {
                    open.setString(1, e.scope());
                    open.setString(2, e.dedupeKey());
                    open.setString(3, e.id());
                    open.executeUpdate();
                }
            }
            return null;
        }, "cannot journal the alert " + e.type());
    }

    /** The raises still open for {@code scope}, oldest first. */
    public List<AlertEvent> open(String scope) {
        return events("SELECT e.* FROM alerts_open o JOIN alert_events e ON e.id = o.event_id WHERE o.scope = ? "
                + "ORDER BY e.observed_at, e.id", scope, "cannot read the open alerts");
    }

    /** Every event of {@code scope}, oldest first. */
    public List<AlertEvent> events(String scope) {
        return events("SELECT * FROM alert_events WHERE scope = ? ORDER BY observed_at, id", scope,
                "cannot read the alerts");
    }

    /** @param url the webhook's address without user info and query (never a secret) */
    public void recordDelivery(Delivery d) {
        journal.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO webhook_deliveries (event_id, url, "
                    + "outcome, attempts, status_code, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, d.eventId());
                insert.setString(2, d.url());
                insert.setString(3, d.outcome());
                insert.setInt(4, d.attempts());
                insert.setObject(5, d.statusCode());
                insert.setString(6, d.error() == null || d.error().length() <= 4000 ? d.error()
                        : d.error().substring(0, 4000));
                insert.setObject(7, OffsetDateTime.ofInstant(d.at(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        }, "cannot journal a webhook delivery");
    }

    /** The deliveries of one event, in order. */
    public List<Delivery> deliveries(String eventId) {
        return journal.inTransaction(c -> {
            List<Delivery> list = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT * FROM webhook_deliveries WHERE event_id = ? ORDER BY id")) {
                q.setString(1, eventId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        list.add(new Delivery(rs.getString("event_id"), rs.getString("url"), rs.getString("outcome"),
                                rs.getInt("attempts"), (Integer) rs.getObject("status_code", Integer.class),
                                rs.getString("error"), rs.getObject("at", OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return list;
        }, "cannot read the webhook deliveries");
    }

    private List<AlertEvent> events(String sql, String scope, String what) {
        return journal.inTransaction(c -> {
            List<AlertEvent> list = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, scope);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        list.add(new AlertEvent(rs.getString("id"), rs.getString("scope"), rs.getString("dedupe_key"),
                                rs.getString("type"), rs.getString("severity"), rs.getBoolean("resolved"),
                                rs.getString("sql_server"), rs.getString("managed_instance"), rs.getString("link_name"),
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
