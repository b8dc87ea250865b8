package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.milink.simulator.arm.ArmFaultPlan.RouteFault;
import io.milink.simulator.pki.CertificateIssuer;

class ArmFaultsTest {

    private static final String CERT_PUT = "/serverTrustCertificates/";

    private static String upload() {
        byte[] der = CertificateIssuer.selfSigned("x", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)).der();
        return "{\"properties\":{\"publicBlob\":\"" + HexFormat.of().formatHex(der) + "\"}}";
    }

    private static ArmTwin twin(RouteFault... faults) {
        return TwinFixture.start(TwinFixture.scenario(TwinFixture.READY), ArmFaultPlan.of(faults));
    }

    @Test
    void throttleAnswers429WithRetryAfterThenServesAgain() {
        try (ArmTwin twin = twin(RouteFault.throttle("GET", "/managedInstances/[^/]+$", Duration.ofSeconds(3), 1))) {
            ArmTestClient client = new ArmTestClient(twin);
            ArmTestClient.Response throttled = client.get(client.mi(""));
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.header("Retry-After")).isEqualTo("3");
            assertThat(throttled.errorCode()).isEqualTo("SubscriptionTooManyRequests");
            assertThat(client.get(client.mi("")).status()).isEqualTo(200);
        }
    }

    @Test
    void faultsMatchOnlyTheirMethodAndPath() {
        try (ArmTwin twin = twin(RouteFault.throttle("PUT", CERT_PUT, Duration.ofSeconds(1), 0))) {
            ArmTestClient client = new ArmTestClient(twin);
            assertThat(client.get(client.mi("/serverTrustCertificates")).status()).isEqualTo(200);
            assertThat(client.put(client.mi(CERT_PUT + "c1"), upload()).status()).isEqualTo(429);
            assertThat(client.put(client.mi(CERT_PUT + "c1"), upload()).status()).as("times 0 = every time").isEqualTo(429);
        }
    }

    @Test
    void serverErrorsUseCodesTheContractsList() {
        try (ArmTwin twin = twin(RouteFault.serverError("GET", "/databases", 503, 1),
                RouteFault.serverError("GET", "/endpointCertificates", 500, 1))) {
            ArmTestClient client = new ArmTestClient(twin);
            ArmTestClient.Response unavailable = client.get(client.mi("/databases"));
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.errorCode()).isEqualTo("TooManyRequests");
            ArmTestClient.Response internal = client.get(client.mi("/endpointCertificates"));
            assertThat(internal.status()).isEqualTo(500);
            assertThat(internal.errorCode()).isEqualTo("GatewayInternalServerError");
            assertThat(client.get(client.mi("/databases")).status()).isEqualTo(200);
        }
    }

    @Test
    void aFailedOperationEndsFailedWithItsErrorOnBothPollingUrlsAndChangesNothing() {
        ArmError failure = ArmError.of(400, "ManagedInstanceLinkConnectivityIsNotEstablished",
                "Replication did not start within the expected time.");
        try (ArmTwin twin = twin(RouteFault.failOperation("PUT", "/distributedAvailabilityGroups/", failure, 1),
                RouteFault.failOperation("POST", "/failover$", failure, 1))) {
            ArmTestClient client = new ArmTestClient(twin);
            ArmTestClient.Response created = client.put(client.mi("/distributedAvailabilityGroups/link1"), """
                    {"properties":{"instanceAvailabilityGroupName":"mi_ag","partnerAvailabilityGroupName":"ag1",
                     "partnerEndpoint":"TCP://sql01:5022","databases":[{"databaseName":"Sales"}]}}""");
            assertThat(created.status()).as("the failure shows only when polled").isEqualTo(201);
            JsonNode status = client.pollAsyncOperation(created.header("Azure-AsyncOperation"));
            assertThat(status.path("status").asText()).isEqualTo("Failed");
            assertThat(status.path("error").path("code").asText()).isEqualTo("ManagedInstanceLinkConnectivityIsNotEstablished");
            ArmTestClient.Response location = client.getUrl(created.header("Location"));
            assertThat(location.status()).isEqualTo(400);
            assertThat(location.errorCode()).isEqualTo("ManagedInstanceLinkConnectivityIsNotEstablished");
            assertThat(twin.instance().linkNames()).isEmpty();
            assertThat(twin.instance().databaseNames()).doesNotContain("Sales");
        }
    }

    @Test
    void aFailedPostOperationAnswersItsErrorOnTheLocationUrl() {
        ArmError failure = ArmError.of(409, "DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing",
                "Secondaries are not synchronizing.");
        String yaml = TwinFixture.scenario(TwinFixture.READY) + """
                  links:
                    - { name: link1, instanceAvailabilityGroupName: mi_ag, partnerAvailabilityGroupName: ag1, databases: [ Sales ] }
                """;
        try (ArmTwin twin = TwinFixture.start(yaml, ArmFaultPlan.of(RouteFault.failOperation("POST", "/failover$", failure, 1)))) {
            ArmTestClient client = new ArmTestClient(twin);
            ArmTestClient.Response accepted = client.post(client.mi("/distributedAvailabilityGroups/link1/failover"),
                    "{\"failoverType\":\"ForcedAllowDataLoss\"}");
            assertThat(accepted.status()).isEqualTo(202);
            ArmTestClient.Response last = client.pollLocation(accepted.header("Location"));
            assertThat(last.status()).isEqualTo(409);
            assertThat(last.errorCode()).isEqualTo("DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing");
            assertThat(client.get(client.mi("/distributedAvailabilityGroups/link1")).body().path("properties")
                    .path("instanceLinkRole").asText()).isEqualTo("Secondary");
        }
    }

    @Test
    void latencyDelaysTheAnswer() {
        try (ArmTwin twin = twin(RouteFault.latency("GET", "/databases", Duration.ofMillis(400)))) {
            ArmTestClient client = new ArmTestClient(twin);
            long start = System.nanoTime();
            assertThat(client.get(client.mi("/databases")).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void aDelayedRouteDoesNotHoldBackOtherRoutes() {
        // The delayed answer is far beyond anything the other request could take, so the order proves it.
        try (ArmTwin twin = twin(RouteFault.latency("GET", "/databases", Duration.ofMinutes(5)))) {
            ArmTestClient client = new ArmTestClient(twin);
            CompletableFuture<?> delayed = CompletableFuture.runAsync(() -> client.get(client.mi("/databases")));
            assertThat(client.get(client.mi("")).status()).isEqualTo(200);
            assertThat(delayed).as("the delayed request is still waiting").isNotDone();
            delayed.cancel(true);
        }
    }
}
