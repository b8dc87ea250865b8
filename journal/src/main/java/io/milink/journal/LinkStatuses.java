package io.milink.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Each service link as its monitor last read it (V8 {@code link_status}), whichever replica read it: what every
 * replica's event streams send. A read that changes what a reader sees (the status without its time, the error, the
 * link's removal) raises the link's {@code version} and sets {@code changed_at} by the database's clock; every read
 * sets {@code observed_at}, {@code observed_by} and counts in {@code polls}. Blocking.
 */
public final class LinkStatuses {

    /** Errors are cut to the column's size: a driver's message can be long, and the start says what failed. */
    static final int ERROR_LENGTH = 4000;
    /** PostgreSQL's and H2's code for a unique key violated (two first reads of one link at once). */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * A link's latest read.
     *
     * @param status     the status JSON ({@code milink link status --output json}); null when the read failed
     * @param statusKey  what the status is compared by (a hash of it without its time); null without a status
     * @param error      why there is no status; null when there is one
     * @param target     the link's SQL Server as a preflight report names it; null if unknown
     * @param removed    the link is no longer registered in the service
     * @param changedAt  when {@code version} last grew, by the journal database's clock
     */
    public record Entry(String link, long version, String status, String statusKey, String etag, String error,
                        String target, boolean removed, Instant changedAt, Instant observedAt, String observedBy,
                        long polls) {
    }

    /** A link and its version, as a reader checks what it has not sent yet. */
    public record Version(String link, long version) {
    }

    /**
     * Versions read at once with the database's time, where a reader's next look starts.
     *
     * @param readAt the database's time when it was read (the start of its transaction)
     */
    public record Changes(List<Version> versions, Instant readAt) {
        public Changes {
            versions = List.copyOf(versions);
        }
    }

    /** What a read of a link found: a status, or why there is none. */
    public record Read(String status, String statusKey, String etag, String error, String target) {
        public Read {
            if ((status == null) == (error == null)) {
                throw new IllegalArgumentException("a read has a status or an error, one of them");
            }
            if (error != null && error.length() > ERROR_LENGTH) {
                error = error.substring(0, ERROR_LENGTH - 1) + "…";
            }
        }

        public static Read status(String status, String statusKey, String etag, String target) {
            return new Read(Objects.requireNonNull(status, "status"), Objects.requireNonNull(statusKey, "statusKey"),
                    etag, null, target);
        }

        public static Read error(String error, String target) {
            return new Read(null, null, null, Objects.requireNonNull(error, "error"), target);
        }
    }

    private static final String COLUMNS = "link_name, version, status, status_key, etag, error, target, removed, "
            + "changed_at, observed_at, observed_by, polls";

    private final Journal journal;

    public LinkStatuses(Journal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Records one read of {@code link} by {@code replica}.
     *
     * @return true when it changed what readers see (a new version)
     */
    public boolean record(String link, Read read, Instant observedAt, String replica) {
        try {
            return write(link, read, observedAt, replica);
        } catch (JournalException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // Another replica wrote the link's first read between this one's look and its insert: update it.
                return write(link, read, observedAt, replica);
            }
            throw e;
        }
    }

    private boolean write(String link, Read read, Instant observedAt, String replica) {
        return journal.inTransaction(c -> {
            Optional<Entry> was = select(c, link, true);
            OffsetDateTime at = OffsetDateTime.ofInstant(observedAt, ZoneOffset.UTC);
            if (was.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO link_status (" + COLUMNS + ") VALUES "
                        + "(?, 1, ?, ?, ?, ?, ?, FALSE, CURRENT_TIMESTAMP, ?, ?, 1)")) {
                    insert.setString(1, link);
                    bindRead(insert, 2, read);
                    insert.setObject(7, at);
                    insert.setString(8, replica);
                    insert.executeUpdate();
                }
                return true;
            }
            Entry e = was.get();
            boolean changed = e.removed() || !Objects.equals(e.statusKey(), read.statusKey())
                    || !Objects.equals(e.error(), read.error()) || !Objects.equals(e.target(), read.target());
            // The status is written at every read (its observedAt moves); the version only when a reader would see
            // something new.
            try (PreparedStatement update = c.prepareStatement("UPDATE link_status SET status = ?, status_key = ?, "
                    + "etag = ?, error = ?, target = ?, removed = FALSE, observed_at = ?, observed_by = ?, "
                    + "polls = polls + 1" + (changed ? ", version = version + 1, changed_at = CURRENT_TIMESTAMP" : "")
                    + " WHERE link_name = ?")) {
                bindRead(update, 1, read);
                update.setObject(6, at);
                update.setString(7, replica);
                update.setString(8, link);
                update.executeUpdate();
            }
            return changed;
        }, "cannot record the status of link " + link);
    }

    private static void bindRead(PreparedStatement s, int from, Read read) throws SQLException {
        s.setString(from, read.status());
        s.setString(from + 1, read.statusKey());
        s.setString(from + 2, read.etag());
        s.setString(from + 3, read.error());
        s.setString(from + 4, read.target());
    }

    /**
     * The link is no longer registered: readers are told once (a new version), and its status is dropped.
     *
     * @return true when this marked it (false: unknown, or marked before)
     */
    public boolean markRemoved(String link, Instant observedAt, String replica) {
        return journal.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE link_status SET removed = TRUE, status = NULL, "
                    + "status_key = NULL, etag = NULL, error = NULL, version = version + 1, "
                    + "changed_at = CURRENT_TIMESTAMP, observed_at = ?, observed_by = ? "
                    + "WHERE link_name = ? AND removed = FALSE")) {
                update.setObject(1, OffsetDateTime.ofInstant(observedAt, ZoneOffset.UTC));
                update.setString(2, replica);
                update.setString(3, link);
                return update.executeUpdate() == 1;
            }
        }, "cannot mark link " + link + " removed");
    }

    /**
     * Every link not removed, by name, with the database's time when they were read: where a new reader starts and
     * where its first look for changes ({@link #changedSince}) starts from.
     */
    public record Snapshot(List<Entry> entries, Instant readAt) {
        public Snapshot {
            entries = List.copyOf(entries);
        }
    }

    /** {@link #current()} with the database's time, read in one transaction. */
    public Snapshot snapshot() {
        return journal.inTransaction(c -> {
            Instant now = databaseTime(c);
            return new Snapshot(entries(c, "SELECT " + COLUMNS + " FROM link_status WHERE removed = FALSE "
                    + "ORDER BY link_name", List.of()), now);
        }, "cannot read the links' statuses");
    }

    /**
     * Forgets the links removed before {@code cutoff} (their last version's time): nothing reads them any more.
     *
     * @return how many went
     */
    public int purgeRemovedBefore(Instant cutoff) {
        return journal.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM link_status WHERE removed = TRUE AND "
                    + "changed_at < ?")) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                return delete.executeUpdate();
            }
        }, "cannot purge the statuses of removed links");
    }

    /** Every link not removed, by name. */
    public List<Entry> current() {
        return journal.inTransaction(c -> entries(c, "SELECT " + COLUMNS + " FROM link_status WHERE removed = FALSE "
                + "ORDER BY link_name", List.of()), "cannot read the links' statuses");
    }

    /** Every link known, removed ones included, by name. */
    public List<Entry> all() {
        return journal.inTransaction(c -> entries(c, "SELECT " + COLUMNS + " FROM link_status ORDER BY link_name",
                List.of()), "cannot read the links' statuses");
    }

    /** The links' rows, by name; those not known are left out. */
    public List<Entry> entries(Collection<String> links) {
        if (links.isEmpty()) {
            return List.of();
        }
        return journal.inTransaction(c -> entries(c, "SELECT " + COLUMNS + " FROM link_status WHERE link_name IN ("
                + String.join(", ", java.util.Collections.nCopies(links.size(), "?")) + ") ORDER BY link_name",
                List.copyOf(links)), "cannot read the links' statuses");
    }

    public Optional<Entry> find(String link) {
        return journal.inTransaction(c -> select(c, link, false), "cannot read the status of link " + link);
    }

    /**
     * The versions of the links whose version grew at or after {@code since} (the database's time), with the
     * database's time now. A reader that looks again from a little before the last {@link Changes#readAt()} misses
     * no write that committed late (see the caller).
     */
    public Changes changedSince(Instant since) {
        return journal.inTransaction(c -> {
            Instant now = databaseTime(c);
            List<Version> versions = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT link_name, version FROM link_status "
                    + "WHERE changed_at >= ? ORDER BY changed_at, link_name")) {
                q.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        versions.add(new Version(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            return new Changes(versions, now);
        }, "cannot read the links' status changes");
    }

    /** The database's time: its transaction's start on PostgreSQL, its command's in H2. */
    private static Instant databaseTime(Connection c) throws SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static Optional<Entry> select(Connection c, String link, boolean forUpdate) throws SQLException {
        List<Entry> found = entries(c, "SELECT " + COLUMNS + " FROM link_status WHERE link_name = ?"
                + (forUpdate ? " FOR UPDATE" : ""), List.of(link));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Entry> entries(Connection c, String sql, List<String> parameters) throws SQLException {
        List<Entry> list = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    list.add(new Entry(rs.getString("link_name"), rs.getLong("version"), rs.getString("status"),
                            rs.getString("status_key"), rs.getString("etag"), rs.getString("error"),
                            rs.getString("target"), rs.getBoolean("removed"),
                            rs.getObject("changed_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("observed_at", OffsetDateTime.class).toInstant(),
                            rs.getString("observed_by"), rs.getLong("polls")));
                }
            }
        }
        return list;
    }
}
