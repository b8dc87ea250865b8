package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How far a database's seeding has got as SQL Server, the source, sees it: bytes sent, the database's size and the
 * current rate, from {@code sys.dm_hadr_physical_seeding_stats} (mi-link-workflow.md §4.1). The instance reports only
 * a percentage; this is where the throughput and a byte-based ETA come from (the DMV's own
 * {@code estimate_time_complete_utc} assumes uncompressed data and is pessimistic for the link, which compresses).
 * Only running operations have a row.
 */
public record SeedingTransfer(String database, long transferredBytes, long databaseSizeBytes, long bytesPerSecond) {

    private static final String QUERY = "SELECT local_database_name, transferred_size_bytes, database_size_bytes, "
            + "transfer_rate_bytes_per_second FROM sys.dm_hadr_physical_seeding_stats WHERE role_desc = ?";

    /** The running seeding operations SQL Server sends, by database name (case-insensitive key: lower case). */
    public static Map<String, SeedingTransfer> read(Connection sql) throws SQLException {
        Map<String, SeedingTransfer> byDatabase = new HashMap<>();
        try (PreparedStatement query = sql.prepareStatement(QUERY)) {
            query.setString(1, "Source");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    SeedingTransfer t = new SeedingTransfer(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4));
                    byDatabase.put(key(t.database()), t);
                }
            }
        }
        return byDatabase;
    }

    static String key(String database) {
        return database.toLowerCase(Locale.ROOT);
    }
}
