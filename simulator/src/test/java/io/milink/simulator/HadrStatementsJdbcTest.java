package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.microsoft.sqlserver.jdbc.SQLServerException;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The link's SQL Server objects created with the documented script (mi-link-workflow §3.1–3.10, 3.14, 5.2–5.6)
 * through the real mssql-jdbc driver, and the refusals a DBA meets on the way, each with SQL Server's number.
 * Every test starts its own twin: each one changes the instance.
 */
class HadrStatementsJdbcTest {

    private static final String MI_FQDN = "mi-target-01.abc123def456.database.windows.net";

    /** §3.8, with the replica named @@SERVERNAME of ready-2022. */
    private static final String AG = """
            CREATE AVAILABILITY GROUP [AG_Sales]
              WITH (CLUSTER_TYPE = NONE)
              FOR DATABASE [Sales]
              REPLICA ON N'SQL22' WITH (
                 ENDPOINT_URL = 'TCP://10.0.0.4:5022',
                 AVAILABILITY_MODE = SYNCHRONOUS_COMMIT,
                 FAILOVER_MODE = MANUAL,
                 SEEDING_MODE = AUTOMATIC);
            """;

    /** §3.9: the SQL Server member and the managed instance member (listener URL with ;Server=[mi]). */
    private static final String DAG = """
            CREATE AVAILABILITY GROUP [DAG_Sales]
              WITH (DISTRIBUTED)
              AVAILABILITY GROUP ON
                N'AG_Sales'    WITH (LISTENER_URL = 'TCP://10.0.0.4:5022',
                                     AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL,
                                     SEEDING_MODE = AUTOMATIC, SESSION_TIMEOUT = 20),
                N'AG_Sales_MI' WITH (LISTENER_URL = 'tcp://%s:5022;Server=[mi-target-01]',
                                     AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL,
                                     SEEDING_MODE = AUTOMATIC);
            """.formatted(MI_FQDN);

    private final List<SqlServerTwin> twins = new ArrayList<>();

    @AfterEach
    void stop() {
        twins.forEach(SqlServerTwin::close);
    }

    private Connection connect(String scenario) throws Exception {
        return connect(SqlServerTwin.builder().builtInScenario(scenario));
    }

    private Connection connectYaml(String yaml) throws Exception {
        return connect(SqlServerTwin.builder().scenarioYaml(yaml, "test scenario"));
    }

    private Connection connect(SqlServerTwin.Builder builder) throws Exception {
        SqlServerTwin twin = builder.tls(false).start();
        twins.add(twin);
        SqlServerTwin.Credentials sa = twin.sysadminCredentials();
        return DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), sa.userName(),
                sa.password());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The SQL Server error the statement fails with, as the driver reports it. */
    private static SQLServerException failure(Connection c, String sql) {
        SQLServerException e = catchThrowableOfType(SQLServerException.class, () -> execute(c, sql));
        assertThat((Object) e).as(sql).isNotNull();
        return e;
    }

    private static int errorNumber(Connection c, String sql) {
        return failure(c, sql).getSQLServerError().getErrorNumber();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void theDocumentedScriptCreatesEndpointGroupAndDistributedGroupAsADbaExpectsToSeeThem() throws Exception {
        try (Connection c = connect("ready-2022")) {
            // §3.1 and §3.2
            execute(c, "IF NOT EXISTS (SELECT * FROM sys.symmetric_keys WHERE symmetric_key_id = 101) "
                    + "CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'Str0ng!Key-Passw0rd'");
            execute(c, """
                    DECLARE @name nvarchar(128) = N'Cert_' + @@SERVERNAME + N'_endpoint'
                    IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = @name)
                        CREATE CERTIFICATE [Cert_SQL22_endpoint] WITH SUBJECT = N'Certificate for Cert_SQL22_endpoint',
                            EXPIRY_DATE = N'03/30/2030'
                    """);
            assertThat(JdbcRows.rows(c, "SELECT pvt_key_encryption_type FROM sys.certificates "
                    + "WHERE name = N'Cert_SQL22_endpoint'")).containsExactly(List.of("MK"));
            // §3.3: the public key to upload is the whole DER certificate
            byte[] der = (byte[]) JdbcRows.rows(c, "SELECT CERTENCODED(CERT_ID(N'Cert_SQL22_endpoint'))").get(0).get(0);
            X509Certificate uploaded = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            assertThat(uploaded.getSubjectX500Principal().getName()).isEqualTo("CN=Certificate for Cert_SQL22_endpoint");
            assertThat(JdbcRows.rows(c, "SELECT thumbprint FROM sys.certificates WHERE name = N'Cert_SQL22_endpoint'")
                    .get(0).get(0)).isEqualTo(MessageDigest.getInstance("SHA-1").digest(der));
            // §3.4: the managed instance's endpoint certificate, named after its FQDN
            execute(c, "CREATE CERTIFICATE [" + MI_FQDN + "] FROM BINARY = 0x"
                    + HexFormat.of().formatHex(aCertificateFromTheJdkTrustStore()));
            // §3.7: the instance already has a Windows-authenticated endpoint: alter it, keep Windows
            execute(c, """
                    ALTER ENDPOINT [Hadr_endpoint] STATE = STARTED AS TCP (LISTENER_PORT = 5022, LISTENER_IP = ALL)
                      FOR DATABASE_MIRRORING (ROLE = ALL,
                        AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [Cert_SQL22_endpoint],
                        ENCRYPTION = REQUIRED ALGORITHM AES)
                    """);
            execute(c, AG);
            execute(c, DAG);

            // §1.9 / §3.7 verification
            assertThat(JdbcRows.rows(c, """
                    SELECT e.name, e.type_desc, e.state_desc, e.role_desc, e.connection_auth_desc,
                           e.is_encryption_enabled, e.encryption_algorithm_desc, c.name, t.port, t.ip_address
                      FROM sys.database_mirroring_endpoints e
                      JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id
                      LEFT JOIN sys.certificates c ON c.certificate_id = e.certificate_id
                    """)).containsExactly(row("Hadr_endpoint", "DATABASE_MIRRORING", "STARTED", "ALL",
                    "NEGOTIATE CERTIFICATE", true, "AES", "Cert_SQL22_endpoint", 5022, null));
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.endpoints WHERE type = 4")).containsExactly(List.of(1));
            // §3.10
            assertThat(JdbcRows.rows(c, "SELECT name, is_distributed, cluster_type_desc FROM sys.availability_groups "
                    + "ORDER BY name")).containsExactly(row("AG_Sales", false, "none"), row("DAG_Sales", true, "none"));
            assertThat(JdbcRows.rows(c, """
                    SELECT ag.name, r.replica_server_name, r.endpoint_url, r.availability_mode_desc,
                           r.failover_mode_desc, r.seeding_mode_desc, r.session_timeout
                      FROM sys.availability_replicas r JOIN sys.availability_groups ag ON ag.group_id = r.group_id
                     ORDER BY ag.name, r.replica_server_name
                    """)).containsExactly(
                    row("AG_Sales", "SQL22", "TCP://10.0.0.4:5022", "SYNCHRONOUS_COMMIT", "MANUAL", "AUTOMATIC", 10),
                    row("DAG_Sales", "AG_Sales", "TCP://10.0.0.4:5022", "ASYNCHRONOUS_COMMIT", "MANUAL", "AUTOMATIC", 20),
                    row("DAG_Sales", "AG_Sales_MI", "tcp://" + MI_FQDN + ":5022;Server=[mi-target-01]",
                            "ASYNCHRONOUS_COMMIT", "MANUAL", "AUTOMATIC", 10));
            // §3.12: the managed instance has not joined yet
            assertThat(JdbcRows.rows(c, """
                    SELECT r.replica_server_name, rs.connected_state_desc, rs.last_connect_error_number
                      FROM sys.dm_hadr_availability_replica_states rs
                      JOIN sys.availability_replicas r ON rs.replica_id = r.replica_id
                     ORDER BY r.replica_server_name
                    """)).containsExactly(row("AG_Sales", "CONNECTED", null), row("AG_Sales_MI", "DISCONNECTED", null),
                    row("SQL22", "CONNECTED", null));
            // §5.6: this side is the distributed group's primary
            assertThat(JdbcRows.rows(c, """
                    SELECT ag.name, rs.role_desc FROM sys.availability_groups ag
                      JOIN sys.dm_hadr_availability_replica_states rs ON ag.group_id = rs.group_id
                     WHERE rs.is_local = 1 AND ag.is_distributed = 1 AND ag.name = 'DAG_Sales'
                    """)).containsExactly(row("DAG_Sales", "PRIMARY"));
            // the database is in the group, on the local replica
            assertThat(JdbcRows.rows(c, """
                    SELECT d.name, adc.database_name, CASE WHEN d.replica_id = r.replica_id THEN 1 ELSE 0 END
                      FROM sys.databases d
                      JOIN sys.availability_databases_cluster adc ON adc.group_database_id = d.group_database_id
                      JOIN sys.availability_groups ag ON ag.group_id = adc.group_id AND ag.is_distributed = 0
                      JOIN sys.availability_replicas r ON r.group_id = ag.group_id
                    """)).containsExactly(row("Sales", "Sales", 1));
            // §5.2 step 2: the switch to synchronous commit shows in the replicas
            execute(c, """
                    ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY GROUP ON
                      'AG_Sales'    WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT),
                      'AG_Sales_MI' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);
                    """);
            assertThat(JdbcRows.rows(c, "SELECT r.availability_mode_desc FROM sys.availability_replicas r "
                    + "JOIN sys.availability_groups ag ON ag.group_id = r.group_id WHERE ag.is_distributed = 1"))
                    .containsExactly(List.of("SYNCHRONOUS_COMMIT"), List.of("SYNCHRONOUS_COMMIT"));
            // §6: removal on the SQL Server side, then the endpoint before its certificate
            execute(c, "DROP AVAILABILITY GROUP [DAG_Sales]; DROP AVAILABILITY GROUP [AG_Sales]");
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.availability_groups")).containsExactly(List.of(0));
        }
    }

    @Test
    void aNewEndpointWithCertificateAuthenticationOnAChosenAddress() throws Exception {
        try (Connection c = connect("ready-2022")) {
            execute(c, "CREATE CERTIFICATE [Cert_SQL22_endpoint] WITH SUBJECT = 'Certificate for Cert_SQL22_endpoint'");
            execute(c, "DROP ENDPOINT [Hadr_endpoint]");
            execute(c, """
                    CREATE ENDPOINT database_mirroring_endpoint STATE = STARTED
                      AS TCP (LISTENER_PORT = 5022, LISTENER_IP = (10.0.0.4))
                      FOR DATABASE_MIRRORING (ROLE = ALL, AUTHENTICATION = CERTIFICATE [Cert_SQL22_endpoint],
                                              ENCRYPTION = REQUIRED ALGORITHM AES)
                    """);
            assertThat(JdbcRows.rows(c, """
                    SELECT e.name, e.state_desc, e.connection_auth_desc, t.ip_address, e.protocol_desc
                      FROM sys.database_mirroring_endpoints e JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id
                    """)).containsExactly(row("database_mirroring_endpoint", "STARTED", "CERTIFICATE", "10.0.0.4", "TCP"));
            // the certificate is the endpoint's: DROP CERTIFICATE is refused until the endpoint lets go of it
            SQLServerException inUse = failure(c, "DROP CERTIFICATE [Cert_SQL22_endpoint]");
            assertThat(inUse.getSQLServerError().getErrorNumber()).isEqualTo(15352);
            assertThat(inUse.getMessage()).isEqualTo("The certificate cannot be dropped because one or more entities "
                    + "are either signed or encrypted using it.");
            execute(c, "ALTER ENDPOINT database_mirroring_endpoint FOR DATABASE_MIRRORING (AUTHENTICATION = WINDOWS)");
            execute(c, "DROP CERTIFICATE [Cert_SQL22_endpoint]");
            assertThat(JdbcRows.rows(c, "SELECT connection_auth_desc, certificate_id FROM sys.database_mirroring_endpoints"))
                    .containsExactly(row("NEGOTIATE", null));
        }
    }

    @Test
    void aSecondMirroringEndpointIs7862() throws Exception {
        try (Connection c = connect("ready-2022")) {
            SQLServerException e = failure(c, "CREATE ENDPOINT [Second] STATE = STARTED AS TCP (LISTENER_PORT = 5023) "
                    + "FOR DATABASE_MIRRORING (ROLE = ALL)");
            assertThat(e.getSQLServerError().getErrorNumber()).isEqualTo(7862);
            assertThat(e.getSQLServerError().getErrorSeverity()).isEqualTo(16);
            assertThat(e.getMessage()).startsWith("An endpoint of the requested type already exists.");
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.database_mirroring_endpoints")).containsExactly(List.of(1));
        }
    }

    @Test
    void anEndpointNeedsAnExistingCertificateWithAMasterKeyProtectedPrivateKey() throws Exception {
        String alter = "ALTER ENDPOINT [Hadr_endpoint] FOR DATABASE_MIRRORING (AUTHENTICATION = CERTIFICATE [%s])";
        try (Connection c = connect("ready-2022")) {
            SQLServerException missing = failure(c, alter.formatted("NoSuchCert"));
            assertThat(missing.getSQLServerError().getErrorNumber()).isEqualTo(15151);
            assertThat(missing.getMessage()).isEqualTo("Cannot find the certificate 'NoSuchCert', because it does not "
                    + "exist or you do not have permission.");
            // imported: no private key
            SQLServerException imported = failure(c, alter.formatted("MicrosoftPKI"));
            assertThat(imported.getSQLServerError().getErrorNumber()).isEqualTo(28055);
            assertThat(imported.getMessage()).startsWith("The certificate 'MicrosoftPKI' is not valid for endpoint "
                    + "authentication.");
            // a private key protected by a password, not by the master key
            execute(c, "CREATE CERTIFICATE [PwCert] ENCRYPTION BY PASSWORD = 'Pw-Passw0rd!' WITH SUBJECT = 'pw'");
            assertThat(errorNumber(c, alter.formatted("PwCert"))).isEqualTo(28055);
            assertThat(JdbcRows.rows(c, "SELECT connection_auth_desc FROM sys.database_mirroring_endpoints"))
                    .containsExactly(List.of("NEGOTIATE"));
        }
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        try (Connection c = connect("ready-2022")) {
            execute(c, AG);
            SQLServerException again = failure(c, AG.replace("[Sales]", "[Inventory]"));
            assertThat(again.getSQLServerError().getErrorNumber()).isEqualTo(41042);
            assertThat(again.getMessage()).startsWith("The availability group 'AG_Sales' already exists.");
            execute(c, DAG);
            assertThat(errorNumber(c, DAG)).isEqualTo(19509);
            assertThat(errorNumber(c, DAG.replace("[DAG_Sales]", "[AG_Sales]"))).isEqualTo(19509);
        }
    }

    @Test
    void aMissingDatabaseIs35238() throws Exception {
        try (Connection c = connect("ready-2022")) {
            SQLServerException e = failure(c, AG.replace("[Sales]", "[Payroll]"));
            assertThat(e.getSQLServerError().getErrorNumber()).isEqualTo(35238);
            assertThat(e.getMessage()).startsWith("Database 'Payroll' cannot be added to availability group 'AG_Sales'. "
                    + "The database does not exist on this SQL Server instance.");
        }
    }

    @Test
    void aDatabaseNeedsTheFullRecoveryModelAndAFullBackupThatIsNotCopyOnly() throws Exception {
        String ag = AG.replace("N'SQL22'", "N'SQL22B'").replace("[Sales]", "[Reporting]");
        try (Connection c = connect("simple-recovery-copy-only")) {
            SQLServerException simple = failure(c, ag);
            assertThat(simple.getSQLServerError().getErrorNumber()).isEqualTo(1465);
            assertThat(simple.getMessage()).contains("\"Reporting\"").contains("full recovery");
            execute(c, "ALTER DATABASE [Reporting] SET RECOVERY FULL");
            // its only full backup is copy-only: no backup chain
            SQLServerException copyOnly = failure(c, ag);
            assertThat(copyOnly.getSQLServerError().getErrorNumber()).isEqualTo(1475);
            assertThat(copyOnly.getMessage()).startsWith("Database \"Reporting\" might contain bulk logged changes that "
                    + "have not been backed up.");
            execute(c, "BACKUP DATABASE [Reporting] TO DISK = N'C:\\backup\\Reporting.bak' WITH COPY_ONLY");
            assertThat(errorNumber(c, ag)).isEqualTo(1475);
            execute(c, "BACKUP DATABASE [Reporting] TO DISK = N'C:\\backup\\Reporting.bak'");
            execute(c, ag);
            assertThat(JdbcRows.rows(c, "SELECT database_name FROM sys.availability_databases_cluster"))
                    .containsExactly(List.of("Reporting"));
        }
    }

    @Test
    void withAlwaysOnDisabledEveryAvailabilityGroupStatementIs35221() throws Exception {
        try (Connection c = connect("hadr-off-no-master-key")) {
            assertThat(JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('IsHadrEnabled') AS int)")).containsExactly(List.of(0));
            SQLServerException e = failure(c, AG.replace("N'SQL22'", "N'SQL22NEW'").replace("[Sales]", "[Payroll]"));
            assertThat(e.getSQLServerError().getErrorNumber()).isEqualTo(35221);
            assertThat(e.getMessage()).startsWith("Could not process the operation. Always On Availability Groups "
                    + "replica manager is disabled on this instance of SQL Server.");
            assertThat(errorNumber(c, "DROP AVAILABILITY GROUP [AG_Sales]")).isEqualTo(35221);
            // without a master key a certificate for the endpoint cannot be made either (§3.1 comes first)
            assertThat(errorNumber(c, "CREATE CERTIFICATE [Cert_SQL22NEW_endpoint] WITH SUBJECT = 'x'")).isEqualTo(15581);
        }
    }

    @Test
    void tSqlFailoverOfADistributedGroupNeedsSqlServer2022Cu13() throws Exception {
        // CU12 (16.0.4115.5) is one update too old
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("16.0.4265.3", "16.0.4115.5")
                .replace("productUpdateLevel: CU26", "productUpdateLevel: CU12");
        try (Connection c = connectYaml(yaml)) {
            execute(c, AG);
            execute(c, DAG);
            SQLServerException e = failure(c, "ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER");
            assertThat(e.getSQLServerError().getErrorNumber()).isEqualTo(19504);
            assertThat(e.getMessage()).isEqualTo("Cannot failover a distributed availability replica for availability "
                    + "group 'DAG_Sales'. Only force failover is supported in this version of SQL Server.");
        }
        // on CU26 the statement is accepted and reaches the link world, where no instance has joined the group yet
        try (Connection c = connect("ready-2022")) {
            execute(c, AG);
            execute(c, DAG);
            assertThat(errorNumber(c, "ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER")).isEqualTo(41104);
        }
    }

    @Test
    void aDatabaseNameThatLooksLikeTSqlIsJustAName() throws Exception {
        String name = "a]; DROP DATABASE x--";
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("    - name: Inventory",
                "    - name: \"a]; DROP DATABASE x--\"\n"
                + "      backups: [ { type: FULL, finished: 2026-11-22T01:00:00Z } ]\n"
                + "    - name: Inventory");
        try (Connection c = connectYaml(yaml)) {
            execute(c, AG.replace("[AG_Sales]", "[AG]]x]").replace("[Sales]", "[a]]; DROP DATABASE x--]"));
            assertThat(JdbcRows.rows(c, "SELECT ag.name, adc.database_name FROM sys.availability_databases_cluster adc "
                    + "JOIN sys.availability_groups ag ON ag.group_id = adc.group_id"))
                    .containsExactly(row("AG]x", name));
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.databases")).containsExactly(List.of(7));
            execute(c, "ALTER AVAILABILITY GROUP [AG]]x] REMOVE DATABASE [a]]; DROP DATABASE x--]");
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.availability_databases_cluster"))
                    .containsExactly(List.of(0));
        }
    }

    @Test
    void theManagedInstanceAsInitialPrimaryScriptRuns() throws Exception {
        try (Connection c = connect("ready-2022")) {
            execute(c, """
                    CREATE AVAILABILITY GROUP [AG_HR] WITH (CLUSTER_TYPE = NONE)
                      FOR REPLICA ON N'SQL22' WITH (ENDPOINT_URL = N'TCP://10.0.0.4:5022', FAILOVER_MODE = MANUAL,
                        AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, SEEDING_MODE = AUTOMATIC)
                    ALTER AVAILABILITY GROUP [AG_HR] GRANT CREATE ANY DATABASE
                    """);
            execute(c, DAG.replace("DAG_Sales", "DAG_HR").replace("AG_Sales", "AG_HR")
                    .replace(";Server=[mi-target-01]", ";Server=[mi-target-01];Database=[HR]"));
            assertThat(JdbcRows.rows(c, "SELECT name, is_distributed FROM sys.availability_groups ORDER BY name"))
                    .containsExactly(row("AG_HR", false), row("DAG_HR", true));
            assertThat(JdbcRows.rows(c, "SELECT COUNT(*) FROM sys.availability_databases_cluster"))
                    .containsExactly(List.of(0));
        }
    }

    /** Any root of the JDK's trust store: a real DER certificate, as the managed instance's would be. */
    private static byte[] aCertificateFromTheJdkTrustStore() throws Exception {
        KeyStore roots = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                .toFile(), (char[]) null);
        for (String alias : Collections.list(roots.aliases())) {
            if (roots.getCertificate(alias) instanceof X509Certificate certificate
                    && !certificate.getSubjectX500Principal().getName().contains("DigiCert Global Root G2")
                    && !certificate.getSubjectX500Principal().getName().contains("Microsoft")) {
                return certificate.getEncoded();
            }
        }
        throw new IllegalStateException("the JDK trust store holds no usable root certificate");
    }
}
