package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.milink.simulator.pki.CertificateIssuer;

/** What ARM checks before the resource provider: TLS, the bearer token, api-version, the resource path. */
class ArmFrontDoorTest {

    private static ArmTwin twin;
    private static ArmTestClient client;

    @BeforeAll
    static void start() {
        twin = TwinFixture.ready();
        client = new ArmTestClient(twin);
    }

    @AfterAll
    static void stop() {
        twin.close();
    }

    @Test
    void servesHttpsOnLoopbackWithACertificateTheClientMustTrust() {
        assertThat(twin.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(client.get(client.mi("")).status()).isEqualTo(200);
        HttpClient trustsSomethingElse = HttpClient.newBuilder()
                .sslContext(ArmTestClient.trusting(CertificateIssuer.tlsServer(java.util.List.of("localhost"), 1).pem()))
                .build();
        assertThatThrownBy(() -> trustsSomethingElse.send(HttpRequest.newBuilder(URI.create(twin.baseUrl()
                        + client.mi(""))).header("Authorization", ArmTestClient.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theTwinsTrustStoreIsEnoughForAVerifyingClient() throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(twin.trustStore());
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
                URI.create(twin.baseUrl() + client.mi(""))).header("Authorization", ArmTestClient.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        new ResponseContract(new OpenApiContracts()).check("GET", twin.resourceId(), new ArmTestClient.Response(
                r.statusCode(), java.util.Map.of(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())));
    }

    @Test
    void missingAuthorizationIs401AuthenticationFailedWithABearerChallenge() {
        ArmTestClient.Response r = client.send("GET", client.mi(""), null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("AuthenticationFailed");
        assertThat(r.body().path("error").path("message").asText()).isEqualTo(
                "Authentication failed. The 'Authorization' header is missing.");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer ");
    }

    @Test
    void nonBearerAuthorizationIsInvalidAuthenticationTokenAndNeverEchoed() {
        ArmTestClient.Response r = client.send("GET", client.mi(""), null, "Basic c2VjcmV0LXRva2Vu");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("InvalidAuthenticationToken");
        assertThat(r.body().toString()).doesNotContain("c2VjcmV0LXRva2Vu");
    }

    @Test
    void authIsCheckedBeforeApiVersion() {
        assertThat(client.send("GET", twin.resourceId(), null, null).errorCode()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void missingApiVersionIs400MissingApiVersionParameter() {
        ArmTestClient.Response r = client.get(twin.resourceId());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MissingApiVersionParameter");
    }

    @Test
    void malformedOrUnservedApiVersionsAreRefused() {
        assertThat(client.get(twin.resourceId() + "?api-version=latest").errorCode()).isEqualTo("InvalidApiVersionParameter");
        assertThat(client.get(twin.resourceId() + "?api-version=2099-01-01").errorCode()).isEqualTo("NoRegisteredProviderFound");
        // Links have no old (2021-11-01) shape in the twin; it refuses rather than answer in the wrong shape.
        ArmTestClient.Response old = client.get(twin.resourceId() + "/distributedAvailabilityGroups?api-version=2021-11-01");
        assertThat(old.errorCode()).isEqualTo("NoRegisteredProviderFound");
        assertThat(client.get(twin.resourceId() + "?api-version=2021-11-01").status()).isEqualTo(200);
    }

    @Test
    void unknownSubscriptionGroupOrInstanceIs404WithArmsCodes() {
        String id = twin.resourceId();
        assertThat(client.get(id.replace("mi-target-01", "mi-other") + "?api-version=2025-01-01").errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(client.get(id.replace("rg-link", "rg-other") + "?api-version=2025-01-01").errorCode())
                .isEqualTo("ResourceGroupNotFound");
        assertThat(client.get(id.replace("00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000009")
                + "?api-version=2025-01-01").errorCode()).isEqualTo("SubscriptionNotFound");
        ArmTestClient.Response notFound = client.get(id.replace("mi-target-01", "mi-other") + "?api-version=2025-01-01");
        assertThat(notFound.status()).isEqualTo(404);
    }

    @Test
    void aRouteTheTwinDoesNotServeSaysSoInArmShape() {
        ArmTestClient.Response r = client.get(client.mi("/vulnerabilityAssessments"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error").path("message").asText()).contains("ARM twin has no route");
    }
}
