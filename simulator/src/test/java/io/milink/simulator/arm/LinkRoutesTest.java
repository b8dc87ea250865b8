package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class LinkRoutesTest {

    /** The 2025-01-01 create body, as DistributedAvailabilityGroupsCreateMax sends it but with SQL Server primary. */
    static final String CREATE = """
            {"properties":{"instanceLinkRole":"Secondary","instanceAvailabilityGroupName":"mi_ag",
             "partnerAvailabilityGroupName":"AG_Sales","partnerEndpoint":"TCP://sql01.contoso.com:5022",
             "failoverMode":"Manual","seedingMode":"Automatic","databases":[{"databaseName":"Sales"}]}}""";

    private ArmTwin twin;
    private ArmTestClient client;

    private PreparedSqlServer partner;

    @BeforeEach
    void start() {
        twin = TwinFixture.ready();
        partner = PreparedSqlServer.attachTo(twin, "link1");
        client = new ArmTestClient(twin);
    }

    private void advance(Duration by) {
        twin.instance().world().clock().advance(by);
    }

    @AfterEach
    void stop() {
        twin.close();
    }

    private String link(String suffix) {
        return client.mi("/distributedAvailabilityGroups/link1" + suffix);
    }

    private JsonNode create() {
        ArmTestClient.Response created = client.put(link(""), CREATE);
        assertThat(created.status()).isEqualTo(201);
        assertThat(client.pollAsyncOperation(created.header("Azure-AsyncOperation")).path("status").asText()).isEqualTo("Succeeded");
        return client.get(link("")).body();
    }

    @Test
    void createReturns201InThe2025ShapeAndTheLinkAppearsWhenTheOperationSucceeds() {
        ArmTestClient.Response created = client.put(link(""), CREATE);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("properties").path("partnerLinkRole").asText()).isEqualTo("Primary");
        assertThat(created.header("Location")).contains("/providers/Microsoft.Sql/locations/westeurope/distributedAvailabilityGroupsOperationResults/");
        assertThat(client.get(link("")).status()).isEqualTo(404);
        client.pollAsyncOperation(created.header("Azure-AsyncOperation"));

        JsonNode dag = client.get(link("")).body();
        JsonNode p = dag.path("properties");
        assertThat(dag.path("type").asText()).isEqualTo("Microsoft.Sql/managedInstances/distributedAvailabilityGroups");
        assertThat(p.path("instanceAvailabilityGroupName").asText()).isEqualTo("mi_ag");
        assertThat(p.path("partnerEndpoint").asText()).isEqualTo("TCP://sql01.contoso.com:5022");
        assertThat(p.path("failoverMode").asText()).isEqualTo("Manual");
        assertThat(p.path("databases").get(0).path("databaseName").asText()).isEqualTo("Sales");
        assertThat(p.has("targetDatabase")).as("no old-shape fields").isFalse();
        assertThat(client.get(client.mi("/distributedAvailabilityGroups")).body().path("value")).hasSize(1);
        assertThat(twin.instance().databaseNames()).as("not seeded yet").doesNotContain("Sales");
        advance(Duration.ofHours(1));
        assertThat(client.get(link("")).body().path("properties").path("databases").get(0).path("replicaState").asText())
                .isEqualTo("LinkSynchronizing");
        assertThat(twin.instance().databaseNames()).as("the link seeded its database").contains("Sales");
        assertThat(client.validatedAgainst()).as("each response was checked against its contract").contains(
                "DistributedAvailabilityGroups_CreateOrUpdate", "DistributedAvailabilityGroups_Get",
                "DistributedAvailabilityGroups_ListByInstance", "Azure-AsyncOperation status (no contract file)");
    }

    @Test
    void replicatingIntoADatabaseNameTheInstanceHasIsManagedDatabaseNameInUse() {
        ArmTestClient.Response r = client.put(link(""), CREATE.replace("\"Sales\"", "\"hr\""));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("ManagedDatabaseNameInUse");
        assertThat(r.body().path("error").path("message").asText()).isEqualTo("Database 'HR' already exists. Choose a different database name.");
    }

    @Test
    void aStoppedInstanceRefusesEveryChangeWithManagedInstanceStoppingOrStopped() {
        create();
        twin.instance().setState(ManagedInstanceScenario.State.Stopped);
        assertThat(client.put(client.mi("/distributedAvailabilityGroups/link2"), CREATE).errorCode()).isEqualTo("ManagedInstanceStoppingOrStopped");
        assertThat(client.post(link("/failover"), "{\"failoverType\":\"ForcedAllowDataLoss\"}").errorCode())
                .isEqualTo("ManagedInstanceStoppingOrStopped");
        assertThat(client.delete(link("")).errorCode()).isEqualTo("ManagedInstanceStoppingOrStopped");
        assertThat(client.get(link("")).status()).as("reads still work").isEqualTo(200);
        twin.instance().setState(ManagedInstanceScenario.State.Starting);
        assertThat(client.patch(link(""), "{\"properties\":{\"replicationMode\":\"Sync\"}}").errorCode()).isEqualTo("ManagedInstanceStarting");
    }

    @Test
    void createValidationUsesTheContractsCodes() {
        assertThat(client.put(link(""), "").errorCode()).isEqualTo("InvalidDistributedAvailabilityGroupsCreateOrUpdateRequest");
        assertThat(client.put(link(""), CREATE.replace("\"partnerEndpoint\":\"TCP://sql01.contoso.com:5022\",", "")).errorCode())
                .isEqualTo("InvalidDistributedAvailabilityGroupsCreateOrUpdateRequestPartnerEndpoint");
        assertThat(client.put(link(""), CREATE.replace("AG_Sales", "mi_ag")).errorCode())
                .isEqualTo("InstanceAvailabilityGroupNamePartnerAvailabilityGroupNameMatch");
        assertThat(client.put(link(""), CREATE.replace("\"seedingMode\":\"Automatic\"", "\"seedingMode\":\"Manual\"")).errorCode())
                .isEqualTo("InvalidDistributedAvailabilityGroupsCreateOrUpdateRequestSeedingMode");
        assertThat(client.put(link(""), CREATE.replace("[{\"databaseName\":\"Sales\"}]", "[]")).errorCode())
                .isEqualTo("InvalidDistributedAvailabilityGroupsCreateOrUpdateRequestDatabases");
        assertThat(twin.instance().linkNames()).isEmpty();
    }

    @Test
    void aSecondLinkForTheSameAvailabilityGroupsIsRefused() {
        create();
        assertThat(client.put(client.mi("/distributedAvailabilityGroups/link2"), CREATE.replace("\"databaseName\":\"Sales\"", "\"databaseName\":\"Other\"")).errorCode())
                .isEqualTo("ManagedInstanceLinkForProvidedAvailabilityGroupsAlreadyExists");
    }

    @Test
    void patchChangesReplicationModeThroughALocationOperation() {
        create();
        ArmTestClient.Response accepted = client.patch(link(""), "{\"properties\":{\"replicationMode\":\"Sync\"}}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body()).isNull();
        ArmTestClient.Response done = client.pollLocation(accepted.header("Location"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().path("properties").path("replicationMode").asText()).isEqualTo("Sync");
        assertThat(client.get(link("")).body().path("properties").path("replicationMode").asText()).isEqualTo("Sync");
    }

    @Test
    void forcedFailoverMakesTheInstancePrimaryAndTheFinalLocationBodyIsTheLink() {
        create();
        ArmTestClient.Response accepted = client.post(link("/failover"), "{\"failoverType\":\"ForcedAllowDataLoss\"}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.header("Retry-After")).isEqualTo("0");
        JsonNode result = client.pollLocation(accepted.header("Location")).body();
        assertThat(result.path("properties").path("instanceLinkRole").asText()).isEqualTo("Primary");
        assertThat(result.path("properties").path("partnerLinkRole").asText()).isEqualTo("Secondary");
    }

    @Test
    void plannedFailoverNeedsTheInstanceSideToBePrimary() {
        create();
        ArmTestClient.Response r = client.post(link("/failover"), "{\"failoverType\":\"Planned\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("InvalidDistributedAvailabilityGroupFailoverInstanceRole");
        assertThat(client.post(link("/failover"), "{\"failoverType\":\"Sideways\"}").errorCode())
                .isEqualTo("InvalidDistributedAvailabilityGroupFailoverRequest");
        assertThat(client.post(client.mi("/distributedAvailabilityGroups/nope/failover"), "{\"failoverType\":\"Planned\"}").status())
                .isEqualTo(404);
    }

    @Test
    void setRoleChangesTheRoleAndRefusesTheRoleItAlreadyHas() {
        create();
        ArmTestClient.Response same = client.post(link("/setRole"), "{\"instanceRole\":\"Secondary\",\"roleChangeType\":\"Forced\"}");
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.errorCode()).isEqualTo("DistributedAvailabilityGroupSetRoleInstanceAlreadyInRequestedRole");
        assertThat(client.post(link("/setRole"), "{\"instanceRole\":\"Primary\",\"roleChangeType\":\"Planned\"}").errorCode())
                .isEqualTo("DistributedAvailabilityGroupSetRolePrimaryPlannedNotSupported");
        ArmTestClient.Response accepted = client.post(link("/setRole"), "{\"instanceRole\":\"Primary\",\"roleChangeType\":\"Forced\"}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(client.pollLocation(accepted.header("Location")).body().path("properties").path("instanceLinkRole").asText())
                .isEqualTo("Primary");
    }

    @Test
    void deleteIs202ThenTheLinkIsGoneAnd204Afterwards() {
        create();
        ArmTestClient.Response accepted = client.delete(link(""));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(client.pollLocation(accepted.header("Location")).status()).isEqualTo(200);
        assertThat(client.get(link("")).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.delete(link("")).status()).isEqualTo(204);
    }

    @Test
    void withoutAPartnerThatAnswersTheCreateOperationFailsAndNoLinkIsMade() {
        ArmTestClient.Response created = client.put(client.mi("/distributedAvailabilityGroups/nodag"), CREATE);
        assertThat(created.status()).isEqualTo(201);
        JsonNode status = client.pollAsyncOperation(created.header("Azure-AsyncOperation"));
        assertThat(status.path("status").asText()).isEqualTo("Failed");
        assertThat(status.path("error").path("code").asText())
                .isEqualTo("CloudLifterChimeraAvailabilityGroupConnectionCannotBeEstablished");
        assertThat(client.get(client.mi("/distributedAvailabilityGroups/nodag")).status()).isEqualTo(404);
    }

    @Test
    void theDatabaseEntryFollowsSeedingCatchUpAndSynchronization() {
        create();
        JsonNode db = client.get(link("")).body().path("properties").path("databases").get(0);
        assertThat(db.path("replicaState").asText()).isEqualTo("CreatingLink");
        assertThat(db.path("seedingProgress").asText()).isEqualTo("0%");
        assertThat(db.path("connectedState").asText()).isEqualTo("CONNECTED");
        advance(Duration.ofMillis(300));
        db = client.get(link("")).body().path("properties").path("databases").get(0);
        assertThat(db.path("replicaState").asText()).isEqualTo("Seeding");
        assertThat(db.path("seedingProgress").asText()).isEqualTo("46%");
        assertThat(db.path("synchronizationHealth").asText()).isEqualTo("NOT_HEALTHY");
        advance(Duration.ofSeconds(5));
        db = client.get(link("")).body().path("properties").path("databases").get(0);
        assertThat(db.path("replicaState").asText()).isEqualTo("LinkSynchronizing");
        assertThat(db.path("synchronizationHealth").asText()).isEqualTo("HEALTHY");
        assertThat(db.has("instanceSendReplicationLagSeconds")).as("only when the instance is primary").isFalse();
    }

    @Test
    void aPlannedFailoverBackFromAPrimaryInstanceNeedsASynchronizedSecondary() {
        create();
        advance(Duration.ofMinutes(1));
        // Forced to the instance while SQL Server is still primary: both claim primary until SQL Server is demoted.
        client.pollLocation(client.post(link("/failover"), "{\"failoverType\":\"ForcedAllowDataLoss\"}").header("Location"));
        assertThat(twin.instance().world().status("link1").orElseThrow().splitBrain()).isTrue();
        twin.instance().world().demoteSqlServer("link1");
        advance(Duration.ofMinutes(1));
        ArmTestClient.Response refused = client.pollLocation(
                client.post(link("/failover"), "{\"failoverType\":\"Planned\"}").header("Location"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing");

        client.pollLocation(client.patch(link(""), "{\"properties\":{\"replicationMode\":\"Sync\"}}").header("Location"));
        advance(Duration.ofSeconds(10));
        ArmTestClient.Response done = client.pollLocation(
                client.post(link("/failover"), "{\"failoverType\":\"Planned\"}").header("Location"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().path("properties").path("instanceLinkRole").asText()).isEqualTo("Secondary");
        assertThat(done.body().path("properties").path("replicationMode").asText())
                .as("a planned failover returns to asynchronous commit").isEqualTo("Async");
    }

    @Test
    void linksFromTheScenarioAreThereFromTheStart() throws Exception {
        String yaml = TwinFixture.scenario(TwinFixture.READY) + """
                  links:
                    - { name: existing, instanceAvailabilityGroupName: mi_ag0, partnerAvailabilityGroupName: ag0, databases: [ HR ] }
                """;
        try (ArmTwin other = TwinFixture.start(yaml, ArmFaultPlan.NONE)) {
            ArmTestClient c = new ArmTestClient(other);
            JsonNode list = c.get(c.mi("/distributedAvailabilityGroups")).body();
            assertThat(list.path("value").get(0).path("name").asText()).isEqualTo("existing");
            assertThat(list.path("value").get(0).path("properties").path("instanceLinkRole").asText()).isEqualTo("Secondary");
        }
    }
}
