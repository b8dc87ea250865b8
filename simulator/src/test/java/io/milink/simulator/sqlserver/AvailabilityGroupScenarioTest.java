package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scenario's {@code availabilityGroups:} show in the catalog views and DMVs as on an instance that is the group's
 * primary replica: the group, its replica, its databases (with sys.databases.group_database_id set) and their states.
 */
class AvailabilityGroupScenarioTest {

    private static final String SCENARIO = """
            sqlServer:
              serverName: SQLAG
              productVersion: 16.0.4265.3
              productLevel: RTM
              edition: Enterprise Edition (64-bit)
              hostPlatform: Windows
              collation: SQL_Latin1_General_CP1_CI_AS
              hadrEnabled: true
              logins: [ { name: sa, password: "Str0ng!Passw0rd", sysadmin: true } ]
              endpoints: [ { name: Hadr_endpoint, port: 5023 } ]
              databases:
                - { name: Sales, recoveryModel: FULL }
                - { name: Orders, recoveryModel: FULL }
                - { name: Alone, recoveryModel: FULL }
              availabilityGroups:
                - { name: AG_Sales, databases: [Sales, Orders] }
            """;

    private static SqlServerInstance instance;
    private static EngineSession session;

    @BeforeAll
    static void start() {
        instance = SqlServerInstance.fromScenario(SCENARIO);
        session = TwinFixture.sa(instance);
    }

    @AfterAll
    static void stop() {
        session.close();
        instance.close();
    }

    private static List<List<Object>> rows(String sql) {
        RecordingSink r = TwinFixture.run(session, sql);
        assertThat(r.errors()).as(sql).isEmpty();
        return r.onlyTable().rows().stream().map(row -> Arrays.asList(row)).toList();
    }

    @Test
    void theGroupItsReplicaAndItsDatabasesAppearInTheCatalogViews() {
        assertThat(rows("SELECT name, is_distributed, cluster_type_desc FROM sys.availability_groups"))
                .containsExactly(List.of("AG_Sales", false, "none"));
        assertThat(rows("SELECT ar.replica_server_name, ar.endpoint_url, ar.availability_mode_desc "
                + "FROM sys.availability_replicas AS ar JOIN sys.availability_groups AS ag ON ag.group_id = ar.group_id"))
                .containsExactly(List.of("SQLAG", "TCP://sqlag:5023", "SYNCHRONOUS_COMMIT"));
        assertThat(rows("SELECT adc.database_name FROM sys.availability_databases_cluster AS adc "
                + "JOIN sys.availability_groups AS ag ON ag.group_id = adc.group_id ORDER BY adc.database_name"))
                .containsExactly(List.of("Orders"), List.of("Sales"));
    }

    @Test
    void memberDatabasesCarryTheirGroupDatabaseIdAndASynchronizedPrimaryState() {
        assertThat(rows("SELECT name FROM sys.databases WHERE group_database_id IS NOT NULL ORDER BY name"))
                .containsExactly(List.of("Orders"), List.of("Sales"));
        assertThat(rows("SELECT DB_NAME(database_id), is_primary_replica, synchronization_state_desc "
                + "FROM sys.dm_hadr_database_replica_states ORDER BY 1"))
                .containsExactly(List.of("Orders", true, "SYNCHRONIZED"), List.of("Sales", true, "SYNCHRONIZED"));
        assertThat(rows("SELECT role_desc FROM sys.dm_hadr_availability_replica_states"))
                .containsExactly(List.of("PRIMARY"));
    }

    @Test
    void aScenarioGroupMustNameExistingDatabasesOnceAndNeedsHadr() {
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(SCENARIO.replace("[Sales, Orders]", "[Sales, Nope]")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("availabilityGroups[0].databases[1]: no user database named 'Nope'");
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(SCENARIO.replace("hadrEnabled: true",
                "hadrEnabled: false"))).hasMessageContaining("needs hadrEnabled: true");
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(SCENARIO + "    - { name: AG2, databases: [Sales] }\n"))
                .hasMessageContaining("'Sales' is already in another availability group");
    }
}
