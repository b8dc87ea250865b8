package io.milink.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Who called what, when, with which outcome: one row per mutating call, written after its response. Blocking. */
public final class AuditLog {

    private final Journal journal;

    public AuditLog(Journal journal) {
        this.journal = journal;
    }

    /**
     * @param who a token id such as {@code token:1}, or {@code anonymous} when no valid token was presented; never
     *            the token
     */
    public void record(String who, String method, String path, int status) {
        try (Connection c = journal.connection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO audit (at, who, method, path, status) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(2, who);
            insert.setString(3, method);
            insert.setString(4, path.length() <= 2000 ? path : path.substring(0, 2000));
            insert.setInt(5, status);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new JournalException("cannot write the audit log", e);
        }
    }
}
