package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.milink.simulator.BuiltInScenarios;

/**
 * Listing links on the twins through the real driver and the Azure SDK: what another tool made, both halves paired
 * by their availability groups, and the half a partial removal leaves.
 */
class LinkInventoryOnTwinsTest {

    private static LinkInventory read(TwinLink twin) throws Exception {
        return LinkInventory.read(twin.session.sql(), twin.session.arm());
    }

    @Test
    void theLinkAnotherToolMadeIsListedWithBothHalvesAsEachSideReportsThem() throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("linked-2022"))) {
            LinkInventory inventory = read(twin);
            assertThat(inventory.serverName()).isEqualTo("SQL22");
            assertThat(inventory.instanceName()).isEqualTo("mi-target-01");
            assertThat(inventory.endpoint()).isEqualTo(new LinkInventory.Endpoint("Hadr_endpoint", 5022,
                    "Cert_SQL22_endpoint"));
            assertThat(inventory.links()).singleElement().satisfies(link -> {
                assertThat(link.kind()).isEqualTo(FoundLink.Kind.PAIRED);
                assertThat(link.databases()).containsExactly("Sales");
                SqlServerDistributedGroup dag = link.sqlServer();
                assertThat(dag.name()).isEqualTo("DAG_Sales");
                assertThat(dag.local().availabilityGroup()).isEqualTo("AG_Sales");
                assertThat(dag.local().listenerUrl()).isEqualTo("TCP://sql22.contoso.local:5022");
                assertThat(dag.remote().availabilityGroup()).isEqualTo("AG_Sales_MI");
                assertThat(dag.remote().instanceName()).contains("mi-target-01");
                assertThat(dag.sqlServerRole()).isEqualTo("PRIMARY");
                assertThat(dag.remote().role()).isEqualTo("SECONDARY");
                assertThat(dag.databases()).containsExactly("Sales");
                assertThat(dag.localReplicas()).extracting(SqlServerDistributedGroup.Replica::server)
                        .containsExactly("SQL22");
                assertThat(dag.states()).singleElement().satisfies(s -> {
                    assertThat(s.database()).isEqualTo("Sales");
                    assertThat(s.synchronizationState()).as("seeding: the instance's copy is not yet synchronizing")
                            .isNotEqualTo("SYNCHRONIZED");
                });
                assertThat(link.instance().name()).isEqualTo("DAG_Sales");
                assertThat(link.instance().instanceLinkRole()).isEqualTo("Secondary");
                assertThat(link.instance().databases().get(0).replicaState()).isEqualTo("Seeding");
                assertThat(link.instance().databases().get(0).seedingProgress()).isEqualTo("40%");
            });
        }
    }

    @Test
    void aLinkRemovedOnOneSideOnlyIsListedAsTheHalfThatIsLeft() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            assertThat(read(twin).links()).isEmpty();
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            assertThat(read(twin).links()).extracting(FoundLink::kind).containsExactly(FoundLink.Kind.PAIRED);
            assertThat(read(twin).links().get(0).sqlServer().states()).extracting(
                    SqlServerDistributedGroup.DatabaseState::synchronizationState).containsExactly("SYNCHRONIZING");

            twin.session.arm().links().delete("DAG_Sales");
            assertThat(read(twin).links()).singleElement().satisfies(link -> {
                assertThat(link.kind()).isEqualTo(FoundLink.Kind.SQL_SERVER_ONLY);
                assertThat(link.distributedAvailabilityGroup()).isEqualTo("DAG_Sales");
                assertThat(link.databases()).containsExactly("Sales");
            });
        }
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            try (Statement s = twin.session.sql().createStatement()) {
                s.execute("USE [master]; DROP AVAILABILITY GROUP [DAG_Sales];");
            }
            assertThat(read(twin).links()).singleElement().satisfies(link -> {
                assertThat(link.kind()).isEqualTo(FoundLink.Kind.INSTANCE_ONLY);
                assertThat(link.instanceLinkName()).isEqualTo("DAG_Sales");
                assertThat(link.availabilityGroup()).isEqualTo("AG_Sales");
            });
        }
    }

    @Test
    void halvesPairByTheirGroupsWhateverTheLinkIsCalledAndOtherPairsLinksAreToldApart() throws Exception {
        // linked-2022 as a tool that names the instance's resource its own way would leave it, plus a distributed
        // group of Inventory to another instance and a link on the instance from another SQL Server.
        String yaml = BuiltInScenarios.yaml("linked-2022")
                .replace("    - { name: DAG_Sales, instanceAvailabilityGroupName",
                        "    - { name: SalesToAzure, instanceAvailabilityGroupName")
                .replace("    - { name: DAG_Sales, phase: seeding", "    - { name: SalesToAzure, phase: seeding")
                .replace("        partnerEndpoint: \"TCP://sql22.contoso.local:5022\", databases: [ Sales ] }\n", """
                                partnerEndpoint: "TCP://sql22.contoso.local:5022", databases: [ Sales ] }
                            - { name: DAG_Payroll, instanceAvailabilityGroupName: AG_Payroll_MI,
                                partnerAvailabilityGroupName: AG_Payroll, partnerEndpoint: "TCP://sql40.contoso.local:5022",
                                databases: [ Payroll ] }
                        """)
                .replace("    - { name: AG_Sales, databases: [Sales], clusterType: NONE }\n", """
                            - { name: AG_Sales, databases: [Sales], clusterType: NONE }
                            - { name: AG_Inventory, databases: [Inventory], clusterType: NONE }
                            - name: DAG_Inventory
                              distributed: true
                              members:
                                - { name: AG_Inventory, listenerUrl: "TCP://sql22.contoso.local:5022" }
                                - { name: AG_Inventory_MI, listenerUrl: "tcp://mi-other-02.abc123def456.database.windows.net:5022;Server=[mi-other-02]" }
                        """);
        assertThat(yaml).contains("SalesToAzure", "DAG_Payroll", "DAG_Inventory");
        try (TwinLink twin = new TwinLink(yaml)) {
            LinkInventory inventory = read(twin);
            assertThat(inventory.links()).extracting(FoundLink::kind, FoundLink::distributedAvailabilityGroup,
                    FoundLink::instanceLinkName).as("by database: Inventory, Payroll, Sales").containsExactly(
                    org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.OTHER_INSTANCE, "DAG_Inventory", null),
                    org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.OTHER_SQL_SERVER, "DAG_Payroll",
                            "DAG_Payroll"),
                    org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.PAIRED, "DAG_Sales", "SalesToAzure"));
            assertThat(inventory.availabilityGroups()).containsExactlyInAnyOrder("AG_Sales", "AG_Inventory");
        }
    }
}
