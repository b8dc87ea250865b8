package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerError;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import com.microsoft.sqlserver.jdbc.SQLServerPreparedStatement;

import io.milink.simulator.tds.SessionEncryption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The read-only T-SQL surface of the full twin ({@code ready-2022}) through the real mssql-jdbc driver: one twin
 * shared by every test, because none of them changes the instance. Column names and types are Microsoft Learn's.
 */
class SqlServerTwinSurfaceJdbcTest {

    @TempDir
    static Path dir;

    private static SqlServerTwin twin;
    private static Path pem;
    private static SqlServerTwin.Credentials sa;

    @BeforeAll
    static void start() throws Exception {
        twin = SqlServerTwin.builder().builtInScenario("ready-2022").start();
        pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
        sa = twin.sysadminCredentials();
    }

    @AfterAll
    static void stop() {
        twin.close();
    }

    private static Connection connect(SqlServerTwin.Encryption encryption, String extraProperties)
            throws SQLException {
        return DriverManager.getConnection(twin.jdbcUrl(encryption, pem) + extraProperties, sa.userName(),
                sa.password());
    }

    private static Connection connect() throws SQLException {
        return connect(SqlServerTwin.Encryption.STRICT, "");
    }

    /** Column name → "type(precision)" for character and binary columns, "type" otherwise, in column order. */
    private static Map<String, String> columns(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, String> columns = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                columns.put(md.getColumnName(i), type.startsWith("nvarchar") || type.startsWith("varbinary")
                        ? type + "(" + md.getPrecision(i) + ")" : type);
            }
            return columns;
        }
    }

    private static int spid(Connection c) throws SQLException {
        return ((Number) JdbcRows.rows(c, "SELECT @@SPID").get(0).get(0)).intValue();
    }

    @Test
    void machineNameIsTheServerNameAndInstanceNameIsNullForADefaultInstance() throws Exception {
        try (Connection c = connect()) {
            List<Object> row = JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)), "
                    + "CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)), SERVERPROPERTY('InstanceName'), "
                    + "@@SERVICENAME").get(0);
            assertThat(row.get(0)).isEqualTo("SQL22");
            assertThat(row.get(1)).isNull();
            assertThat(row.get(2)).isNull();
            // The service of a default instance is MSSQLSERVER (Microsoft Learn, @@SERVICENAME).
            assertThat(row.get(3)).isEqualTo("MSSQLSERVER");
        }
    }

    @Test
    void sysEndpointsHasSqlServersColumnsAndTheMirroringEndpoint() throws Exception {
        try (Connection c = connect()) {
            assertThat(columns(c, "SELECT * FROM sys.endpoints")).containsExactly(
                    Map.entry("name", "nvarchar(128)"), Map.entry("endpoint_id", "int"),
                    Map.entry("principal_id", "int"), Map.entry("protocol", "tinyint"),
                    Map.entry("protocol_desc", "nvarchar(60)"), Map.entry("type", "tinyint"),
                    Map.entry("type_desc", "nvarchar(60)"), Map.entry("state", "tinyint"),
                    Map.entry("state_desc", "nvarchar(60)"), Map.entry("is_admin_endpoint", "bit"));
            assertThat(JdbcRows.rows(c, "SELECT name, protocol_desc, type_desc, state_desc FROM sys.endpoints "
                    + "WHERE type = 4"))
                    .containsExactly(List.of("Hadr_endpoint", "TCP", "DATABASE_MIRRORING", "STARTED"));
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.endpoints WHERE type_desc = N'TSQL'"))
                    .containsExactly(List.of(5));
        }
    }

    @Test
    void sysAvailabilityReplicasHasSqlServersColumnsAndNoRowsWithoutAnAvailabilityGroup() throws Exception {
        try (Connection c = connect()) {
            Map<String, String> columns = columns(c, "SELECT * FROM sys.availability_replicas");
            assertThat(columns).containsEntry("replica_id", "uniqueidentifier")
                    .containsEntry("group_id", "uniqueidentifier")
                    .containsEntry("replica_server_name", "nvarchar(256)")
                    .containsEntry("availability_mode", "tinyint")
                    .containsEntry("availability_mode_desc", "nvarchar(60)")
                    .containsEntry("failover_mode_desc", "nvarchar(60)")
                    .containsEntry("session_timeout", "int")
                    .containsEntry("create_date", "datetime")
                    .containsEntry("seeding_mode_desc", "nvarchar(60)")
                    // read_write_routing_url arrived with SQL Server 2019 and comes last (Microsoft Learn).
                    .containsEntry("read_write_routing_url", "nvarchar(256)");
            // endpoint_url's length is not pinned: Microsoft Learn's revisions say nvarchar(128) and nvarchar(256).
            assertThat(columns.get("endpoint_url")).startsWith("nvarchar(");
            assertThat(columns.keySet()).endsWith("seeding_mode", "seeding_mode_desc", "read_write_routing_url");
            assertThat(columns.keySet()).startsWith("replica_id", "group_id", "replica_metadata_id",
                    "replica_server_name", "owner_sid", "endpoint_url");
            assertThat(JdbcRows.rows(c, "SELECT replica_server_name FROM sys.availability_replicas")).isEmpty();
        }
    }

    @Test
    void dmOsHostInfoDescribesTheScenariosWindowsHost() throws Exception {
        try (Connection c = connect()) {
            assertThat(columns(c, "SELECT * FROM sys.dm_os_host_info")).containsExactly(
                    Map.entry("host_platform", "nvarchar(256)"), Map.entry("host_distribution", "nvarchar(256)"),
                    Map.entry("host_release", "nvarchar(256)"), Map.entry("host_service_pack_level", "nvarchar(256)"),
                    Map.entry("host_sku", "int"), Map.entry("os_language_version", "int"));
            assertThat(JdbcRows.rows(c, "SELECT host_platform, os_language_version FROM sys.dm_os_host_info"))
                    .containsExactly(List.of("Windows", 1033));
        }
    }

    @Test
    void dbccSqlperfLogspaceListsEveryOnlineDatabaseWithItsLogSize() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DBCC SQLPERF(LOGSPACE)")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(List.of(md.getColumnName(1), md.getColumnName(2), md.getColumnName(3), md.getColumnName(4)))
                    .containsExactly("Database Name", "Log Size (MB)", "Log Space Used (%)", "Status");
            assertThat(List.of(md.getColumnTypeName(1), md.getColumnTypeName(2), md.getColumnTypeName(3),
                    md.getColumnTypeName(4))).containsExactly("nvarchar", "float", "float", "int");
            Map<String, double[]> logs = new LinkedHashMap<>();
            while (rs.next()) {
                logs.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
            }
            assertThat(logs.keySet()).containsExactlyInAnyOrder("master", "tempdb", "model", "msdb", "Sales",
                    "Inventory");
            // Sales is 2048 MB with the default log of sizeMb / 8 and 12.5 % used (docs/simulator-tsql.md).
            assertThat(logs.get("Sales")).containsExactly(256.0, 12.5);
        }
    }

    @Test
    void aRaiserrorReachesTheDriverWithNumberStateClassAndServerName() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLServerException e = catchThrowableOfType(SQLServerException.class,
                    () -> s.execute("RAISERROR(N'disk %s is %d%% full', 16, 7, N'E:', 93)"));
            SQLServerError error = e.getSQLServerError();
            assertThat(error.getErrorNumber()).isEqualTo(50000);
            assertThat(error.getErrorState()).isEqualTo(7);
            assertThat(error.getErrorSeverity()).isEqualTo(16);
            assertThat(error.getErrorMessage()).isEqualTo("disk E: is 93% full");
            assertThat(error.getServerName()).isEqualTo("SQL22");
            assertThat(e.getSQLState()).isEqualTo("S0007");
        }
    }

    @Test
    void anEngineErrorReachesTheDriverWithSqlServersNumberStateAndClass() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLServerException e = catchThrowableOfType(SQLServerException.class,
                    () -> s.execute("CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'Xx1!xxxxxxxxxxxx'"));
            SQLServerError error = e.getSQLServerError();
            assertThat(error.getErrorNumber()).isEqualTo(15578);
            assertThat(error.getErrorState()).isEqualTo(1);
            assertThat(error.getErrorSeverity()).isEqualTo(16);
            assertThat(error.getErrorMessage()).isEqualTo(
                    "There is already a master key in the database. Please drop it before performing this statement.");
            assertThat(e.getErrorCode()).isEqualTo(15578);
        }
    }

    @Test
    void aPreparedStatementIsPreparedExecutedAgainAndUnpreparedOnTheTwin() throws Exception {
        // The driver's defaults (tds-protocol.md §6): 1st call sp_executesql, 2nd sp_prepexec, then sp_execute on
        // the handle; discard threshold 1 sends sp_unprepare when the statement closes. The driver reads the new
        // handle (RETURNVALUE, after the rows) only on its next call, so it shows from the 3rd execution on.
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT, ";serverPreparedStatementDiscardThreshold=1")) {
            List<Integer> handles = new ArrayList<>();
            int handle;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, recovery_model_desc FROM sys.databases WHERE database_id = ?")) {
                Map<Integer, List<Object>> expected = Map.of(1, List.of("master", "SIMPLE"),
                        4, List.of("msdb", "SIMPLE"), 5, List.of("Sales", "FULL"), 6, List.of("Inventory", "FULL"));
                for (int id : new int[] {1, 5, 6, 4, 5}) {
                    p.setInt(1, id);
                    try (ResultSet rs = p.executeQuery()) {
                        assertThat(JdbcRows.rows(rs)).containsExactly(expected.get(id));
                    }
                    handles.add(p.unwrap(SQLServerPreparedStatement.class).getPreparedStatementHandle());
                }
                handle = handles.get(handles.size() - 1);
                assertThat(handle).isPositive();
                assertThat(handles).containsOnly(0, handle).endsWith(handle, handle);
                // As on SQL Server, T-SQL can run a handle of its own session.
                assertThat(JdbcRows.rows(c, "EXEC sp_execute " + handle + ", 6")).containsExactly(List.of("Inventory", "FULL"));
                // The twin numbers handles per session: no next handle means the driver prepared only once.
                assertThat(catchThrowableOfType(SQLException.class,
                        () -> c.createStatement().execute("EXEC sp_execute " + (handle + 1) + ", 6")).getErrorCode())
                        .isEqualTo(8179);
            }
            SQLException gone = catchThrowableOfType(SQLException.class,
                    () -> c.createStatement().execute("EXEC sp_execute " + handle + ", 6"));
            assertThat(gone.getErrorCode()).as("unprepared at close").isEqualTo(8179);
            assertThat(gone.getMessage()).isEqualTo("Could not find prepared statement with handle " + handle + ".");
        }
    }

    @ParameterizedTest
    @EnumSource(SqlServerTwin.Encryption.class)
    void aRepresentativeWorkloadGivesTheSameAnswersInEveryEncryptMode(SqlServerTwin.Encryption encryption)
            throws Exception {
        try (Connection c = connect(encryption, "")) {
            assertThat(JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), "
                    + "CAST(SERVERPROPERTY('IsHadrEnabled') AS int), IS_SRVROLEMEMBER('sysadmin')"))
                    .containsExactly(List.of("16.0.4265.3", 1, 1));
            assertThat(JdbcRows.rows(c, """
                    SELECT d.name, COUNT(*) AS files
                      FROM sys.databases AS d JOIN sys.master_files AS f ON f.database_id = d.database_id
                     WHERE d.database_id > 4 GROUP BY d.name ORDER BY d.name"""))
                    .containsExactly(List.of("Inventory", 2), List.of("Sales", 2));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DBCC TRACESTATUS(-1)")) {
                List<Integer> flags = new ArrayList<>();
                while (rs.next()) {
                    flags.add(rs.getInt("TraceFlag"));
                }
                assertThat(flags).containsExactly(1800, 9567);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT CERTENCODED(CERT_ID(?))")) {
                for (String name : List.of("DigiCertPKI", "MicrosoftPKI")) {
                    p.setString(1, name);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        // A DER certificate is a SEQUENCE with a two-byte length: 0x30 0x82.
                        assertThat(rs.getBytes(1)).startsWith(0x30, 0x82).hasSizeGreaterThan(800);
                    }
                }
            }
            assertThat(catchThrowableOfType(SQLException.class,
                    () -> c.createStatement().execute("EXEC dbo.sp_no_such_procedure")).getErrorCode())
                    .isEqualTo(2812);
            assertThat(JdbcRows.rows(c, "SELECT 1")).containsExactly(List.of(1));
        }
    }

    @Test
    void encryptTrueNegotiatesTls12() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.TRUE, "")) {
            assertThat(twin.sessionEncryption(spid(c)))
                    .contains(new SessionEncryption("CLASSIC", "TLSv1.2", true));
        }
    }

    @Test
    void encryptStrictNegotiatesTls13() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT, "")) {
            // JDK 17's defaults on both ends agree on TLS 1.3 for TDS 8.0 (tds-protocol.md §7.1).
            assertThat(twin.sessionEncryption(spid(c)))
                    .contains(new SessionEncryption("STRICT", "TLSv1.3", true));
        }
    }

    @Test
    void encryptFalseEncryptsOnlyTheLoginPacket() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.FALSE, "")) {
            SessionEncryption encryption = twin.sessionEncryption(spid(c)).orElseThrow();
            assertThat(encryption.mode()).isEqualTo("LOGIN_ONLY");
            assertThat(encryption.encrypted()).isFalse();
            assertThat(encryption.tlsProtocol()).isEqualTo("TLSv1.2");
        }
        assertThat(twin.sessionEncryption(-1)).isEmpty();
    }
}
