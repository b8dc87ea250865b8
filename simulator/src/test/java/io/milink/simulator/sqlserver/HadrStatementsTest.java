package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.HadrException;

/**
 * Endpoint and availability group DDL on the engine (no wire): the error cases beyond the documented script, the
 * distributed group's calls to its replication, and distributed groups declared in a scenario. The script itself
 * and the main refusals run through mssql-jdbc in {@code io.milink.simulator.HadrStatementsJdbcTest}.
 */
class HadrStatementsTest {

    private static final String SA_PASSWORD = "Twin-Passw0rd!";

    static final String AG = "CREATE AVAILABILITY GROUP [AG_Sales] WITH (CLUSTER_TYPE = NONE) FOR DATABASE [Sales] "
            + "REPLICA ON N'SQL22' WITH (ENDPOINT_URL = N'TCP://10.0.0.4:5022', AVAILABILITY_MODE = "
            + "SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC)";

    static final String DAG = "CREATE AVAILABILITY GROUP [DAG_Sales] WITH (DISTRIBUTED) AVAILABILITY GROUP ON "
            + "N'AG_Sales' WITH (LISTENER_URL = N'TCP://10.0.0.4:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, "
            + "FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC, SESSION_TIMEOUT = 20), "
            + "N'AG_Sales_MI' WITH (LISTENER_URL = N'tcp://mi-target-01.abc123def456.database.windows.net:5022;"
            + "Server=[mi-target-01]', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, "
            + "SEEDING_MODE = AUTOMATIC)";

    private final List<SqlServerInstance> instances = new ArrayList<>();

    @AfterEach
    void close() {
        instances.forEach(SqlServerInstance::close);
    }

    private EngineSession ready2022() {
        return session(BuiltInScenarios.yaml("ready-2022"));
    }

    private EngineSession session(String yaml) {
        SqlServerInstance instance = SqlServerInstance.fromScenario(yaml);
        instances.add(instance);
        return TwinFixture.login(instance, "sa", SA_PASSWORD, "");
    }

    private static void ok(EngineSession session, String sql) {
        assertThat(TwinFixture.run(session, sql).errors()).as(sql).isEmpty();
    }

    private static ServerMessage error(EngineSession session, String sql) {
        List<ServerMessage> errors = TwinFixture.run(session, sql).errors();
        assertThat(errors).as(sql).hasSize(1);
        return errors.get(0);
    }

    private static List<List<Object>> rows(EngineSession session, String sql) {
        RecordingSink r = TwinFixture.run(session, sql);
        assertThat(r.errors()).as(sql).isEmpty();
        return r.onlyTable().rows().stream().map(Arrays::asList).toList();
    }

    // ------------------------------------------------------------------ endpoints

    @Test
    void createEndpointTakesTheDocumentedDefaults() {
        EngineSession s = ready2022();
        ok(s, "DROP ENDPOINT [Hadr_endpoint]");
        ok(s, "CREATE ENDPOINT [Mirroring] AS TCP (LISTENER_PORT = 5023) FOR DATABASE_MIRRORING (ROLE = PARTNER)");
        assertThat(rows(s, "SELECT e.name, e.state_desc, e.role_desc, e.connection_auth_desc, e.is_encryption_enabled,"
                + " e.encryption_algorithm_desc, e.certificate_id, t.port, t.ip_address, e.endpoint_id"
                + " FROM sys.database_mirroring_endpoints e JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id"))
                .containsExactly(Arrays.asList("Mirroring", "STOPPED", "PARTNER", "NEGOTIATE", true, "AES", null, 5023,
                        null, 65537));
        ok(s, "ALTER ENDPOINT [Mirroring] STATE = STARTED");
        assertThat(rows(s, "SELECT e.state, e.state_desc, m.role_desc FROM sys.endpoints e JOIN sys.database_mirroring_endpoints"
                + " m ON m.endpoint_id = e.endpoint_id")).containsExactly(List.of((short) 0, "STARTED", "PARTNER"));
    }

    @Test
    void replicaConnectionOptionsShowWithTheirCodes() {
        EngineSession s = ready2022();
        ok(s, AG.replace("SEEDING_MODE = AUTOMATIC", "SEEDING_MODE = MANUAL, BACKUP_PRIORITY = 30, "
                + "SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY), PRIMARY_ROLE (ALLOW_CONNECTIONS = READ_WRITE)"));
        assertThat(rows(s, "SELECT primary_role_allow_connections, primary_role_allow_connections_desc, "
                + "secondary_role_allow_connections, secondary_role_allow_connections_desc, seeding_mode, "
                + "seeding_mode_desc, backup_priority FROM sys.availability_replicas"))
                .containsExactly(List.of((short) 3, "READ_WRITE", (short) 1, "READ_ONLY", (short) 1, "MANUAL", 30));
    }

    @Test
    void authenticationAndAlgorithmListsShowAsTheCatalogWritesThem() {
        EngineSession s = ready2022();
        ok(s, "CREATE CERTIFICATE [EpCert] WITH SUBJECT = 'ep'");
        String[][] cases = {
                {"WINDOWS KERBEROS", "KERBEROS"},
                {"WINDOWS", "NEGOTIATE"},
                {"CERTIFICATE [EpCert]", "CERTIFICATE"},
                {"CERTIFICATE [EpCert] WINDOWS", "CERTIFICATE NEGOTIATE"},
                {"CERTIFICATE EpCert WINDOWS NTLM", "CERTIFICATE NTLM"},
                {"WINDOWS NEGOTIATE CERTIFICATE [EpCert]", "NEGOTIATE CERTIFICATE"}};
        for (String[] c : cases) {
            ok(s, "ALTER ENDPOINT [Hadr_endpoint] FOR DATABASE_MIRRORING (AUTHENTICATION = " + c[0]
                    + ", ENCRYPTION = SUPPORTED ALGORITHM RC4 AES)");
            assertThat(rows(s, "SELECT connection_auth_desc, connection_auth, encryption_algorithm_desc,"
                    + " CASE WHEN certificate_id IS NULL THEN 0 ELSE 1 END FROM sys.database_mirroring_endpoints"))
                    .as(c[0]).singleElement().satisfies(row -> {
                        assertThat(row.get(0)).isEqualTo(c[1]);
                        assertThat(row.get(2)).isEqualTo("NONE RC4 AES");
                        assertThat(row.get(3)).isEqualTo(c[0].contains("CERTIFICATE") ? 1 : 0);
                    });
        }
        ok(s, "ALTER ENDPOINT [Hadr_endpoint] FOR DATABASE_MIRRORING (ENCRYPTION = DISABLED)");
        assertThat(rows(s, "SELECT is_encryption_enabled, encryption_algorithm_desc FROM sys.database_mirroring_endpoints"))
                .containsExactly(List.of(false, "NONE"));
    }

    @Test
    void endpointStatementsRefuseWhatSqlServerRefuses() {
        EngineSession s = ready2022();
        assertThat(error(s, "ALTER ENDPOINT [Nope] STATE = STARTED").number()).isEqualTo(15151);
        assertThat(error(s, "ALTER ENDPOINT [Hadr_endpoint]").number()).isEqualTo(7863);
        assertThat(error(s, "ALTER ENDPOINT [Hadr_endpoint] FOR TSQL ()").number()).isEqualTo(7860);
        assertThat(error(s, "DROP ENDPOINT [TSQL Default TCP]").number()).isEqualTo(7873);
        assertThat(error(s, "DROP ENDPOINT [Nope]").text())
                .isEqualTo("Cannot drop the endpoint 'Nope', because it does not exist or you do not have permission.");
        ServerMessage noRole = error(s, "DROP ENDPOINT Hadr_endpoint; CREATE ENDPOINT e AS TCP (LISTENER_PORT = 5022) "
                + "FOR DATABASE_MIRRORING (AUTHENTICATION = WINDOWS)");
        assertThat(noRole.number()).isEqualTo(102);
        ServerMessage inTransaction = error(s, "BEGIN TRAN; CREATE ENDPOINT e AS TCP (LISTENER_PORT = 5022) "
                + "FOR DATABASE_MIRRORING (ROLE = ALL); ROLLBACK");
        assertThat(inTransaction.number()).isEqualTo(226);
        assertThat(inTransaction.text()).isEqualTo("CREATE ENDPOINT statement not allowed within multi-statement transaction.");
    }

    @Test
    void aNonSysadminCannotCreateAlterOrDropEndpoints() {
        SqlServerInstance instance = SqlServerInstance.fromScenario(BuiltInScenarios.yaml("ready-2022"));
        instances.add(instance);
        EngineSession reader = TwinFixture.login(instance, "reader", "Reader-Passw0rd!", "");
        assertThat(error(reader, "CREATE ENDPOINT e AS TCP (LISTENER_PORT = 5022) FOR DATABASE_MIRRORING (ROLE = ALL)")
                .number()).isEqualTo(15247);
        assertThat(error(reader, "ALTER ENDPOINT [Hadr_endpoint] STATE = STOPPED").number()).isEqualTo(15151);
        assertThat(error(reader, "DROP ENDPOINT [Hadr_endpoint]").number()).isEqualTo(15151);
        assertThat(error(reader, AG).number()).isEqualTo(15247);
    }

    // ------------------------------------------------------------------ availability groups

    @Test
    void availabilityGroupStatementsRunInMasterOnly() {
        EngineSession s = ready2022();
        ServerMessage m = error(s, "USE [Sales]; " + AG);
        assertThat(m.number()).isEqualTo(35208);
        assertThat(m.text()).startsWith("Availability group DDL operations are permitted only when you are using the master database.");
    }

    @Test
    void replicasAndOptionsAreCheckedAsSqlServerChecksThem() {
        EngineSession s = ready2022();
        assertThat(error(s, AG.replace("N'SQL22'", "N'OTHERHOST'")).number()).isEqualTo(35237);
        assertThat(error(s, AG.replace(", FAILOVER_MODE = MANUAL", "")).number()).isEqualTo(41197);
        assertThat(error(s, AG.replace("AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, ", "")).number()).isEqualTo(41198);
        assertThat(error(s, AG.replace("ENDPOINT_URL = N'TCP://10.0.0.4:5022', ", "")).number()).isEqualTo(35236);
        assertThat(error(s, AG.replace("TCP://10.0.0.4:5022", "http://10.0.0.4")).number()).isEqualTo(35232);
        assertThat(error(s, AG.replace("SYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL",
                "ASYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC")).number()).isEqualTo(35211);
        assertThat(error(s, AG.replace("SEEDING_MODE = AUTOMATIC", "SESSION_TIMEOUT = 2")).number()).isEqualTo(35214);
        assertThat(error(s, AG.replace("(CLUSTER_TYPE = NONE)", "(HEALTH_CHECK_TIMEOUT = 1000)")).number())
                .isEqualTo(35229);
        assertThat(error(s, AG.replace("[Sales]", "[Sales], [sales]")).number()).isEqualTo(35234);
        assertThat(error(s, AG.replace("[Sales]", "[msdb]")).number()).isEqualTo(35249);
        assertThat(error(s, AG.replace("(CLUSTER_TYPE = NONE)", "(CLUSTER_TYPE = NONE, DISTRIBUTED)")).number())
                .isEqualTo(19497);
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_groups")).containsExactly(List.of(0));
    }

    @Test
    void aDatabaseJoinsOneGroupAndAlterAddsAndRemovesDatabases() {
        EngineSession s = ready2022();
        ok(s, AG);
        ServerMessage second = error(s, AG.replace("[AG_Sales]", "[AG_Two]"));
        assertThat(second.number()).isEqualTo(35244);
        assertThat(second.text()).startsWith("Database 'Sales' cannot be added to availability group 'AG_Two'.");
        ok(s, "ALTER AVAILABILITY GROUP [AG_Sales] ADD DATABASE [Inventory]");
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] ADD DATABASE [Inventory]").number()).isEqualTo(35280);
        assertThat(rows(s, "SELECT database_name FROM sys.availability_databases_cluster ORDER BY database_name"))
                .containsExactly(List.of("Inventory"), List.of("Sales"));
        ok(s, "ALTER AVAILABILITY GROUP [AG_Sales] REMOVE DATABASE [Inventory]");
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] REMOVE DATABASE [Inventory]").number()).isEqualTo(35281);
        assertThat(rows(s, "SELECT name FROM sys.databases WHERE group_database_id IS NOT NULL"))
                .containsExactly(List.of("Sales"));
    }

    @Test
    void plainGroupRoleStatementsAreForDistributedGroupsOnly() {
        EngineSession s = ready2022();
        ok(s, AG);
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] FAILOVER").number()).isEqualTo(41122);
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] SET (ROLE = SECONDARY)").number()).isEqualTo(19512);
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] MODIFY AVAILABILITY GROUP ON 'AG_Sales' WITH "
                + "(AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)").number()).isEqualTo(19512);
        assertThat(error(s, "ALTER AVAILABILITY GROUP [Nope] FAILOVER").text())
                .isEqualTo("Cannot alter the availability group 'Nope', because it does not exist or you do not have "
                        + "permission.");
        ok(s, "ALTER AVAILABILITY GROUP [AG_Sales] MODIFY REPLICA ON N'SQL22' WITH (AVAILABILITY_MODE = "
                + "ASYNCHRONOUS_COMMIT)");
        assertThat(rows(s, "SELECT availability_mode_desc FROM sys.availability_replicas"))
                .containsExactly(List.of("ASYNCHRONOUS_COMMIT"));
        assertThat(error(s, "ALTER AVAILABILITY GROUP [AG_Sales] MODIFY REPLICA ON N'SQL99' WITH (SESSION_TIMEOUT = 15)")
                .number()).isEqualTo(35210);
    }

    @Test
    void aDistributedGroupNeedsItsLocalMemberAndValidListenerUrls() {
        EngineSession s = ready2022();
        assertThat(error(s, DAG).number()).isEqualTo(19501);
        ok(s, AG);
        assertThat(error(s, DAG.replace("TCP://10.0.0.4:5022", "TCP://10.0.0.4")).number()).isEqualTo(19499);
        assertThat(error(s, DAG.replace("AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, "
                + "SEEDING_MODE = AUTOMATIC, SESSION", "AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = "
                + "AUTOMATIC, SEEDING_MODE = AUTOMATIC, SESSION")).number()).isEqualTo(35277);
        assertThat(error(s, DAG.replace("WITH (DISTRIBUTED) ", "")).number()).isEqualTo(19498);
        assertThat(error(s, DAG.replace("[DAG_Sales]", "[AG_Sales]")).number()).isEqualTo(19509);
        ok(s, DAG);
        ServerMessage again = error(s, DAG.replace("[DAG_Sales]", "[DAG_Again]"));
        assertThat(again.number()).isEqualTo(19507);
        ok(s, DAG.replace("[DAG_Sales]", "[DAG_Second]").replace("N'AG_Sales_MI'", "N'AG_Sales_MI2'"));
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_groups WHERE is_distributed = 1"))
                .containsExactly(List.of(2));
    }

    @Test
    void theManagedInstanceFormOfListenerUrlNeedsTheAzureConnectPack() {
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("certificateIssuerProcedure: true",
                "certificateIssuerProcedure: false");
        EngineSession s = session(yaml);
        ok(s, AG);
        ServerMessage m = error(s, DAG);
        assertThat(m.number()).isEqualTo(19499);
        assertThat(m.text()).contains(";Server=[mi-target-01]");
    }

    @Test
    void clusterTypeIsAnUnknownWordOnSqlServer2016() {
        EngineSession s = session(BuiltInScenarios.yaml("sql2016-sp3-no-connect-pack"));
        ServerMessage m = error(s, AG);
        assertThat(m.number()).isEqualTo(102);
        assertThat(m.text()).isEqualTo("Incorrect syntax near 'CLUSTER_TYPE'.");
    }

    @Test
    void theManagedInstanceAsInitialPrimaryShapeCreatesAnEmptyGroupThatMayCreateDatabases() {
        EngineSession s = ready2022();
        ok(s, "CREATE AVAILABILITY GROUP [AG_HR] WITH (CLUSTER_TYPE = NONE) FOR REPLICA ON N'SQL22' WITH "
                + "(ENDPOINT_URL = N'TCP://10.0.0.4:5022', FAILOVER_MODE = MANUAL, AVAILABILITY_MODE = "
                + "SYNCHRONOUS_COMMIT, SEEDING_MODE = AUTOMATIC)\n"
                + "ALTER AVAILABILITY GROUP [AG_HR] GRANT CREATE ANY DATABASE\n"
                + "CREATE AVAILABILITY GROUP [DAG_HR] WITH (DISTRIBUTED) AVAILABILITY GROUP ON N'AG_HR' WITH "
                + "(LISTENER_URL = N'TCP://10.0.0.4:5022', AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = "
                + "MANUAL, SEEDING_MODE = AUTOMATIC, SESSION_TIMEOUT = 20), N'AG_HR_MI' WITH (LISTENER_URL = "
                + "N'tcp://mi-target-01.abc123def456.database.windows.net:5022;Server=[mi-target-01];Database=[HR]', "
                + "AVAILABILITY_MODE = ASYNCHRONOUS_COMMIT, FAILOVER_MODE = MANUAL, SEEDING_MODE = AUTOMATIC)");
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_databases_cluster")).containsExactly(List.of(0));
        assertThat(rows(s, "SELECT r.endpoint_url FROM sys.availability_replicas r JOIN sys.availability_groups g "
                + "ON g.group_id = r.group_id WHERE g.name = N'DAG_HR' AND r.replica_server_name = N'AG_HR_MI'"))
                .containsExactly(List.of("tcp://mi-target-01.abc123def456.database.windows.net:5022;"
                        + "Server=[mi-target-01];Database=[HR]"));
        SqlServerInstance instance = instances.get(0);
        instance.state().lock().lock();
        try {
            assertThat(instance.state().hadr.group("ag_hr").createAnyDatabaseGranted).isTrue();
            assertThat(instance.state().hadr.group("DAG_HR").remoteMember().managedInstanceDatabase()).isEqualTo("HR");
            assertThat(instance.state().hadr.group("DAG_HR").remoteMember().managedInstanceServer())
                    .isEqualTo("mi-target-01");
        } finally {
            instance.state().lock().unlock();
        }
    }

    // ------------------------------------------------------------------ the replication behind a distributed group

    /** Records the calls and plays the other side: a planned failover or a demotion makes this side secondary. */
    private static final class RecordingReplication implements DistributedReplication {
        final List<String> calls = new ArrayList<>();
        boolean primary = true;
        HadrException refuse;

        private void call(String what) {
            calls.add(what);
            if (refuse != null) {
                throw refuse;
            }
        }

        @Override
        public void failover(String dagName) {
            call("failover " + dagName);
            primary = false;
        }

        @Override
        public void forceFailover(String dagName) {
            call("forceFailover " + dagName);
            primary = true;
        }

        @Override
        public void demote(String dagName) {
            call("demote " + dagName);
            primary = false;
        }

        @Override
        public void modesChanged(String dagName) {
            call("modesChanged " + dagName);
        }

        @Override
        public void dropped(String dagName) {
            call("dropped " + dagName);
        }

        @Override
        public boolean isPrimary(String dagName) {
            return primary;
        }
    }

    private static List<Object> localDagRole(EngineSession s) {
        return rows(s, "SELECT rs.role_desc FROM sys.availability_groups ag JOIN sys.dm_hadr_availability_replica_states"
                + " rs ON ag.group_id = rs.group_id WHERE rs.is_local = 1 AND ag.is_distributed = 1 AND ag.name = "
                + "'DAG_Sales'").get(0);
    }

    @Test
    void roleStatementsReachTheReplicationAndTheCatalogFollowsItsRole() {
        EngineSession s = ready2022();
        RecordingReplication link = new RecordingReplication();
        instances.get(0).attachReplication(link);
        ok(s, AG);
        ok(s, DAG);
        assertThat(localDagRole(s)).containsExactly("PRIMARY");
        ok(s, "ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY GROUP ON 'AG_Sales' WITH (AVAILABILITY_MODE "
                + "= SYNCHRONOUS_COMMIT), 'AG_Sales_MI' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)");
        assertThat(rows(s, "SELECT DISTINCT availability_mode_desc FROM sys.availability_replicas r JOIN "
                + "sys.availability_groups g ON g.group_id = r.group_id WHERE g.is_distributed = 1"))
                .containsExactly(List.of("SYNCHRONOUS_COMMIT"));
        ok(s, "ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER");
        assertThat(localDagRole(s)).containsExactly("SECONDARY");
        assertThat(rows(s, "SELECT is_primary_replica FROM sys.dm_hadr_database_replica_states drs JOIN "
                + "sys.availability_groups ag ON ag.group_id = drs.group_id WHERE ag.is_distributed = 1 AND drs.is_local = 1"))
                .containsExactly(List.of(false));
        ok(s, "ALTER AVAILABILITY GROUP [DAG_Sales] FORCE_FAILOVER_ALLOW_DATA_LOSS");
        assertThat(localDagRole(s)).containsExactly("PRIMARY");
        ok(s, "ALTER AVAILABILITY GROUP [DAG_Sales] SET (ROLE = SECONDARY)");
        ok(s, "DROP AVAILABILITY GROUP [DAG_Sales]");
        assertThat(link.calls).containsExactly("modesChanged DAG_Sales", "failover DAG_Sales",
                "forceFailover DAG_Sales", "demote DAG_Sales", "dropped DAG_Sales");
    }

    @Test
    void aModeChangeThatChangesNothingIsNotReported() {
        EngineSession s = ready2022();
        RecordingReplication link = new RecordingReplication();
        instances.get(0).attachReplication(link);
        ok(s, AG);
        ok(s, DAG);
        ok(s, "ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY GROUP ON 'AG_Sales' WITH (AVAILABILITY_MODE "
                + "= ASYNCHRONOUS_COMMIT)");
        assertThat(error(s, "ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY GROUP ON 'AG_Other' WITH "
                + "(AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)").number()).isEqualTo(19508);
        assertThat(link.calls).isEmpty();
    }

    @Test
    void aRefusalOfTheReplicationIsTheClientsErrorAndChangesNothing() {
        EngineSession s = ready2022();
        RecordingReplication link = new RecordingReplication();
        instances.get(0).attachReplication(link);
        ok(s, AG);
        ok(s, DAG);
        link.refuse = new HadrException(41104, 16, 3, "Failover of the availability group 'DAG_Sales' failed.");
        RecordingSink r = TwinFixture.run(s, "ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER; SELECT 1");
        assertThat(r.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(41104);
            assertThat(m.severity()).isEqualTo(16);
            assertThat(m.state()).isEqualTo(3);
            assertThat(m.text()).isEqualTo("Failover of the availability group 'DAG_Sales' failed.");
        });
        assertThat(r.tables).as("the batch goes on").hasSize(1);
        assertThat(error(s, "DROP AVAILABILITY GROUP [DAG_Sales]").number()).isEqualTo(41104);
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_groups WHERE is_distributed = 1"))
                .containsExactly(List.of(1));
    }

    @Test
    void inALinkWorldWhereTheInstanceNeverJoinedAFailoverHasNoReplicaToGoTo() {
        EngineSession s = ready2022();
        ok(s, AG);
        ok(s, DAG);
        ServerMessage m = error(s, "ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER");
        assertThat(m.number()).isEqualTo(41104);
        assertThat(m.text()).contains("has not joined");
        assertThat(localDagRole(s)).containsExactly("PRIMARY");
    }

    @Test
    void withoutAReplicationRoleChangesAreTheTwinsLimitationAndCreateAndDropWork() {
        EngineSession s = ready2022();
        instances.get(instances.size() - 1).attachReplication(DistributedReplication.NONE);
        ok(s, AG);
        ok(s, DAG);
        for (String action : List.of("FAILOVER", "FORCE_FAILOVER_ALLOW_DATA_LOSS", "SET (ROLE = SECONDARY)")) {
            ServerMessage m = error(s, "ALTER AVAILABILITY GROUP [DAG_Sales] " + action);
            assertThat(m.number()).as(action).isEqualTo(50000);
            assertThat(m.text()).contains("a limitation of the twin");
        }
        assertThat(localDagRole(s)).containsExactly("PRIMARY");
        ok(s, "DROP AVAILABILITY GROUP [DAG_Sales]");
        ok(s, "DROP AVAILABILITY GROUP [AG_Sales]");
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_groups")).containsExactly(List.of(0));
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.databases WHERE group_database_id IS NOT NULL"))
                .containsExactly(List.of(0));
    }

    @Test
    void droppingTheLocalMemberLeavesTheDistributedGroupWithoutDatabases() {
        EngineSession s = ready2022();
        ok(s, AG);
        ok(s, DAG);
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_databases_cluster")).containsExactly(List.of(2));
        ok(s, "DROP AVAILABILITY GROUP [AG_Sales]");
        assertThat(rows(s, "SELECT name FROM sys.availability_groups")).containsExactly(List.of("DAG_Sales"));
        assertThat(rows(s, "SELECT COUNT(*) FROM sys.availability_databases_cluster")).containsExactly(List.of(0));
    }

    // ------------------------------------------------------------------ scenarios

    private static final String SCENARIO_DAG = """
              availabilityGroups:
                - { name: AG_Sales, databases: [Sales] }
                - name: DAG_Sales
                  distributed: true
                  members:
                    - { name: AG_Sales, listenerUrl: "TCP://10.0.0.4:5022", sessionTimeout: 20 }
                    - { name: AG_Sales_MI, listenerUrl: "tcp://mi-target-01.abc123def456.database.windows.net:5022;Server=[mi-target-01]", availabilityMode: SYNCHRONOUS_COMMIT }
            """;

    private static String withScenarioDag(String groups) {
        return BuiltInScenarios.yaml("ready-2022").replace("\n# The managed instance", groups + "\n# The managed instance");
    }

    @Test
    void aScenarioMayStartWithAnExistingDistributedGroup() {
        EngineSession s = session(withScenarioDag(SCENARIO_DAG));
        assertThat(rows(s, "SELECT g.name, g.is_distributed, r.replica_server_name, r.endpoint_url, "
                + "r.availability_mode_desc, r.failover_mode_desc, r.seeding_mode_desc, r.session_timeout "
                + "FROM sys.availability_groups g JOIN sys.availability_replicas r ON r.group_id = g.group_id "
                + "ORDER BY g.name, r.replica_server_name"))
                .containsExactly(
                        List.of("AG_Sales", false, "SQL22", "TCP://sql22:5022", "SYNCHRONOUS_COMMIT", "MANUAL",
                                "AUTOMATIC", 10),
                        List.of("DAG_Sales", true, "AG_Sales", "TCP://10.0.0.4:5022", "ASYNCHRONOUS_COMMIT",
                                "MANUAL", "AUTOMATIC", 20),
                        List.of("DAG_Sales", true, "AG_Sales_MI", "tcp://mi-target-01.abc123def456.database.windows"
                                + ".net:5022;Server=[mi-target-01]", "SYNCHRONOUS_COMMIT", "MANUAL", "AUTOMATIC", 10));
        assertThat(rows(s, "SELECT ar.replica_server_name, rs.is_local, rs.connected_state_desc, rs.role_desc FROM "
                + "sys.dm_hadr_availability_replica_states rs JOIN sys.availability_replicas ar ON ar.replica_id = "
                + "rs.replica_id JOIN sys.availability_groups g ON g.group_id = rs.group_id WHERE g.is_distributed = 1 "
                + "ORDER BY 1"))
                .containsExactly(List.of("AG_Sales", true, "CONNECTED", "PRIMARY"),
                        List.of("AG_Sales_MI", false, "DISCONNECTED", "SECONDARY"));
    }

    @Test
    void aScenarioDistributedGroupIsChecked() {
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(withScenarioDag(SCENARIO_DAG.replace(
                "- { name: AG_Sales, listenerUrl", "- { name: AG_Elsewhere, listenerUrl"))))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("availabilityGroups[1].members: exactly one member must be an availability group");
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(withScenarioDag(SCENARIO_DAG.replace(
                "listenerUrl: \"TCP://10.0.0.4:5022\"", "listenerUrl: \"10.0.0.4:5022\""))))
                .hasMessageContaining("availabilityGroups[1].members[0].listenerUrl: must start with TCP://");
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(withScenarioDag(SCENARIO_DAG.replace(
                "sessionTimeout: 20", "failoverMode: AUTOMATIC"))))
                .hasMessageContaining("members[0].failoverMode");
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(withScenarioDag(SCENARIO_DAG.replace(
                "distributed: true", "distributed: true\n      databases: [Inventory]"))))
                .hasMessageContaining("a distributed group has no databases");
    }
}
