package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.pki.BundledRootCertificates;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole SQL Server twin (TDS server + T-SQL engine) through the unmodified Microsoft JDBC driver over TCP:
 * what a DBA or milink runs to inspect and prepare a link, with SQL Server's answers and error numbers.
 */
class SqlServerTwinJdbcTest {

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

    private static Connection connect(SqlServerTwin.Encryption encryption) throws SQLException {
        return DriverManager.getConnection(twin.jdbcUrl(encryption, pem), sa.userName(), sa.password());
    }

    @ParameterizedTest
    @EnumSource(SqlServerTwin.Encryption.class)
    void theDriverConnectsInEveryEncryptModeAndReadsTheScenario(SqlServerTwin.Encryption encryption)
            throws Exception {
        try (Connection c = connect(encryption)) {
            assertThat(JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)), @@SERVERNAME"))
                    .containsExactly(List.of("16.0.4265.3", "SQL22"));
            assertThat(c.getMetaData().getDatabaseProductVersion()).startsWith("16.00.4265");
        }
    }

    @Test
    void aTlsCertificateIssuedOnceIsWhatASecondTwinServesAndStrictModePinsIt() throws Exception {
        IssuedCertificate issued = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
        try (SqlServerTwin second = SqlServerTwin.builder().builtInScenario("ready-2022").tlsCertificate(issued)
                .start()) {
            assertThat(second.certificatePem()).isEqualTo(issued.pem());
            Path pinned = Files.writeString(dir.resolve("issued.pem"), issued.pem());
            SqlServerTwin.Credentials login = second.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(SqlServerTwin.Encryption.STRICT, pinned),
                    login.userName(), login.password())) {
                assertThat(JdbcRows.rows(c, "SELECT @@SERVERNAME")).containsExactly(List.of("SQL22"));
            }
        }
    }

    @Test
    void aWrongPasswordIsLoginFailed18456() {
        SQLException e = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(
                twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem), sa.userName(), "wrong"));
        assertThat(e.getErrorCode()).isEqualTo(18456);
        assertThat(e.getMessage()).contains("Login failed for user 'sa'");
    }

    @Test
    void serverPropertyIsASqlVariantWhenNotCast() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SERVERPROPERTY('Edition'), SERVERPROPERTY('IsHadrEnabled')")) {
            assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("sql_variant");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Enterprise Edition (64-bit)");
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void catalogViewsJoinFilterAndOrderAsOnSqlServer() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT)) {
            assertThat(JdbcRows.rows(c, """
                    SELECT TOP 1 e.name, t.port, e.state_desc
                      FROM sys.database_mirroring_endpoints AS e
                      JOIN sys.tcp_endpoints AS t ON t.endpoint_id = e.endpoint_id
                     ORDER BY e.name"""))
                    .containsExactly(List.of("Hadr_endpoint", 5022, "STARTED"));
            assertThat(JdbcRows.rows(c, "SELECT name FROM sys.databases WHERE database_id > 4 ORDER BY name DESC"))
                    .containsExactly(List.of("Sales"), List.of("Inventory"));
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, recovery_model_desc FROM sys.databases")) {
                assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("nvarchar");
                assertThat(rs.getMetaData().getPrecision(1)).isEqualTo(128);
                assertThat(rs.getMetaData().getPrecision(2)).isEqualTo(60);
            }
        }
    }

    @Test
    void certEncodedReturnsTheRealDerOfABundledRoot() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CERTENCODED(CERT_ID(N'DigiCertPKI'))")) {
            rs.next();
            assertThat(rs.getBytes(1)).isEqualTo(
                    BundledRootCertificates.get(BundledRootCertificates.DIGICERT_GLOBAL_ROOT_G2).getEncoded());
        }
    }

    @Test
    void severalResultSetsInfoMessagesAndDbccArriveInOrder() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.TRUE); Statement s = c.createStatement()) {
            // PRINT produces no result of its own (its DONE carries no count), so the first result is DBCC's.
            assertThat(s.execute("PRINT 'hello'; DBCC TRACESTATUS(-1); SELECT 1 AS one;")).isTrue();
            SQLWarning warning = s.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).isEqualTo("hello");
            List<Integer> flags = new ArrayList<>();
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    flags.add(rs.getInt("TraceFlag"));
                }
            }
            assertThat(flags).containsExactlyInAnyOrder(1800, 9567);
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getInt("one")).isEqualTo(1);
            }
        }
    }

    @Test
    void changingStatementsGiveSqlServersErrorsAndChangeTheState() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT); Statement s = c.createStatement()) {
            assertThat(catchThrowableOfType(SQLException.class,
                    () -> s.execute("CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'Xx1!xxxxxxxxxx'")).getErrorCode())
                    .isEqualTo(15578);
            assertThat(catchThrowableOfType(SQLException.class,
                    () -> s.execute("DROP CERTIFICATE [NoSuchCert]")).getErrorCode()).isEqualTo(15151);
            assertThat(catchThrowableOfType(SQLException.class,
                    () -> s.execute("EXEC dbo.sp_no_such_procedure")).getErrorCode()).isEqualTo(2812);
            assertThat(catchThrowableOfType(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM sys.no_such_view")).getErrorCode()).isEqualTo(208);
            // First in a batch, an unknown word is a procedure name (EXEC may be omitted there); later, bad syntax.
            assertThat(catchThrowableOfType(SQLServerException.class, () -> s.execute("SELEC 1")).getErrorCode())
                    .isEqualTo(2812);
            assertThat(catchThrowableOfType(SQLServerException.class, () -> s.execute("SELECT 1; SELEC 1"))
                    .getErrorCode()).isEqualTo(102);

            s.execute("CREATE CERTIFICATE [Twin_test_cert] WITH SUBJECT = 'twin test', EXPIRY_DATE = '20301231'");
            assertThat(JdbcRows.rows(c, "SELECT subject, pvt_key_encryption_type FROM sys.certificates "
                    + "WHERE name = N'Twin_test_cert'")).containsExactly(List.of("twin test", "MK"));
            s.execute("DROP CERTIFICATE [Twin_test_cert]");

            s.execute("BACKUP DATABASE [Inventory] TO DISK = N'/tmp/inventory.bak' WITH COPY_ONLY");
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM msdb.dbo.backupset WHERE database_name = N'Inventory' "
                    + "AND is_copy_only = 1")).containsExactly(List.of(1));
        }
    }

    @Test
    void useChangesTheCatalogTheDriverReports() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT); Statement s = c.createStatement()) {
            s.execute("USE [Sales]");
            assertThat(c.getCatalog()).isEqualTo("Sales");
        }
    }

    @Test
    void aHostileNameTravelsAsAParameterAndAsAQuotedNameWithoutBeingRun() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT)) {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM sys.databases WHERE name = ?")) {
                p.setString(1, "a]; DROP DATABASE x--");
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> c.createStatement().execute("ALTER DATABASE [a]]; DROP DATABASE x--] SET RECOVERY FULL"));
            assertThat(e.getErrorCode()).isEqualTo(5011);
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.databases")).containsExactly(List.of(6));
        }
    }

    @Test
    void aQueryTimeoutCancelsWaitforAndTheConnectionStaysUsable() throws Exception {
        try (Connection c = connect(SqlServerTwin.Encryption.STRICT); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("WAITFOR DELAY '00:00:30'"));
            assertThat(e.getSQLState()).isEqualTo("HY008");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(JdbcRows.rows(c, "SELECT 1")).containsExactly(List.of(1));
        }
    }

    @Test
    void hikariReusesOneServerSessionForSuccessiveBorrowers() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem));
        config.setUsername(sa.userName());
        config.setPassword(sa.password());
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            int spid;
            try (Connection c = pool.getConnection()) {
                // @@SPID is smallint on SQL Server.
                spid = ((Number) JdbcRows.rows(c, "SELECT @@SPID").get(0).get(0)).intValue();
            }
            for (int i = 0; i < 3; i++) {
                try (Connection c = pool.getConnection()) {
                    assertThat(((Number) JdbcRows.rows(c, "SELECT @@SPID").get(0).get(0)).intValue()).isEqualTo(spid);
                }
            }
        }
    }

    @Test
    void theDriversPoolResetsTheSessionBeforeTheNextBorrowerUsesIt() throws Exception {
        var source = new com.microsoft.sqlserver.jdbc.SQLServerConnectionPoolDataSource();
        source.setURL(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem));
        source.setUser(sa.userName());
        source.setPassword(sa.password());
        var pooled = source.getPooledConnection();
        try {
            int spid;
            try (Connection c = pooled.getConnection(); Statement s = c.createStatement()) {
                s.execute("USE [Sales]");
                spid = ((Number) JdbcRows.rows(c, "SELECT @@SPID").get(0).get(0)).intValue();
            }
            try (Connection c = pooled.getConnection()) {
                // The request carries RESETCONNECTION: same server session, back in the login's database.
                assertThat(JdbcRows.rows(c, "SELECT DB_NAME(), @@SPID").get(0))
                        .containsExactly("master", (short) spid);
            }
        } finally {
            pooled.close();
        }
    }

    @Test
    void faultsInjectedThroughTheBuilderReachTheDriver() throws Exception {
        FaultPlan faults = new FaultPlan(0, Duration.ZERO,
                List.of(FaultPlan.StatementFault.of("sys\\.availability_groups", 1205)));
        try (SqlServerTwin faulty = SqlServerTwin.builder().builtInScenario("ready-2022").tls(false).faults(faults)
                .start();
             Connection c = DriverManager.getConnection(faulty.jdbcUrl(SqlServerTwin.Encryption.FALSE, null),
                     sa.userName(), sa.password())) {
            assertThat(JdbcRows.rows(c, "SELECT 1")).containsExactly(List.of(1));
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> c.createStatement().executeQuery("SELECT name FROM sys.availability_groups"));
            assertThat(e.getErrorCode()).isEqualTo(1205);
        }
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(sa.toString()).doesNotContain(sa.password()).contains("sa");
        assertThat(twin.loginDescriptions()).containsExactly("sa (sysadmin)", "reader")
                .noneMatch(d -> d.contains(sa.password()));
        assertThat(Map.of("x", sa).toString()).doesNotContain(sa.password());
    }
}
