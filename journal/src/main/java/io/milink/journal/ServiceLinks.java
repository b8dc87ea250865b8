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
import java.util.Optional;

/**
 * The links the service was asked to create ({@code POST /v1/links}), by name, with the request as accepted (a
 * credential and an Azure sign-in by name, never a secret), and the Idempotency-Keys callers sent. Blocking: call from
 * worker threads only. Writes that belong with a new operation run in its transaction
 * ({@link OperationJournal#create(String, String, String, String, String, OperationJournal.AlsoWrite)}).
 */
public final class ServiceLinks {

    /** A registered link: its name and the request that registered it. */
    public record Registered(String name, String request, String requestHash, Instant createdAt, String createdBy) {
    }

    /** An Idempotency-Key a caller sent: the hash of the request it came with and the operation that request started. */
    public record StoredKey(String requestHash, String operationId) {
    }

    private final Journal journal;

    public ServiceLinks(Journal journal) {
        this.journal = journal;
    }

    public Optional<Registered> find(String name) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT name, request, request_hash, created_at, created_by "
                     + "FROM service_links WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(registered(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read link " + name, e);
        }
    }

    /** Every registered link, by name. */
    public List<Registered> all() {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT name, request, request_hash, created_at, created_by "
                     + "FROM service_links ORDER BY name");
             ResultSet rs = select.executeQuery()) {
            List<Registered> links = new ArrayList<>();
            while (rs.next()) {
                links.add(registered(rs));
            }
            return links;
        } catch (SQLException e) {
            throw new JournalException("cannot list the links", e);
        }
    }

    /** Registers a link in the caller's transaction; nothing when one of that name is there already. */
    public static void registerIfAbsent(Connection c, String name, String request, String requestHash,
                                        String createdBy) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO service_links (name, request, request_hash, "
                + "created_at, created_by) SELECT ?, ?, ?, ?, ? FROM (VALUES (1)) AS one (x) WHERE NOT EXISTS "
                + "(SELECT 1 FROM service_links WHERE name = ?)")) {
            insert.setString(1, name);
            insert.setString(2, request);
            insert.setString(3, requestHash);
            insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(5, createdBy);
            insert.setString(6, name);
            insert.executeUpdate();
        }
    }

    /** Forgets a link (its removal succeeded); false when it was not registered. */
    public boolean unregister(String name) {
        return journal.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM service_links WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() == 1;
            }
        }, "cannot unregister link " + name);
    }

    public Optional<StoredKey> findKey(String caller, String key) {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement("SELECT request_hash, operation_id FROM idempotency_keys "
                     + "WHERE caller = ? AND idempotency_key = ?")) {
            select.setString(1, caller);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new StoredKey(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read an idempotency key", e);
        }
    }

    /**
     * Records a key in the caller's transaction. A key another request recorded meanwhile fails the transaction with
     * SQL state 23505 (the caller then reads that request's operation).
     */
    public static void rememberKey(Connection c, String caller, String key, String requestHash, String operationId)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO idempotency_keys (caller, idempotency_key, "
                + "request_hash, operation_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, caller);
            insert.setString(2, key);
            insert.setString(3, requestHash);
            insert.setString(4, operationId);
            insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static Registered registered(ResultSet rs) throws SQLException {
        return new Registered(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5));
    }
}
