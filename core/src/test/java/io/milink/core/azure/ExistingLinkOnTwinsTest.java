package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

/** A scenario may start with a link another tool made, in any phase, so monitoring needs no creation first. */
class ExistingLinkOnTwinsTest {

    @Test
    void linked2022StartsSeedingAt40PercentOnBothSidesAndGoesOnFromThere() throws Exception {
        try (TwinPartner pair = TwinPartner.start(BuiltInScenarios.yaml("linked-2022"), ArmFaultPlan.NONE,
                Duration.ZERO)) {
            DistributedAvailabilityGroups links = TwinArm.linkClient(pair.arm()).links();
            DistributedAvailabilityGroup.LinkDatabase db = links.get("DAG_Sales").orElseThrow().databases().get(0);
            assertThat(db.replicaState()).isEqualTo("Seeding");
            assertThat(db.seedingProgress()).isEqualTo("40%");
            assertThat(db.connectedState()).isEqualTo("CONNECTED");
            try (Connection c = pair.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT transferred_size_bytes * 100 / database_size_bytes AS pct "
                         + "FROM sys.dm_hadr_physical_seeding_stats WHERE local_database_name = N'Sales'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(40);
            }
            // 60 % of 2 GB at 10 MB/s: about 123 simulated seconds.
            pair.clock().advance(Duration.ofMinutes(3));
            db = links.get("DAG_Sales").orElseThrow().databases().get(0);
            assertThat(db.replicaState()).isEqualTo("LinkSynchronizing");
            assertThat(ManagedInstanceClient.connect(ManagedInstanceRef.parse(pair.arm().resourceId()),
                    TwinArm.ANY_TOKEN, TwinArm.environment(pair.arm()), TwinArm.httpClient(pair.arm())).databaseNames())
                    .contains("Sales");
        }
    }

    @Test
    void aDeclaredPhaseForALinkTheInstanceDoesNotHaveIsAScenarioError() {
        String yaml = BuiltInScenarios.yaml("linked-2022").replace("  links:\n", "  otherLinks:\n");
        assertThatThrownBy(() -> TwinPartner.start(yaml.substring(0, yaml.indexOf("  otherLinks:"))
                + yaml.substring(yaml.indexOf("\nlink:")), ArmFaultPlan.NONE, Duration.ZERO))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("link.existing: no link named 'DAG_Sales' under managedInstance.links");
    }
}
