package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The twin records what clients send, and the request check catches bodies that drift from the contracts. */
class ArmRequestContractsTest {

    @Test
    void theTwinRecordsRequestsAsReceivedAndTheCheckerAcceptsConformingOnes() {
        try (ArmTwin twin = TwinFixture.ready()) {
            ArmTestClient client = new ArmTestClient(twin);
            client.get(client.mi("/distributedAvailabilityGroups"));
            client.post(client.mi("/distributedAvailabilityGroups/missing/failover"), "{\"failoverType\":\"Planned\"}");

            List<RecordedRequest> received = twin.receivedRequests();
            assertThat(received).extracting(RecordedRequest::method).containsExactly("GET", "POST");
            assertThat(received.get(1).body()).isEqualTo("{\"failoverType\":\"Planned\"}");
            assertThat(received.get(1).query()).isEqualTo("api-version=2025-01-01");
            assertThat(ArmRequestContracts.operationId(received.get(1))).contains("DistributedAvailabilityGroups_Failover");
            assertThat(received).allSatisfy(r -> assertThat(ArmRequestContracts.problems(r)).isEmpty());
        }
    }

    @Test
    void wrongEnumsUndeclaredOrReadOnlyPropertiesMissingBodiesAndOldApiVersionsAreCaught() {
        String link = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/m"
                + "/distributedAvailabilityGroups/dag";
        assertThat(ArmRequestContracts.problems(new RecordedRequest("POST", link + "/failover",
                "api-version=2025-01-01", "{\"failoverType\":\"Sometimes\"}")))
                .anySatisfy(p -> assertThat(p).contains("'Sometimes' is not one of"));
        assertThat(ArmRequestContracts.problems(new RecordedRequest("PUT", link, "api-version=2025-01-01",
                "{\"properties\":{\"targetDatabase\":\"old-shape\"}}")))
                .anySatisfy(p -> assertThat(p).contains("'targetDatabase' is not in the contract"));
        assertThat(ArmRequestContracts.problems(new RecordedRequest("PUT", link, "api-version=2025-01-01",
                "{\"properties\":{\"partnerLinkRole\":\"Primary\",\"databases\":[{\"databaseName\":\"db\","
                        + "\"replicaState\":\"Seeding\"}]}}")))
                .anySatisfy(p -> assertThat(p).contains("properties.partnerLinkRole: read-only"))
                .anySatisfy(p -> assertThat(p).contains("properties.databases[0].replicaState: read-only"));
        assertThat(ArmRequestContracts.problems(new RecordedRequest("POST", link + "/setRole",
                "api-version=2025-01-01", null))).anySatisfy(p -> assertThat(p).contains("requires a body"));
        assertThat(ArmRequestContracts.problems(new RecordedRequest("GET", link, "api-version=2021-11-01", null)))
                .anySatisfy(p -> assertThat(p).contains("not 2025-01-01"));
        assertThat(ArmRequestContracts.problems(new RecordedRequest("GET", "/subscriptions/s/nothing",
                "api-version=2025-01-01", null))).anySatisfy(p -> assertThat(p).contains("no operation"));
    }
}
