package io.milink.api.service.auth;

import io.milink.journal.Journal;
import io.milink.journal.JournalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The tokens table: creates tokens (returning the token once) and lists their hashes. Blocking. */
public final class TokenStore {

    private final Journal journal;

    public TokenStore(Journal journal) {
        this.journal = journal;
    }

    /** A new token with this role. The caller shows it once; only its hash is written. */
    public String create(Role role) {
        return create(role, java.util.Set.of());
    }

    /** A new token with this role and these permissions. The caller shows it once; only its hash is written. */
    public String create(Role role, java.util.Set<Permission> permissions) {
        String token = BearerTokens.generate();
        try (Connection c = journal.connection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO tokens (sha256, role, created_at, permissions) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, BearerTokens.sha256Hex(token));
            insert.setString(2, role.id());
            insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(4, String.join(",", permissions.stream().map(Permission::id).sorted().toList()));
            insert.executeUpdate();
            return token;
        } catch (SQLException e) {
            throw new JournalException("cannot store a new token", e);
        }
    }

    public List<StoredToken> all() {
        try (Connection c = journal.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT id, sha256, role, created_at, permissions FROM tokens ORDER BY id");
             ResultSet rs = select.executeQuery()) {
            List<StoredToken> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(new StoredToken(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), permissions(rs.getString(5))));
            }
            return tokens;
        } catch (SQLException e) {
            throw new JournalException("cannot read the tokens", e);
        }
    }

    private static java.util.Set<Permission> permissions(String stored) {
        java.util.Set<Permission> permissions = java.util.EnumSet.noneOf(Permission.class);
        for (String id : stored.split(",")) {
            if (!id.isBlank()) {
                permissions.add(Permission.parse(id));
            }
        }
        return permissions;
    }

    /**
     * Deletes a token this start created but never showed (the start failed before it could print it), so the next
     * start, finding none, creates and shows one again.
     */
    public void delete(String token) {
        try (Connection c = journal.connection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM tokens WHERE sha256 = ?")) {
            delete.setString(1, BearerTokens.sha256Hex(token));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new JournalException("cannot delete a token", e);
        }
    }

    public boolean isEmpty() {
        return all().isEmpty();
    }

}
