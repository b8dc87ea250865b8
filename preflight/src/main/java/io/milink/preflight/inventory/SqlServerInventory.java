package io.milink.preflight.inventory;

import io.milink.preflight.facts.AvailabilityGroupFact;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.IssuerFact;
import io.milink.preflight.facts.SqlServerFacts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the SQL-Server-side {@link Facts} by running {@link InventoryBatch} once and reading its result sets.
 */
public final class SqlServerInventory {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SqlServerInventory() {
    }

    public static Facts collect(Connection connection, String target, List<String> databases, Instant now)
            throws InventoryException {
        Collector collector = new Collector();
        try (Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(InventoryBatch.forDatabases(databases));
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        collector.read(rs);
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
        } catch (SQLException e) {
            throw new InventoryException("the inventory batch failed on " + target + ": SQL Server error "
                    + e.getErrorCode() + ": " + e.getMessage(), e);
        }
        return new Facts(Facts.SCHEMA_VERSION, now, target, databases, ConnectionOutcome.success(),
                collector.facts(target));
    }

    /** Accumulates rows by section, then assembles the records. */
    private static final class Collector {
        private Map<String, Object> server;
        private final List<Integer> traceFlags = new ArrayList<>();
        private final List<String> startup = new ArrayList<>();
        private final List<CertificateFact> certificates = new ArrayList<>();
        private final List<EndpointFact> endpoints = new ArrayList<>();
        private final Map<String, Boolean> groups = new LinkedHashMap<>();
        private final Map<String, List<String>> groupDatabases = new HashMap<>();
        private final Map<String, String> groupOfDatabase = new HashMap<>();
        private final List<Map<String, Object>> databases = new ArrayList<>();
        private final Map<Integer, int[]> filesByType = new HashMap<>();
        private final Map<Integer, Long> sizeMb = new HashMap<>();
        private final Map<String, Instant[]> backups = new HashMap<>();
        private final Map<Integer, Integer> encryption = new HashMap<>();
        private final Map<String, int[]> filegroups = new HashMap<>();
        private int utcOffsetMinutes;
        /** Null until sys.sp_certificate_issuers answers: not visible is not the same as none registered. */
        private List<IssuerFact> issuers;

        void read(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            String first = meta.getColumnCount() > 0 ? meta.getColumnLabel(1) : "";
            if (first.equalsIgnoreCase("TraceFlag")) {
                while (rs.next()) {
                    if (rs.getInt("Global") == 1) {
                        traceFlags.add(rs.getInt("TraceFlag"));
                    }
                }
                return;
            }
            if (first.equalsIgnoreCase("certificateid")) {
                issuers = new ArrayList<>();
                while (rs.next()) {
                    issuers.add(new IssuerFact(rs.getInt(1), rs.getString(2)));
                }
                return;
            }
            if (!first.equalsIgnoreCase("section")) {
                throw new SQLException("unexpected result set starting with column '" + first + "'");
            }
            while (rs.next()) {
                String section = rs.getString("section");
                switch (section) {
                    case "server" -> {
                        server = row(rs);
                        Object offset = server.get("utc_offset_minutes");
                        utcOffsetMinutes = offset == null ? 0 : ((Number) offset).intValue();
                    }
                    case "startup" -> startup.add(rs.getString("value_data"));
                    case "certificate" -> certificates.add(new CertificateFact(rs.getInt("certificate_id"),
                            rs.getString("name"),
                            rs.getString("subject"), rs.getString("issuer_name"), utc(rs.getTimestamp("start_date")),
                            utc(rs.getTimestamp("expiry_date")), hex(rs.getBytes("thumbprint")),
                            rs.getString("pvt_key_encryption_type"), hex(rs.getBytes("der"))));
                    case "endpoint" -> endpoints.add(new EndpointFact(rs.getString("name"),
                            rs.getString("state_desc"), rs.getInt("port"), rs.getString("connection_auth_desc"),
                            rs.getBoolean("is_encryption_enabled"), rs.getString("encryption_algorithm_desc"),
                            rs.getString("certificate_name"), rs.getString("role_desc")));
                    case "availability_group" -> groups.put(rs.getString("name"), rs.getBoolean("is_distributed"));
                    case "ag_database" -> {
                        String group = rs.getString("ag_name");
                        String database = rs.getString("database_name");
                        groupDatabases.computeIfAbsent(group, g -> new ArrayList<>()).add(database);
                        groupOfDatabase.put(database.toLowerCase(Locale.ROOT), group);
                    }
                    case "database" -> databases.add(row(rs));
                    case "files" -> {
                        int id = rs.getInt("database_id");
                        int type = rs.getInt("type");
                        if (type >= 0 && type <= 2) {
                            filesByType.computeIfAbsent(id, k -> new int[3])[type] += rs.getInt("files");
                        }
                        sizeMb.merge(id, rs.getLong("size_mb"), Long::sum);
                    }
                    case "backup" -> {
                        String name = rs.getString("database_name").toLowerCase(Locale.ROOT);
                        Instant finish = local(rs.getTimestamp("last_finish"));
                        int slot = "L".equals(rs.getString("type")) ? 2 : rs.getBoolean("is_copy_only") ? 1 : 0;
                        Instant[] times = backups.computeIfAbsent(name, k -> new Instant[3]);
                        if (times[slot] == null || (finish != null && finish.isAfter(times[slot]))) {
                            times[slot] = finish;
                        }
                    }
                    case "encryption" -> encryption.put(rs.getInt("database_id"), rs.getInt("encryption_state"));
                    case "filegroups" -> {
                        int[] counts = filegroups.computeIfAbsent(
                                rs.getString("database_name").toLowerCase(Locale.ROOT), k -> new int[2]);
                        counts["FD".equals(rs.getString("type")) ? 0 : 1] += rs.getInt("files");
                    }
                    default -> throw new SQLException("unknown inventory section '" + section + "'");
                }
            }
        }

        SqlServerFacts facts(String target) throws InventoryException {
            if (server == null) {
                throw new InventoryException("the inventory of " + target + " returned no server section", null);
            }
            String versionText = str(server.get("version_text"));
            boolean linux = versionText != null && versionText.contains(" on Linux");
            List<AvailabilityGroupFact> ags = new ArrayList<>();
            groups.forEach((name, distributed) -> ags.add(new AvailabilityGroupFact(name, distributed, null,
                    groupDatabases.getOrDefault(name, List.of()))));
            List<DatabaseFacts> dbs = new ArrayList<>();
            for (Map<String, Object> d : databases) {
                String name = str(d.get("name"));
                int id = ((Number) d.get("database_id")).intValue();
                int[] files = filesByType.getOrDefault(id, new int[3]);
                int[] fg = filegroups.getOrDefault(name.toLowerCase(Locale.ROOT), new int[2]);
                Instant[] b = backups.getOrDefault(name.toLowerCase(Locale.ROOT), new Instant[3]);
                String group = d.get("group_database_id") == null ? null
                        : groupOfDatabase.getOrDefault(name.toLowerCase(Locale.ROOT), "(an availability group)");
                Object adr = d.get("is_accelerated_database_recovery_on");
                dbs.add(new DatabaseFacts(name, id, str(d.get("state_desc")), str(d.get("recovery_model_desc")),
                        group, files[1], fg[0], fg[1], encryption.get(id), b[0], b[1], b[2],
                        adr == null ? null : bool(adr), sizeMb.getOrDefault(id, 0L)));
            }
            return new SqlServerFacts(str(server.get("server_name")), str(server.get("product_version")),
                    str(server.get("product_level")), str(server.get("product_update_level")),
                    str(server.get("edition")), server.get("engine_edition") == null ? null
                    : ((Number) server.get("engine_edition")).intValue(), linux ? "Linux" : "Windows",
                    str(server.get("collation")), intOf(server.get("is_hadr_enabled")) == 1,
                    intOf(server.get("is_sysadmin")) == 1, intOf(server.get("has_issuer_procedure")) == 1,
                    intOf(server.get("has_master_key")) == 1, traceFlags,
                    // Linux keeps startup flags in mssql.conf, which no DMV shows: unknown, not "none".
                    startup.isEmpty() ? null : startup, certificates, endpoints, ags, dbs, issuers);
        }

        private static Map<String, Object> row(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
            }
            return row;
        }

        /** sys.certificates dates are UTC. */
        private static Instant utc(Timestamp timestamp) {
            return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }

        /** msdb dates are the server's local time; the server section reports its offset from UTC. */
        private Instant local(Timestamp timestamp) {
            return timestamp == null ? null
                    : timestamp.toLocalDateTime().toInstant(ZoneOffset.ofTotalSeconds(utcOffsetMinutes * 60));
        }

        private static String hex(byte[] bytes) {
            return bytes == null ? null : HEX.formatHex(bytes);
        }

        private static String str(Object value) {
            return value == null ? null : value.toString();
        }

        private static int intOf(Object value) {
            return value == null ? 0 : value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).intValue();
        }

        private static boolean bool(Object value) {
            return intOf(value) == 1;
        }
    }
}
