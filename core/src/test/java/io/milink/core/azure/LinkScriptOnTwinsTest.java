package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.sql.SqlServerManager;

import io.milink.core.Tsql;
import io.milink.core.azure.LinkRequests.FailoverMode;
import io.milink.core.azure.LinkRequests.LinkCreation;
import io.milink.core.azure.LinkRequests.LinkRole;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.link.VirtualClock;

/**
 * The documented script for a link (shared/reference/mi-link-workflow.md §3: certificates both ways, endpoint,
 * availability group, distributed availability group, then the link on the instance) driven through the real
 * Microsoft JDBC driver and the real Azure SDK pipeline against the twins one scenario starts in one link world,
 * on a clock the test moves. Every missing prerequisite must fail with SQL Server's or ARM's documented error.
 */
class LinkScriptOnTwinsTest {

    private static final String DAG = "DAG_Sales";
    private static final String AG = "AG_Sales";
    private static final String MI_AG = "AG_Sales_MI";

    private TwinPartner pair;
    private LinkedTwins twins;
    private VirtualClock clock;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private void start(String yaml) {
        pair = TwinPartner.start(yaml, io.milink.simulator.arm.ArmFaultPlan.NONE, Duration.ZERO);
        twins = pair.twins();
        clock = pair.clock();
    }

    private ArmTwin arm() {
        return pair.arm();
    }

    private Connection connect() throws SQLException {
        return pair.connect();
    }

    private LinkArmClient armClient() {
        return TwinArm.linkClient(arm());
    }

    private ManagedInstanceClient instanceClient() {
        return ManagedInstanceClient.connect(ManagedInstanceRef.parse(arm().resourceId()), TwinArm.ANY_TOKEN,
                TwinArm.environment(arm()), TwinArm.httpClient(arm()));
    }

    /**
     * A database's status as the Azure SDK's own client lists the instance's databases
     * (ManagedDatabases_ListByInstance); null when the instance has no such database.
     */
    private String databaseStatus(String name) {
        ManagedInstanceRef ref = ManagedInstanceRef.parse(arm().resourceId());
        SqlServerManager manager = SqlServerManager.configure().withHttpClient(TwinArm.httpClient(arm()))
                .authenticate(TwinArm.ANY_TOKEN, new AzureProfile(null, ref.subscriptionId(),
                        TwinArm.environment(arm())));
        return manager.serviceClient().getManagedDatabases().listByInstance(ref.resourceGroup(), ref.name()).stream()
                .filter(database -> database.name().equals(name)).map(database -> String.valueOf(database.status()))
                .findFirst().orElse(null);
    }

    private static void run(Connection c, String sql) throws SQLException {
        TwinPartner.run(c, sql);
    }

    private static Map<String, Object> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
            }
            return row;
        }
    }

    /** §3.1–3.4 and §3.7: certificates both ways and the endpoint authenticating with SQL Server's. */
    private void exchangeCertificates(Connection c) throws Exception {
        pair.exchangeCertificates(c, armClient());
    }

    /** §3.8–3.9: the AG and the DAG as the docs write them. */
    private void createGroups(Connection c) throws SQLException {
        createAvailabilityGroup(c);
        pair.createDistributedGroup(c, DAG, AG, MI_AG);
    }

    private static void createAvailabilityGroup(Connection c) throws SQLException {
        TwinPartner.createAvailabilityGroup(c, AG, "Sales");
    }

    /** §3.11: the link on the instance, through the Azure SDK's pipeline. */
    private DistributedAvailabilityGroup createLink() throws ArmCallException {
        return armClient().links().create(DAG, new LinkCreation(MI_AG, AG, "TCP://sql22.contoso.local:5022",
                java.util.List.of("Sales"), LinkRole.SECONDARY, FailoverMode.MANUAL, ReplicationMode.ASYNC));
    }

    /** The secondary as SQL Server's primary sees it (mi-link-workflow.md §4.2). */
    private static Map<String, Object> remote(Connection c) throws SQLException {
        return row(c, "SELECT ars.role_desc, ars.connected_state_desc, drs.synchronization_state_desc, "
                + "drs.synchronization_health_desc, drs.last_hardened_lsn, drs.log_send_queue_size "
                + "FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "JOIN sys.dm_hadr_database_replica_states drs ON ars.replica_id = drs.replica_id "
                + "WHERE ag.is_distributed = 1 AND ag.name = N'" + DAG + "' AND ars.is_local = 0");
    }

    /** The instance's member of the DAG as SQL Server sees it (§3.12). */
    private static Map<String, Object> remoteReplica(Connection c) throws SQLException {
        return row(c, "SELECT ars.role_desc, ars.connected_state_desc, ars.last_connect_error_number "
                + "FROM sys.dm_hadr_availability_replica_states ars JOIN sys.availability_groups ag "
                + "ON ag.group_id = ars.group_id WHERE ag.name = N'" + DAG + "' AND ars.is_local = 0");
    }

    private static Map<String, Object> local(Connection c) throws SQLException {
        return row(c, "SELECT ars.role_desc FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "WHERE ag.is_distributed = 1 AND ag.name = N'" + DAG + "' AND ars.is_local = 1");
    }

    private DistributedAvailabilityGroup.LinkDatabase armDatabase() throws ArmCallException {
        return armClient().links().get(DAG).orElseThrow().databases().get(0);
    }

    @Test
    void theDocumentedScriptSeedsSynchronizesFailsOverAndRemovesTheLink() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022"));
        try (Connection c = connect()) {
            exchangeCertificates(c);
            createGroups(c);
            assertThat(remoteReplica(c).get("connected_state_desc"))
                    .as("§3.10: the DAG is disconnected until the instance joins").isEqualTo("DISCONNECTED");

            DistributedAvailabilityGroup link = createLink();
            assertThat(link.instanceLinkRole()).isEqualTo("Secondary");
            assertThat(remote(c).get("connected_state_desc")).isEqualTo("CONNECTED");

            // 2 GB at the default 100 MB/s: about 20 simulated seconds of seeding.
            clock.advance(Duration.ofSeconds(10));
            Map<String, Object> seeding = row(c, "SELECT ps.local_database_name, ps.transferred_size_bytes, "
                    + "ps.database_size_bytes, s.current_state FROM sys.dm_hadr_physical_seeding_stats ps "
                    + "JOIN sys.dm_hadr_automatic_seeding s ON ps.local_physical_seeding_id = s.operation_id");
            assertThat(seeding.get("local_database_name")).isEqualTo("Sales");
            assertThat(((Number) seeding.get("transferred_size_bytes")).longValue()).isPositive()
                    .isLessThan(((Number) seeding.get("database_size_bytes")).longValue());
            assertThat(armDatabase().replicaState()).isEqualTo("Seeding");
            assertThat(armDatabase().partnerAuthCertificateName()).as("the certificate the instance authenticates")
                    .isEqualTo(TwinPartner.SQL_CERTIFICATE);
            assertThat(armDatabase().partnerAuthCertificateExpiry()).isNotNull();
            assertThat(instanceClient().databaseNames()).doesNotContain("Sales");

            clock.advance(Duration.ofMinutes(2));
            assertThat(armDatabase().seedingProgress()).isEqualTo("100%");
            assertThat(instanceClient().databaseNames()).as("the database appears on the instance").contains("Sales");
            Map<String, Object> async = remote(c);
            assertThat(async.get("synchronization_state_desc"))
                    .as("an asynchronous secondary never reports SYNCHRONIZED").isEqualTo("SYNCHRONIZING");
            assertThat(async.get("synchronization_health_desc")).isEqualTo("HEALTHY");
            assertThat(armDatabase().synchronizationHealth()).isEqualTo("HEALTHY");
            assertThat(armDatabase().replicaState()).isEqualTo("LinkSynchronizing");
            for (int minute = 1; minute <= 10; minute++) {
                clock.advance(Duration.ofSeconds(59));
                assertThat(remote(c).get("synchronization_state_desc")).as("still asynchronous, minute %d", minute)
                        .isEqualTo("SYNCHRONIZING");
            }

            run(c, "ALTER AVAILABILITY GROUP [" + DAG + "] MODIFY AVAILABILITY GROUP ON N'" + AG
                    + "' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT), N'" + MI_AG
                    + "' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)");
            twins.world().pauseWorkload();
            clock.advance(Duration.ofSeconds(5));
            Map<String, Object> sync = remote(c);
            assertThat(sync.get("synchronization_state_desc")).isEqualTo("SYNCHRONIZED");
            assertThat(armClient().links().get(DAG).orElseThrow().replicationMode()).isEqualTo("Sync");
            assertThat(armDatabase().replicaState()).as("the instance's own view, synchronous")
                    .isEqualTo("LinkSynchronizing");
            assertThat(armDatabase().synchronizationHealth()).isEqualTo("HEALTHY");
            assertThat(armDatabase().connectedState()).isEqualTo("CONNECTED");
            assertThat(sync.get("last_hardened_lsn").toString())
                    .as("SQL Server's view of the secondary and the instance's own agree")
                    .isEqualTo(armDatabase().lastHardenedLsn());

            run(c, "ALTER AVAILABILITY GROUP [" + DAG + "] FAILOVER");
            assertThat(local(c).get("role_desc")).isEqualTo("SECONDARY");
            DistributedAvailabilityGroup afterFailover = armClient().links().get(DAG).orElseThrow();
            assertThat(afterFailover.instanceLinkRole()).isEqualTo("Primary");
            assertThat(afterFailover.replicationMode()).as("back to asynchronous after a planned failover")
                    .isEqualTo("Async");

            armClient().links().delete(DAG);
            assertThat(armClient().links().get(DAG)).isEmpty();
            assertThat(instanceClient().databaseNames()).as("the instance's database stays").contains("Sales");
            assertThat(databaseStatus("Sales")).as("and stays online").isEqualTo("Online");
            assertThat(remoteReplica(c).get("connected_state_desc")).isEqualTo("DISCONNECTED");
            run(c, "DROP AVAILABILITY GROUP [" + DAG + "]");
            assertThat(twins.world().status(DAG)).as("gone from both sides").isEmpty();
        }
    }

    @Test
    void withoutTheRootCertificateAuthoritiesTheLinkFailsWithCertificateNotFoundOnSqlServer() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022").replace(
                "    - { name: DigiCertPKI, bundled: digicert-global-root-g2, issuerFor: \"*.database.windows.net\" }\n"
                        + "    - { name: MicrosoftPKI, bundled: microsoft-rsa-root-2017, issuerFor: \"*.database.windows.net\" }\n",
                ""));
        try (Connection c = connect()) {
            exchangeCertificates(c);
            createGroups(c);
            assertLinkRefused(c, "ManagedInstanceLinkCertificateNotFoundOnSqlServer", 41974);
        }
    }

    @Test
    void aWrongCertificateUnderTheInstancesNameFailsWithCertificateNotFoundOnSqlServer() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022"));
        try (Connection c = connect()) {
            exchangeCertificates(c);
            run(c, "DROP CERTIFICATE " + Tsql.quoteName(arm().instance().scenario().fqdn()));
            byte[] other = io.milink.simulator.pki.CertificateIssuer.selfSigned(arm().instance().scenario().fqdn(),
                    java.time.Instant.now().minus(Duration.ofDays(1)), java.time.Instant.now().plus(Duration.ofDays(90)))
                    .der();
            run(c, "CREATE CERTIFICATE " + Tsql.quoteName(arm().instance().scenario().fqdn()) + " FROM BINARY = 0x"
                    + HexFormat.of().formatHex(other));
            createGroups(c);
            assertLinkRefused(c, "ManagedInstanceLinkCertificateNotFoundOnSqlServer", 41974);
        }
    }

    @Test
    void anEndpointWithoutCertificateAuthenticationFailsTheLink() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022"));
        try (Connection c = connect()) {
            exchangeCertificates(c);
            createGroups(c);
            run(c, "ALTER ENDPOINT [Hadr_endpoint] FOR DATABASE_MIRRORING (AUTHENTICATION = WINDOWS NEGOTIATE)");
            assertLinkRefused(c, "ManagedInstanceLinkConnectivityIsNotEstablished", 41986);
        }
    }

    @Test
    void sqlServersCertificateNotUploadedFailsWithCertificateNotFoundOnManagedInstance() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022"));
        try (Connection c = connect()) {
            exchangeCertificates(c);
            armClient().trustCertificates().delete(TwinPartner.SQL_CERTIFICATE);
            createGroups(c);
            assertLinkRefused(c, "ManagedInstanceLinkCertificateNotFoundOnManagedInstance", 41973);
        }
    }

    @Test
    void aDatabaseNotInFullRecoveryCannotJoinTheAvailabilityGroup() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022"));
        try (Connection c = connect()) {
            run(c, "ALTER DATABASE [Sales] SET RECOVERY SIMPLE");
            assertThatThrownBy(() -> createAvailabilityGroup(c)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1465));
            assertThat(row(c, "SELECT COUNT(*) AS n FROM sys.availability_groups").get("n")).isEqualTo(0);
        }
    }

    @Test
    void withHadrOffNoAvailabilityGroupCanBeCreated() throws Exception {
        start(BuiltInScenarios.yaml("ready-2022").replace("hadrEnabled: true", "hadrEnabled: false"));
        try (Connection c = connect()) {
            assertThatThrownBy(() -> createAvailabilityGroup(c)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(35221));
        }
    }

    private void assertLinkRefused(Connection c, String armCode, int engineNumber) throws SQLException {
        assertThatThrownBy(this::createLink).isInstanceOfSatisfying(ArmCallException.class,
                e -> assertThat(e.code()).isEqualTo(armCode));
        assertThat(arm().instance().linkNames()).as("no link was made").isEmpty();
        Map<String, Object> remote = remoteReplica(c);
        assertThat(remote.get("connected_state_desc")).isEqualTo("DISCONNECTED");
        assertThat(remote.get("last_connect_error_number")).as("SQL Server shows why too").isEqualTo(engineNumber);
    }
}
