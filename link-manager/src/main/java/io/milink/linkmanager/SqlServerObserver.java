package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads SQL Server's side of a link in one batch with several result sets: one round trip however many objects
 * the link has (the same discipline as preflight's inventory). Read-only.
 */
public final class SqlServerObserver {

    /** The batch; its result sets come in this order. Catalog views as Microsoft Learn documents them. */
    static final String BATCH = """
            SET NOCOUNT ON;
            USE [master];
            SELECT @@SERVERNAME AS server_name, CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
                   CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS hadr_enabled,
                   (SELECT COUNT(*) FROM sys.symmetric_keys WHERE symmetric_key_id = 101) AS master_keys;
            SELECT name, thumbprint, pvt_key_encryption_type FROM sys.certificates;
            DECLARE @registered TABLE (certificateid int, dnsname nvarchar(128));
            IF OBJECT_ID(N'sys.sp_certificate_issuers') IS NOT NULL
                INSERT INTO @registered EXEC sys.sp_certificate_issuers;
            SELECT CAST(CASE WHEN OBJECT_ID(N'sys.sp_certificate_issuers') IS NULL THEN 0 ELSE 1 END AS int) AS listed;
            SELECT c.name, r.dnsname FROM @registered AS r
              JOIN sys.certificates AS c ON c.certificate_id = r.certificateid;
            SELECT e.name, e.state_desc, e.connection_auth_desc, e.encryption_algorithm_desc, e.is_encryption_enabled,
                   c.name AS certificate_name, t.port
              FROM sys.database_mirroring_endpoints AS e
              JOIN sys.tcp_endpoints AS t ON t.endpoint_id = e.endpoint_id
              LEFT JOIN sys.certificates AS c ON c.certificate_id = e.certificate_id;
            SELECT ag.name, ag.is_distributed, r.replica_server_name, r.endpoint_url, r.availability_mode_desc
              FROM sys.availability_groups AS ag
              LEFT JOIN sys.availability_replicas AS r ON r.group_id = ag.group_id;
            SELECT ag.name, d.database_name
              FROM sys.availability_databases_cluster AS d
              JOIN sys.availability_groups AS ag ON ag.group_id = d.group_id;
            """;

    private SqlServerObserver() {
    }

    public static SqlServerObservation observe(Connection connection) throws SQLException {
        return parse(BatchResults.read(connection, BATCH, 7, "the link observation"));
    }

    private static SqlServerObservation parse(List<List<Map<String, Object>>> r) {
        Map<String, Object> server = r.get(0).get(0);
        List<SqlServerObservation.Certificate> certificates = new ArrayList<>();
        for (Map<String, Object> c : r.get(1)) {
            certificates.add(new SqlServerObservation.Certificate((String) c.get("name"),
                    HexFormat.of().withUpperCase().formatHex((byte[]) c.get("thumbprint")),
                    (String) c.get("pvt_key_encryption_type")));
        }
        List<SqlServerObservation.Registration> registrations = null;
        if (((Number) r.get(2).get(0).get("listed")).intValue() == 1) {
            registrations = new ArrayList<>();
            for (Map<String, Object> row : r.get(3)) {
                registrations.add(new SqlServerObservation.Registration((String) row.get("name"),
                        (String) row.get("dnsname")));
            }
        }
        SqlServerObservation.Endpoint endpoint = null;
        if (!r.get(4).isEmpty()) {
            Map<String, Object> e = r.get(4).get(0);
            endpoint = new SqlServerObservation.Endpoint((String) e.get("name"), (String) e.get("state_desc"),
                    String.valueOf(e.get("connection_auth_desc")), String.valueOf(e.get("encryption_algorithm_desc")),
                    Boolean.TRUE.equals(e.get("is_encryption_enabled")), (String) e.get("certificate_name"),
                    ((Number) e.get("port")).intValue());
        }
        Map<String, SqlServerObservation.Group> groups = new LinkedHashMap<>();
        Map<String, List<SqlServerObservation.Replica>> replicas = new LinkedHashMap<>();
        Map<String, Boolean> distributed = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(5)) {
            String name = (String) row.get("name");
            String key = name.toLowerCase(Locale.ROOT);
            names.put(key, name);
            distributed.put(key, Boolean.TRUE.equals(row.get("is_distributed")));
            List<SqlServerObservation.Replica> list = replicas.computeIfAbsent(key, k -> new ArrayList<>());
            if (row.get("replica_server_name") != null) {
                list.add(new SqlServerObservation.Replica((String) row.get("replica_server_name"),
                        (String) row.get("endpoint_url"), (String) row.get("availability_mode_desc")));
            }
        }
        Map<String, List<String>> databases = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(6)) {
            databases.computeIfAbsent(((String) row.get("name")).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add((String) row.get("database_name"));
        }
        for (String key : names.keySet()) {
            groups.put(key, new SqlServerObservation.Group(names.get(key), distributed.get(key), replicas.get(key),
                    databases.getOrDefault(key, List.of())));
        }
        return new SqlServerObservation((String) server.get("server_name"), (String) server.get("product_version"),
                ((Number) server.get("hadr_enabled")).intValue() == 1, ((Number) server.get("master_keys")).intValue() > 0,
                certificates, registrations, endpoint, List.copyOf(groups.values()));
    }

}
