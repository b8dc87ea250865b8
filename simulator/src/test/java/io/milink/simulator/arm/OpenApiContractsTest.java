package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The contract checker must catch drift, or the contract tests prove nothing. */
class OpenApiContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContracts CONTRACTS = new OpenApiContracts();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void allSevenLinkOperationsAndTheCertificateOperationsAreIndexed() {
        assertThat(CONTRACTS.operations()).extracting(OpenApiContracts.Operation::operationId).contains(
                "DistributedAvailabilityGroups_ListByInstance", "DistributedAvailabilityGroups_Get",
                "DistributedAvailabilityGroups_CreateOrUpdate", "DistributedAvailabilityGroups_Delete",
                "DistributedAvailabilityGroups_Update", "DistributedAvailabilityGroups_Failover",
                "DistributedAvailabilityGroups_SetRole", "ServerTrustCertificates_CreateOrUpdate",
                "EndpointCertificates_Get");
        assertThat(CONTRACTS.find("POST", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/m"
                + "/distributedAvailabilityGroups/d/failover")).get()
                .extracting(OpenApiContracts.Operation::operationId).isEqualTo("DistributedAvailabilityGroups_Failover");
    }

    @Test
    void theContractsOwnExampleValidates() throws Exception {
        JsonNode example = json("""
                {"properties":{"distributedAvailabilityGroupName":"dag","instanceLinkRole":"Primary"},
                 "id":"/x","name":"dag","type":"Microsoft.Sql/managedInstances/distributedAvailabilityGroups"}""");
        assertThat(CONTRACTS.validateResponse(CONTRACTS.byId("DistributedAvailabilityGroups_SetRole"), 200, Map.of(), example))
                .isEmpty();
    }

    @Test
    void undeclaredFieldsWrongEnumsWrongTypesAndBadUuidsAreCaught() throws Exception {
        JsonNode drifted = json("""
                {"properties":{"targetDatabase":"old-shape","instanceLinkRole":"Leader","distributedAvailabilityGroupId":"nope",
                 "databases":[{"databaseName":"db","instanceSendReplicationLagSeconds":"1"}]},
                 "id":"/x","name":"dag","type":"t"}""");
        assertThat(CONTRACTS.validateResponse(CONTRACTS.byId("DistributedAvailabilityGroups_Get"), 200, Map.of(), drifted))
                .anySatisfy(p -> assertThat(p).contains("'targetDatabase' is not in the contract"))
                .anySatisfy(p -> assertThat(p).contains("'Leader' is not one of"))
                .anySatisfy(p -> assertThat(p).contains("'nope' is not a uuid"))
                .anySatisfy(p -> assertThat(p).contains("instanceSendReplicationLagSeconds: expected an integer"));
    }

    @Test
    void undeclaredStatusesMissingHeadersAndUnexpectedBodiesAreCaught() throws Exception {
        OpenApiContracts.Operation failover = CONTRACTS.byId("DistributedAvailabilityGroups_Failover");
        assertThat(CONTRACTS.validateResponse(failover, 201, Map.of(), null)).anySatisfy(p -> assertThat(p).contains("not declared"));
        assertThat(CONTRACTS.validateResponse(failover, 202, Map.of(), null)).anySatisfy(p -> assertThat(p).contains("Location"));
        assertThat(CONTRACTS.validateResponse(failover, 202, Map.of("location", "x"), json("{}")))
                .anySatisfy(p -> assertThat(p).contains("declares no body"));
    }

    @Test
    void errorBodiesMustBeArmsErrorResponse() throws Exception {
        assertThat(CONTRACTS.validate(OpenApiContracts.ERROR_RESPONSE, json("{\"error\":{\"code\":\"X\",\"message\":\"m\",\"details\":[]}}")))
                .isEmpty();
        assertThat(CONTRACTS.validate(OpenApiContracts.ERROR_RESPONSE, json("{\"code\":\"X\",\"message\":\"m\"}")))
                .anySatisfy(p -> assertThat(p).contains("'code' is not in the contract"));
    }

    @Test
    void theTestClientRefusesAResponseThatDrifts() throws Exception {
        ResponseContract contract = new ResponseContract(CONTRACTS);
        ArmTestClient.Response drifted = new ArmTestClient.Response(200, Map.of(), json("""
                {"properties":{"publicBlob":"0x00","thumbprint":"AB"},"id":"/x","name":"c","type":"t"}"""));
        assertThatThrownBy(() -> contract.check("GET", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql"
                + "/managedInstances/m/endpointCertificates/DATABASE_MIRRORING", drifted))
                .isInstanceOf(AssertionError.class).hasMessageContaining("'thumbprint' is not in the contract");
    }

    /** The request bodies the twin's tests send as valid ones are themselves in the contract's shape. */
    @Test
    void theValidRequestBodiesTheTestsSendMatchTheContract() throws Exception {
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("DistributedAvailabilityGroups_CreateOrUpdate"),
                json(LinkRoutesTest.CREATE))).isEmpty();
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("DistributedAvailabilityGroups_Update"),
                json("{\"properties\":{\"replicationMode\":\"Sync\"}}"))).isEmpty();
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("DistributedAvailabilityGroups_Failover"),
                json("{\"failoverType\":\"ForcedAllowDataLoss\"}"))).isEmpty();
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("DistributedAvailabilityGroups_SetRole"),
                json("{\"instanceRole\":\"Primary\",\"roleChangeType\":\"Forced\"}"))).isEmpty();
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("ServerTrustCertificates_CreateOrUpdate"),
                json("{\"properties\":{\"publicBlob\":\"308203AE\"}}"))).isEmpty();
        assertThat(CONTRACTS.validateRequest(CONTRACTS.byId("DistributedAvailabilityGroups_SetRole"),
                json("{\"instanceRole\":\"Leader\"}"))).anySatisfy(p -> assertThat(p).contains("'Leader' is not one of"))
                .anySatisfy(p -> assertThat(p).contains("'roleChangeType' missing"));
    }
}
