package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.journal.Journal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files over plain HTTP requests (no browser): served without a token, each with its content type and
 * the strict Content-Security-Policy, nothing loaded from another origin, no inline script or style the policy would
 * refuse; and GET /v1/events, which the page reads, asks for a token like every /v1 route and streams to a reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardHttpTest {

    @TempDir
    static Path dir;
    private ServiceHarness harness;
    private String reader;

    @BeforeAll
    void start() {
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data)) {
            reader = new TokenStore(journal).create(Role.READER);
        }
        harness = ServiceHarness.start(new ServiceConfig(data, "127.0.0.1", 0, true), ArmConnector.AZURE,
                ServiceHarness.TEST_LIMITS.withHeartbeat(Duration.ofMillis(200)).withMaxEventStreams(1), null);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void thePageScriptAndStylesheetAreServedWithoutATokenWithTheirTypesAndAStrictContentSecurityPolicy() {
        Map<String, String> types = Map.of("/", "text/html; charset=utf-8",
                "/dashboard.js", "text/javascript; charset=utf-8",
                "/dashboard.css", "text/css; charset=utf-8");
        types.forEach((path, type) -> {
            HttpResponse<Buffer> response = harness.get(path, null).send().await();
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).as(path).isEqualTo(type);
            assertThat(response.getHeader("Content-Security-Policy")).as(path)
                    .isEqualTo(DashboardAssets.CONTENT_SECURITY_POLICY)
                    .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                            "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
            assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(response.bodyAsString()).as(path).isNotBlank();
        });

        String html = harness.get("/", null).send().await().bodyAsString();
        assertThat(html).contains("<script src=\"/dashboard.js\" defer></script>",
                "<link rel=\"stylesheet\" href=\"/dashboard.css\">", "<html lang=\"en\">");
        assertThat(html).as("every asset is the service's own").doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(html).as("nothing inline for the policy to refuse").doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContain(" style=", " onclick=", "javascript:");
        assertThat(html).as("every form control is labelled").contains("<label for=\"token\">",
                "<label for=\"confirm-name\">");
        String script = harness.get("/dashboard.js", null).send().await().bodyAsString();
        assertThat(script).as("the token travels in the Authorization header, never in an address")
                .contains("Authorization: 'Bearer ' + token()", "fetch('/v1/events'", "sessionStorage")
                .doesNotContain("new EventSource", "token=", "localStorage");
    }

    @Test
    void theDashboardsFilesAreNotWritable() {
        HttpResponse<Buffer> post = harness.post("/dashboard.js", null).sendBuffer(Buffer.buffer("x")).await();
        assertThat(post.statusCode()).as(post.bodyAsString()).isIn(401, 405);
    }

    @Test
    void theEventStreamAsksForATokenAndStreamsToAReader() throws Exception {
        HttpResponse<Buffer> none = harness.get("/v1/events", null).send().await();
        assertThat(none.statusCode()).isEqualTo(401);
        assertProblem(none, "urn:milink:problem:unauthorized");
        HttpResponse<Buffer> wrong = harness.get("/v1/events", "not-a-token").send().await();
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpClient client = harness.streamingClient();
        StringBuffer received = new StringBuffer();
        HttpClientResponse stream = client.request(HttpMethod.GET, "/v1/events")
                .compose(request -> request.putHeader("Authorization", "Bearer " + reader)
                        .putHeader("Last-Event-ID", "12.0.").send()
                        // On the event loop that received the head, so the first chunk is not missed.
                        .map(response -> response.handler(received::append))).await();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.getHeader("Content-Type")).isEqualTo("text/event-stream");
        assertThat(stream.getHeader("Cache-Control")).isEqualTo("no-cache");
        Instant deadline = Instant.now().plusSeconds(5);
        while (!received.toString().contains(": heartbeat\n\n") && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(received.toString()).startsWith("retry: 3000\n").contains(": heartbeat\n\n")
                .as("no link, so nothing but comments").doesNotContain("event:");

        // One stream at most here: a second is refused with Retry-After, and the place is given back on hang-up.
        HttpResponse<Buffer> refused = harness.get("/v1/events", reader).send().await();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
        assertProblem(refused, "urn:milink:problem:unavailable");
        client.close().await();
        HttpClient again = harness.streamingClient();
        int status = 0;
        deadline = Instant.now().plusSeconds(5);
        while (status != 200 && Instant.now().isBefore(deadline)) {
            status = again.request(HttpMethod.GET, "/v1/events").compose(request -> request
                    .putHeader("Authorization", "Bearer " + reader).send()).await().statusCode();
            Thread.sleep(status == 200 ? 0 : 50);
        }
        assertThat(status).as("a stream once the first hung up").isEqualTo(200);
        again.close().await();
    }
}
