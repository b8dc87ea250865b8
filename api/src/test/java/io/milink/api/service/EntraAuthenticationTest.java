package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.service.auth.EntraTestTenant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Entra ID access tokens over real HTTPS against a service configured for a test tenant whose JWKS is served on
 * loopback: RS256 tokens signed in the test with keys made in the test. Valid tokens pass with the role their app
 * role grants; a wrong audience, issuer, expiry, signature or algorithm is a 401; no milink app role is a 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EntraAuthenticationTest {

    private EntraTestTenant tenant;
    private EntraTestTenant.Key key;
    private ServiceHarness harness;

    @BeforeAll
    void start() throws Exception {
        tenant = new EntraTestTenant();
        key = tenant.publishNewKey();
        Path dataDirectory = Files.createTempDirectory("milink-entra-");
        harness = ServiceHarness.start(dataDirectory, config -> config.withEntra(tenant.settings()));
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    private int statusOfGetHistory(String token) {
        return harness.get("/v1/preflight", token).send().await().statusCode();
    }

    /**
     * Runs first, so the service fetches the tenant's keys while this request's body is arriving: the body must
     * still reach the validation after the asynchronous token check (here it names an unknown field, so no twin
     * rehearsal is started).
     */
    @Test
    @Order(1)
    void aBodySentWithTheFirstEntraTokenIsReadAfterTheKeysAreFetched() {
        assertThat(tenant.fetches()).isZero();
        String operator = EntraTestTenant.sign(tenant.claims("Milink.Operator"), key);
        HttpResponse<Buffer> post = harness.post("/v1/preflight", operator)
                .sendJsonObject(new JsonObject().put("scenario", "ready-2022").put("colour", "blue")).await();
        assertThat(tenant.fetches()).isEqualTo(1);
        assertThat(post.statusCode()).as(post.bodyAsString()).isEqualTo(400);
        assertThat(post.bodyAsString()).contains("colour");
    }

    @Test
    void aReaderRoleTokenReadsButCannotStartWork() {
        String reader = EntraTestTenant.sign(tenant.claims("Milink.Reader"), key);
        assertThat(statusOfGetHistory(reader)).isEqualTo(200);
        HttpResponse<Buffer> post = harness.post("/v1/preflight", reader)
                .sendJsonObject(new JsonObject().put("scenario", "ready-2022")).await();
        assertThat(post.statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorRoleTokenMayCancelAndIsAuditedByItsObjectId() throws Exception {
        String operator = EntraTestTenant.sign(tenant.claims("Milink.Operator"), key);
        HttpResponse<Buffer> delete = harness.delete("/v1/operations/no-such-operation", operator).send().await();
        assertThat(delete.statusCode()).as("past authorization: the operation is unknown").isEqualTo(404);
        assertThat(auditedCaller("/v1/operations/no-such-operation"))
                .isEqualTo("entra:00000000-0000-0000-0000-00000000beef");
    }

    /** Who the audit trail names for a path; waits (at most 10 s) since the row is written after the response. */
    private String auditedCaller(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (var c = harness.journalConnection();
                 var s = c.prepareStatement("SELECT who FROM audit WHERE path = ?")) {
                s.setString(1, path);
                try (var rs = s.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no audit row for " + path);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theStoredTokensStillWorkBesideEntra() {
        assertThat(statusOfGetHistory(harness.operatorToken)).isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIsA401() {
        JsonObject claims = tenant.claims("Milink.Operator").put("aud", "api://someone-else");
        assertThat(statusOfGetHistory(EntraTestTenant.sign(claims, key))).isEqualTo(401);
    }

    @Test
    void aTokenFromAnotherIssuerIsA401() {
        JsonObject claims = tenant.claims("Milink.Operator").put("iss",
                "https://login.microsoftonline.com/another-tenant/v2.0");
        assertThat(statusOfGetHistory(EntraTestTenant.sign(claims, key))).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsA401ButSmallClockSkewIsTolerated() {
        long now = Instant.now().getEpochSecond();
        JsonObject expired = tenant.claims("Milink.Operator").put("exp", now - 600);
        assertThat(statusOfGetHistory(EntraTestTenant.sign(expired, key))).isEqualTo(401);
        JsonObject justExpired = tenant.claims("Milink.Operator").put("exp", now - 20);
        assertThat(statusOfGetHistory(EntraTestTenant.sign(justExpired, key))).isEqualTo(200);
    }

    @Test
    void aTokenNotYetValidIsA401() {
        JsonObject future = tenant.claims("Milink.Operator").put("nbf", Instant.now().getEpochSecond() + 600);
        assertThat(statusOfGetHistory(EntraTestTenant.sign(future, key))).isEqualTo(401);
    }

    @Test
    void aTokenWithoutExpiryIsA401() {
        JsonObject claims = tenant.claims("Milink.Operator");
        claims.remove("exp");
        assertThat(statusOfGetHistory(EntraTestTenant.sign(claims, key))).isEqualTo(401);
    }

    @Test
    void aBadSignatureIsA401() {
        // Signed by another key under the published key's id: the signature does not verify.
        EntraTestTenant.Key impostor = EntraTestTenant.newKey();
        String forged = EntraTestTenant.sign(tenant.claims("Milink.Operator"), key.kid(),
                impostor.pair().getPrivate());
        assertThat(statusOfGetHistory(forged)).isEqualTo(401);
        // A valid token with its payload swapped for one granting more.
        String genuine = EntraTestTenant.sign(tenant.claims("Milink.Reader"), key);
        String other = EntraTestTenant.sign(tenant.claims("Milink.Operator"), key);
        String tampered = genuine.substring(0, genuine.indexOf('.')) + other.substring(other.indexOf('.'),
                other.lastIndexOf('.')) + genuine.substring(genuine.lastIndexOf('.'));
        assertThat(statusOfGetHistory(tampered)).isEqualTo(401);
    }

    @Test
    void anUnsignedTokenIsA401() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JsonObject().put("alg", "none").put("kid", key.kid()).encode().getBytes());
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                tenant.claims("Milink.Operator").encode().getBytes());
        assertThat(statusOfGetHistory(header + "." + payload + ".")).isEqualTo(401);
    }

    @Test
    void aValidTokenWithoutAMilinkRoleIsA403() {
        HttpResponse<Buffer> response = harness.get("/v1/preflight",
                EntraTestTenant.sign(tenant.claims("Some.Other.Role"), key)).send().await();
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:milink:problem:forbidden");
        HttpResponse<Buffer> noRolesClaim = harness.get("/v1/preflight",
                EntraTestTenant.sign(tenant.claims().put("roles", (Object) null), key)).send().await();
        assertThat(noRolesClaim.statusCode()).isEqualTo(403);
    }
}
