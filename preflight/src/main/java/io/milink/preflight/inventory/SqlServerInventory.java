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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the SQL-Server-side {@link Facts} by running {@link InventoryBatch} once and reading its result sets.
 */
public final class SqlServerInventory {

    private SqlServerInventory() {
    }

    public static Facts collect(Connection connection, String target, List<String> databases, Instant now)
            throws InventoryException {
        List<InventoryResult> results = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(InventoryBatch.forDatabases(databases));
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        results.add(read(rs));
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
        return fromResults(results, target, databases, now);
    }

    /**
     * The same facts from the same statements sent one at a time, one round trip each: the baseline the benchmark
     * (bench/) compares {@link #collect} with. Not used by the product.
     */
    public static Facts collectStatementByStatement(Connection connection, String target, List<String> databases,
                                                    Instant now) throws InventoryException {
        List<InventoryResult> results = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String sql : InventoryBatch.statements(databases)) {
                boolean isResultSet = statement.execute(sql);
                while (isResultSet || statement.getUpdateCount() != -1) {
                    if (isResultSet) {
                        try (ResultSet rs = statement.getResultSet()) {
                            results.add(read(rs));
                        }
                    }
                    isResultSet = statement.getMoreResults();
                }
            }
        } catch (SQLException e) {
            throw new InventoryException("the inventory failed on " + target + ": SQL Server error "
                    + e.getErrorCode() + ": " + e.getMessage(), e);
        }
        return fromResults(results, target, databases, now);
    }

    /**
     * The facts from the batch's result sets however they were obtained: read live, or parsed from the text of a
     * DBA's own run ({@link SqlcmdResults}). Both paths go through here, so they cannot disagree.
     *
     * @param target the SQL Server as the report names it; null for the server's own name (a saved run)
     */
    public static Facts fromResults(List<InventoryResult> results, String target, List<String> databases,
                                    Instant now) throws InventoryException {
        Collector collector = new Collector();
        for (InventoryResult result : results) {
            try {
                collector.read(result);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new InventoryException("the inventory result set starting with column '"
                        + result.firstColumn() + "' cannot be read: " + e.getMessage(), e);
            }
        }
        SqlServerFacts facts;
        try {
            facts = collector.facts(target == null ? "the server" : target, databases);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InventoryException("the inventory's databases cannot be read: " + e.getMessage(), e);
        }
        return new Facts(Facts.SCHEMA_VERSION, now, target == null ? facts.serverName() : target, databases,
                ConnectionOutcome.success(), facts);
    }

    /** Reads a live result set into memory (the inventory is small): typed values, as the driver gives them. */
    private static InventoryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<InventoryRow> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.put(columns.get(i - 1).toLowerCase(Locale.ROOT), rs.getObject(i));
            }
            rows.add(new InventoryRow(row));
        }
        return new InventoryResult(columns, rows);
    }

    /** Accumulates rows by section, then assembles the records. */
    private static final class Collector {
        private InventoryRow server;
        private final List<Integer> traceFlags = new ArrayList<>();
        private final List<String> startup = new ArrayList<>();
        private final List<CertificateFact> certificates = new ArrayList<>();
        private final List<EndpointFact> endpoints = new ArrayList<>();
        private final Map<String, Boolean> groups = new LinkedHashMap<>();
        private final Map<String, List<String>> groupDatabases = new HashMap<>();
        private final Map<String, String> groupOfDatabase = new HashMap<>();
        private final List<InventoryRow> databases = new ArrayList<>();
        private final Map<Integer, int[]> filesByType = new HashMap<>();
        private final Map<Integer, Long> sizeMb = new HashMap<>();
        private final Map<String, Instant[]> backups = new HashMap<>();
        private final Map<Integer, Integer> encryption = new HashMap<>();
        private final Map<String, int[]> filegroups = new HashMap<>();
        private int utcOffsetMinutes;
        /** Null until sys.sp_certificate_issuers answers: not visible is not the same as none registered. */
        private List<IssuerFact> issuers;

        void read(InventoryResult result) throws InventoryException {
            String first = result.firstColumn();
            if (first.equalsIgnoreCase("TraceFlag")) {
                for (InventoryRow row : result.rows()) {
                    if (row.intOrZero("Global") == 1 && row.integer("TraceFlag") != null) {
                        traceFlags.add(row.integer("TraceFlag"));
                    }
                }
                return;
            }
            if (first.equalsIgnoreCase("certificateid")) {
                issuers = new ArrayList<>();
                String nameColumn = result.columns().size() > 1 ? result.columns().get(1) : "";
                for (InventoryRow row : result.rows()) {
                    issuers.add(new IssuerFact(row.integer(first), row.string(nameColumn)));
                }
                return;
            }
            if (!first.equalsIgnoreCase("section")) {
                throw new InventoryException("unexpected result set starting with column '" + first + "'", null);
            }
            for (InventoryRow rs : result.rows()) {
                String section = rs.string("section");
                switch (section == null ? "" : section) {
                    case "server" -> {
                        server = rs;
                        Integer offset = rs.integer("utc_offset_minutes");
                        utcOffsetMinutes = offset == null ? 0 : offset;
                    }
                    case "startup" -> startup.add(rs.string("value_data"));
                    case "certificate" -> certificates.add(new CertificateFact(rs.intOrZero("certificate_id"),
                            rs.string("name"),
                            rs.string("subject"), rs.string("issuer_name"), utc(rs.dateTime("start_date")),
                            utc(rs.dateTime("expiry_date")), rs.hex("thumbprint"),
                            rs.string("pvt_key_encryption_type"), wholeDer(rs)));
                    case "endpoint" -> endpoints.add(new EndpointFact(rs.string("name"),
                            rs.string("state_desc"), rs.intOrZero("port"), rs.string("connection_auth_desc"),
                            rs.bool("is_encryption_enabled"), rs.string("encryption_algorithm_desc"),
                            rs.string("certificate_name"), rs.string("role_desc")));
                    case "availability_group" -> groups.put(rs.string("name"), rs.bool("is_distributed"));
                    case "ag_database" -> {
                        String group = rs.requiredString("ag_name");
                        String database = rs.requiredString("database_name");
                        groupDatabases.computeIfAbsent(group, g -> new ArrayList<>()).add(database);
                        groupOfDatabase.put(database.toLowerCase(Locale.ROOT), group);
                    }
                    case "database" -> databases.add(rs);
                    case "files" -> {
                        int id = rs.intOrZero("database_id");
                        int type = rs.intOrZero("type");
                        if (type >= 0 && type <= 2) {
                            filesByType.computeIfAbsent(id, k -> new int[3])[type] += rs.intOrZero("files");
                        }
                        Long size = rs.longValue("size_mb");
                        sizeMb.merge(id, size == null ? 0L : size, Long::sum);
                    }
                    case "backup" -> {
                        String name = rs.requiredString("database_name").toLowerCase(Locale.ROOT);
                        Instant finish = local(rs.dateTime("last_finish"));
                        int slot = "L".equals(rs.string("type")) ? 2 : rs.bool("is_copy_only") ? 1 : 0;
                        Instant[] times = backups.computeIfAbsent(name, k -> new Instant[3]);
                        if (times[slot] == null || (finish != null && finish.isAfter(times[slot]))) {
                            times[slot] = finish;
                        }
                    }
                    case "encryption" -> encryption.put(rs.intOrZero("database_id"),
                            rs.integer("encryption_state"));
                    case "filegroups" -> filegroups.put(rs.requiredString("database_name").toLowerCase(Locale.ROOT),
                            new int[] {rs.intOrZero("filestream_files"), rs.intOrZero("memory_optimized_files")});
                    default -> throw new InventoryException("unknown inventory section '" + section + "'", null);
                }
            }
        }

        SqlServerFacts facts(String target, List<String> requested) throws InventoryException {
            if (server == null) {
                throw new InventoryException("the inventory of " + target + " returned no server section", null);
            }
            String versionText = server.string("version_text");
            boolean linux = versionText != null && versionText.contains(" on Linux");
            List<AvailabilityGroupFact> ags = new ArrayList<>();
            groups.forEach((name, distributed) -> ags.add(new AvailabilityGroupFact(name, distributed, null,
                    groupDatabases.getOrDefault(name, List.of()))));
            List<DatabaseFacts> dbs = new ArrayList<>();
            for (InventoryRow d : databases) {
                String name = d.requiredString("name");
                int id = d.intOrZero("database_id");
                int[] files = filesByType.getOrDefault(id, new int[3]);
                int[] fg = filegroups.get(name.toLowerCase(Locale.ROOT));
                if (fg == null) {
                    if (isRequested(name, requested) && "ONLINE".equalsIgnoreCase(d.string("state_desc"))) {
                        // A saved run of a batch printed for other databases: its FILESTREAM answer is unknown.
                        throw new InventoryException("the inventory has no filegroup answer for database '" + name
                                + "'; print the batch with --database " + name + " and run it again", null);
                    }
                    fg = new int[2];
                }
                Instant[] b = backups.getOrDefault(name.toLowerCase(Locale.ROOT), new Instant[3]);
                String group = d.raw("group_database_id") == null ? null
                        : groupOfDatabase.getOrDefault(name.toLowerCase(Locale.ROOT), "(an availability group)");
                Boolean adr = d.raw("is_accelerated_database_recovery_on") == null ? null
                        : d.bool("is_accelerated_database_recovery_on");
                dbs.add(new DatabaseFacts(name, id, d.string("state_desc"), d.string("recovery_model_desc"),
                        group, files[1], fg[0], fg[1], encryption.get(id), b[0], b[1], b[2],
                        adr, sizeMb.getOrDefault(id, 0L)));
            }
            return new SqlServerFacts(server.string("server_name"), server.string("product_version"),
                    server.string("product_level"), server.string("product_update_level"),
                    server.string("edition"), server.integer("engine_edition"), linux ? "Linux" : "Windows",
                    server.string("collation"), server.bool("is_hadr_enabled"),
                    server.bool("is_sysadmin"), server.bool("has_issuer_procedure"),
                    server.bool("has_master_key"), traceFlags,
                    // Linux keeps startup flags in mssql.conf, which no DMV shows: unknown, not "none".
                    startup.isEmpty() ? null : startup, certificates, endpoints, ags, dbs, issuers);
        }

        private static boolean isRequested(String name, List<String> requested) {
            return requested.stream().anyMatch(r -> r.equalsIgnoreCase(name));
        }

        /** The DER, or null when it was longer than the batch's varbinary(4000) and so was cut. */
        private static String wholeDer(InventoryRow row) {
            String hex = row.hex("der");
            Long bytes = row.longValue("der_bytes");
            return hex == null || (bytes != null && bytes != hex.length() / 2) ? null : hex;
        }

        /** sys.certificates dates are UTC. */
        private static Instant utc(LocalDateTime time) {
            return time == null ? null : time.toInstant(ZoneOffset.UTC);
        }

        /** msdb dates are the server's local time; the server section reports its offset from UTC. */
        private Instant local(LocalDateTime time) {
            return time == null ? null : time.toInstant(ZoneOffset.ofTotalSeconds(utcOffsetMinutes * 60));
        }
    }
}
