package io.milink.preflight.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The parallel ARM reads on the ARM twin: each read fails on its own, and the result is the sequential one. */
class ManagedInstanceInventoryTest {

    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    @Test
    void readsInParallelGiveTheSameFactsAsOneAfterAnother() throws Exception {
        try (ArmTwin arm = ArmTwin.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022"), "ready-2022")
                .start()) {
            ManagedInstanceClient client = client(arm);
            ManagedInstanceFacts parallel = ManagedInstanceInventory.collect(client);
            assertThat(parallel.read()).isTrue();
            assertThat(parallel.databases()).containsExactly("HR");
            assertThat(parallel.failoverGroups()).isNotNull();
            assertThat(parallel.endpointCertificate()).isNotNull();
            assertThat(parallel).isEqualTo(ManagedInstanceInventory.collect(client, 1));
        }
    }

    @Test
    void aRefusedReadKeepsItsOwnErrorWhileTheOthersStillArrive() throws Exception {
        ArmError forbidden = ArmError.of(403, "AuthorizationFailed",
                "The client does not have authorization to perform action over scope.");
        ArmFaultPlan faults = ArmFaultPlan.of(
                ArmFaultPlan.RouteFault.error("GET", "/managedInstances/mi-target-01/databases", forbidden, 0),
                ArmFaultPlan.RouteFault.error("GET", "(?i)/providers/microsoft\\.insights/", forbidden, 0));
        try (ArmTwin arm = ArmTwin.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022"), "ready-2022")
                .faults(faults).start()) {
            ManagedInstanceFacts facts = ManagedInstanceInventory.collect(client(arm));
            assertThat(facts.read()).isTrue();
            assertThat(facts.databases()).isNull();
            assertThat(facts.databasesError()).startsWith("AuthorizationFailed: ");
            assertThat(facts.usedStorageMb()).isNull();
            assertThat(facts.usedStorageError()).startsWith("AuthorizationFailed: ");
            assertThat(facts.state()).isEqualTo("Ready");
            assertThat(facts.endpointCertificate()).isNotNull();
            assertThat(facts.permissions()).isNotNull();
            assertThat(facts.failoverGroupsError()).isNull();
        }
    }

    private static ManagedInstanceClient client(ArmTwin arm) {
        return AzureConnections.managedInstance(ManagedInstanceRef.parse(arm.resourceId()), ANY_TOKEN, arm.baseUrl(),
                arm.trustStore());
    }
}
