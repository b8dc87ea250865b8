package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Which paths need a token is decided from the contract, whatever way a path is spelled. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteAuthenticationTest {

    private ServiceHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) {
        harness = ServiceHarness.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    private int anonymous(String path) {
        return harness.get(path, null).send().await().statusCode();
    }

    @Test
    void metricsWithATrailingSlashStillNeedsAToken() {
        assertThat(anonymous("/metrics")).isEqualTo(401);
        assertThat(anonymous("/metrics/")).isEqualTo(401);
        assertThat(anonymous("/metrics//")).isEqualTo(401);
        assertThat(anonymous("/./metrics/")).isEqualTo(401);
        assertThat(harness.get("/metrics/", harness.operatorToken).send().await().statusCode()).isEqualTo(200);
    }

    @Test
    void pathsOutsideTheContractNeedATokenToo() {
        assertThat(anonymous("/v2/anything")).isEqualTo(401);
        assertThat(anonymous("/v1/operations/nope/")).isEqualTo(401);
        assertThat(harness.get("/v2/anything", harness.operatorToken).send().await().statusCode()).isEqualTo(404);
    }

    @Test
    void theContractsPublicOperationsNeedNone() {
        assertThat(anonymous("/health/live")).isEqualTo(200);
        assertThat(anonymous("/health/live/")).isEqualTo(200);
        assertThat(anonymous("/health/ready")).isEqualTo(200);
        assertThat(anonymous("/openapi.yaml")).isEqualTo(200);
    }
}
