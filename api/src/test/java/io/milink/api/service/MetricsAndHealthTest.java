package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import io.vertx.core.http.HttpMethod;

import java.nio.file.Files;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code /metrics} (Prometheus text) and {@code /health/*} over real HTTPS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsAndHealthTest {

    private ServiceHarness harness;

    @BeforeAll
    void start() throws Exception {
        harness = ServiceHarness.start(Files.createTempDirectory("milink-metrics-"));
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private String scrape() {
        HttpResponse<Buffer> response = harness.get("/metrics", harness.operatorToken).send().await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        return response.bodyAsString();
    }

    /** The value of the one sample whose name and labels match {@code selector} (a regex), 0 when absent. */
    private static double sample(String metrics, String selector) {
        Matcher m = Pattern.compile("(?m)^" + selector + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void metricsNeedAToken() {
        HttpResponse<Buffer> anonymous = harness.get("/metrics", null).send().await();
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.bodyAsString()).doesNotContain("milink_operations");
    }

    @Test
    void aFinishedPreflightMovesTheOperationCheckAndRequestMetrics() throws Exception {
        String before = scrape();
        String id = harness.startPreflight("ready-2022", "Sales");
        JsonObject done = harness.awaitFinal(id);
        assertThat(done.getString("state")).isEqualTo("Succeeded");
        String after = scrape();

        assertThat(sample(after, "milink_operations\\{state=\"Succeeded\"\\}"))
                .isEqualTo(sample(before, "milink_operations\\{state=\"Succeeded\"\\}") + 1);
        assertThat(sample(after, "milink_operations\\{state=\"Running\"\\}")).isZero();
        double passBefore = sample(before, "milink_preflight_checks_total\\{status=\"pass\"\\}");
        double passAfter = sample(after, "milink_preflight_checks_total\\{status=\"pass\"\\}");
        assertThat(passAfter).as("the ready-2022 rehearsal passes checks").isGreaterThan(passBefore);
        // Request metrics are labelled by route template, so operation ids do not become series of their own: the
        // contract's "/v1/operations/:id" (a plain Vert.x router would name the chain, "/v1/>/v1/operations/:id").
        String polled = "vertx_http_server_requests_total\\{code=\"200\",method=\"GET\","
                + "route=\"[^\"]*/v1/operations/:id\"\\}";
        assertThat(sample(after, polled)).isGreaterThan(sample(before, polled));
        assertThat(after).contains("vertx_http_server_response_time_seconds")
                .doesNotContain("/v1/operations/" + id);
        // Every request meter vertx-micrometer had, under its names and labels (the service records them itself).
        String pollTimes = "vertx_http_server_response_time_seconds_count\\{code=\"200\",method=\"GET\","
                + "route=\"[^\"]*/v1/operations/:id\"\\}";
        assertThat(sample(after, pollTimes)).as("a time for every answer").isEqualTo(sample(after, polled));
        String pollBytes = "vertx_http_server_response_bytes_count\\{code=\"200\",method=\"GET\","
                + "route=\"[^\"]*/v1/operations/:id\"\\}";
        assertThat(sample(after, pollBytes)).as("a size for every answer").isEqualTo(sample(after, polled));
        assertThat(sample(after, "vertx_http_server_request_bytes_count\\{method=\"POST\"\\}"))
                .isGreaterThan(sample(before, "vertx_http_server_request_bytes_count\\{method=\"POST\"\\}"));
        assertThat(sample(after, "vertx_http_server_request_bytes_sum\\{method=\"POST\"\\}"))
                .as("the preflight request's body").isGreaterThan(0);
        assertThat(sample(after, "vertx_http_server_active_requests\\{method=\"GET\"\\}"))
                .as("only the scrape itself is in progress").isEqualTo(1);
        assertThat(sample(after, "vertx_http_server_active_requests\\{method=\"POST\"\\}")).isZero();
        assertThat(after).contains("vertx_http_server_active_connections", "vertx_http_server_bytes_read_total");
    }

    @Test
    void madeUpMethodsAddAtMostOneMethodLabelValue() {
        java.util.function.Function<String, Set<String>> methods = metrics -> {
            Set<String> values = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^vertx_http_server_requests_total\\{[^}]*method=\"([^\"]*)\"")
                    .matcher(metrics);
            while (m.find()) {
                values.add(m.group(1));
            }
            return values;
        };
        scrape(); // a scrape's own GET is counted after it answers: the second one sees it
        Set<String> before = methods.apply(scrape());
        Random random = new Random();
        for (int i = 0; i < 50; i++) {
            String made = "FOO" + i + Integer.toString(random.nextInt(1 << 20), 36).toUpperCase();
            harness.client.request(HttpMethod.valueOf(made), "/v1/operations").send().await();
        }
        Set<String> after = methods.apply(scrape());
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        assertThat(added).as("new method label values after 50 made-up methods").hasSizeLessThanOrEqualTo(1);
        assertThat(after).as("the made-up methods are counted, under one label").contains("OTHER")
                .noneMatch(method -> method.startsWith("FOO"));
    }

    @Test
    void liveAndReadyAnswerWithoutATokenAndReadyFailsOnceShuttingDown() throws Exception {
        HttpResponse<Buffer> live = harness.get("/health/live", null).send().await();
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");

        try (ServiceHarness other = ServiceHarness.start(Files.createTempDirectory("milink-health-"))) {
            assertThat(other.get("/health/ready", null).send().await().statusCode()).isEqualTo(200);
            other.service.health().shuttingDown();
            HttpResponse<Buffer> ready = other.get("/health/ready", null).send().await();
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.bodyAsString()).contains("accepting");
            assertThat(other.get("/health/live", null).send().await().statusCode())
                    .as("still alive while draining").isEqualTo(200);
        }
    }

    @Test
    void onStopReadyAnswers503WhileTheServerStillAcceptsWhenItWasProbed() throws Exception {
        ServiceLimits drainOneSecond = ServiceHarness.TEST_LIMITS.withReadinessDrain(java.time.Duration.ofSeconds(1));
        ServiceHarness other = ServiceHarness.start(new ServiceConfig(Files.createTempDirectory("milink-drain-"),
                "127.0.0.1", 0, true), ArmConnector.AZURE, drainOneSecond);
        try {
            assertThat(other.get("/health/ready", null).send().await().statusCode()).isEqualTo(200);
            Thread closing = new Thread(other.service::close, "closing");
            closing.start();
            int seen = 0;
            long deadline = System.nanoTime() + 900_000_000L;
            while (seen != 503 && System.nanoTime() < deadline) {
                // A new connection per probe, as a load balancer's probe: the server must still accept it.
                io.vertx.core.http.HttpClient fresh = other.streamingClient();
                try {
                    seen = fresh.request(io.vertx.core.http.HttpMethod.GET, "/health/ready")
                            .compose(request -> request.send()).await().statusCode();
                } finally {
                    fresh.close().await();
                }
            }
            assertThat(seen).as("a probe on a new connection during the drain is answered, with 503")
                    .isEqualTo(503);
            closing.join(10_000);
            assertThat(closing.isAlive()).isFalse();
        } finally {
            other.close();
        }
    }
}
