package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements that change the instance, run through the real mssql-jdbc driver on the full twin. The tests share
 * one {@code ready-2022} twin and each changes a different part of it (its own trace flag, certificate or database),
 * so their order does not matter; scenarios with other facts get twins of their own.
 */
class SqlServerTwinChangesJdbcTest {

    @TempDir
    static Path dir;

    private static SqlServerTwin twin;

    @BeforeAll
    static void start() throws Exception {
        twin = SqlServerTwin.builder().builtInScenario("ready-2022").tls(false).start();
    }

    @AfterAll
    static void stop() {
        twin.close();
    }

    private static Connection connect(SqlServerTwin server) throws SQLException {
        SqlServerTwin.Credentials sa = server.sysadminCredentials();
        return DriverManager.getConnection(server.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), sa.userName(),
                sa.password());
    }

    /** DBCC TRACESTATUS(-1) as rows of TraceFlag, Status, Global, Session. */
    private static List<List<Object>> traceStatus(Connection c) throws SQLException {
        return JdbcRows.rows(c, "DBCC TRACESTATUS(-1)");
    }

    @Test
    void dbccTraceonGloballyShowsInTracestatusOfEverySession() throws Exception {
        try (Connection c = connect(twin); Connection other = connect(twin)) {
            assertThat(traceStatus(other)).noneMatch(row -> row.get(0).equals((short) 3226));
            c.createStatement().execute("DBCC TRACEON(3226, -1)");
            List<Object> global = List.of((short) 3226, (short) 1, (short) 1, (short) 0);
            assertThat(traceStatus(c)).contains(global);
            assertThat(traceStatus(other)).contains(global);
        }
    }

    @Test
    void dbccTraceonForTheSessionShowsOnlyInThatSession() throws Exception {
        try (Connection c = connect(twin); Connection other = connect(twin)) {
            c.createStatement().execute("DBCC TRACEON(4199)");
            assertThat(traceStatus(c)).contains(List.of((short) 4199, (short) 1, (short) 0, (short) 1));
            assertThat(traceStatus(other)).noneMatch(row -> row.get(0).equals((short) 4199));
        }
    }

    @Test
    void createCertificateFromFileImportsThePublicCertificate() throws Exception {
        byte[] der = aPublicCertificateNotInTheScenario();
        Path file = Files.write(dir.resolve("partner.cer"), der);
        try (Connection c = connect(twin)) {
            c.createStatement().execute("CREATE CERTIFICATE [PartnerFromFile] FROM FILE = N'" + file + "'");
            assertThat(JdbcRows.rows(c, "SELECT pvt_key_encryption_type, thumbprint, CERTENCODED(certificate_id) "
                    + "FROM sys.certificates WHERE name = N'PartnerFromFile'"))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.get(0)).isEqualTo("NA");
                        assertThat((byte[]) row.get(1)).isEqualTo(sha1(der));
                        assertThat((byte[]) row.get(2)).isEqualTo(der);
                    });
        }
    }

    @Test
    void createCertificateFromAMissingFileIsError15208AndCreatesNothing() throws Exception {
        Path missing = dir.resolve("no-such.cer");
        try (Connection c = connect(twin)) {
            SQLServerException e = catchThrowableOfType(SQLServerException.class, () -> c.createStatement()
                    .execute("CREATE CERTIFICATE [Missing] FROM FILE = N'" + missing + "'"));
            assertThat(e.getSQLServerError().getErrorNumber()).isEqualTo(15208);
            assertThat(e.getSQLServerError().getErrorSeverity()).isEqualTo(16);
            assertThat(e.getMessage()).isEqualTo("The certificate, asymmetric key, or private key file is not valid "
                    + "or does not exist; or you do not have permissions for it.");
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.certificates WHERE name = N'Missing'"))
                    .containsExactly(List.of(0));
        }
    }

    @Test
    void alterDatabaseSetRecoveryShowsInSysDatabases() throws Exception {
        String query = "SELECT recovery_model, recovery_model_desc FROM sys.databases WHERE name = N'Inventory'";
        try (Connection c = connect(twin); Statement s = c.createStatement()) {
            assertThat(JdbcRows.rows(c, query)).containsExactly(List.of((short) 1, "FULL"));
            s.execute("ALTER DATABASE [Inventory] SET RECOVERY SIMPLE");
            assertThat(JdbcRows.rows(c, query)).containsExactly(List.of((short) 3, "SIMPLE"));
            s.execute("ALTER DATABASE [Inventory] SET RECOVERY FULL WITH NO_WAIT");
            assertThat(JdbcRows.rows(c, query)).containsExactly(List.of((short) 1, "FULL"));
        }
    }

    @Test
    void sqlServer2016WithoutTheConnectPackHasNoCertificateIssuerProcedure() throws Exception {
        try (SqlServerTwin sql2016 = SqlServerTwin.builder().builtInScenario("sql2016-sp3-no-connect-pack")
                .tls(false).start();
             Connection c = connect(sql2016)) {
            SQLException batch = catchThrowableOfType(SQLException.class, () -> c.createStatement().execute(
                    "EXEC sp_certificate_add_issuer @certificate_id = 256, @dns_name = N'*.database.windows.net'"));
            assertThat(batch.getErrorCode()).isEqualTo(2812);
            assertThat(batch.getMessage()).isEqualTo("Could not find stored procedure 'sp_certificate_add_issuer'.");
            try (CallableStatement call = c.prepareCall("{call sp_certificate_add_issuer(?, ?)}")) {
                call.setInt(1, 256);
                call.setString(2, "*.database.windows.net");
                assertThat(catchThrowableOfType(SQLException.class, call::execute).getErrorCode()).isEqualTo(2812);
            }
        }
    }

    @Test
    void aNamedInstanceSplitsItsServerNameIntoMachineAndInstanceName() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("serverName: SQL22", "serverName: 'SQLHOST\\LINK'");
        try (SqlServerTwin named = SqlServerTwin.builder().scenarioYaml(yaml, "named-instance").tls(false).start();
             Connection c = connect(named)) {
            assertThat(JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)), "
                    + "CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)), @@SERVERNAME, @@SERVICENAME"))
                    .containsExactly(List.of("SQLHOST", "LINK", "SQLHOST\\LINK", "LINK"));
        }
    }

    /**
     * Any root from the JDK's trust store other than the scenario's two bundled roots: a real certificate, and
     * faster than generating an RSA key.
     */
    private static byte[] aPublicCertificateNotInTheScenario() throws Exception {
        KeyStore roots = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                .toFile(), (char[]) null);
        for (String alias : Collections.list(roots.aliases())) {
            if (!(roots.getCertificate(alias) instanceof X509Certificate certificate)) {
                continue;
            }
            String subject = certificate.getSubjectX500Principal().getName();
            if (!subject.contains("DigiCert Global Root G2") && !subject.contains("Microsoft")) {
                return certificate.getEncoded();
            }
        }
        throw new IllegalStateException("the JDK trust store holds no usable root certificate");
    }

    private static byte[] sha1(byte[] der) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(der);
    }
}
