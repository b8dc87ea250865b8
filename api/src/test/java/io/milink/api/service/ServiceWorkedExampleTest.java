package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/api.md ("A link's life with curl, on the twins"), step by step: the files milink twin
 * --write-spec writes for ready-2022 (both its databases; the application idle, as with --idle), {@code milink serve
 * --config DIR/serve.yaml} as its own process (on a free port instead of 8443), the token from DIR/operator-token,
 * then over HTTPS with the certificate the service wrote: POST /v1/links with DIR/link-request.json, the operation's
 * event stream to its end and the operation, the status with its ETag, a planned failover with If-Match and the fail
 * back, the removal. Then the stop of docs/operations.md: SIGTERM with a create running past a one-second shutdown
 * grace, after which stderr holds JSON log lines and nothing else.
 */
class ServiceWorkedExampleTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (https://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theCurlSessionCreatesTheLinkFailsItOverAndBackAndRemovesItAndTheStopLogsOnlyJson() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(1000).start()) {
            twins.world().pauseWorkload(); // --idle
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales", "Inventory")), "ready-2022");
            Path stderr = dir.resolve("serve.err");
            // The shipped logging configuration, not the tests' (warnings only): its request lines are what the
            // stop's check below reads, so it cannot pass on an empty log.
            Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dlogback.configurationFile=logback.xml",
                    "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "serve", "--config",
                    dir.resolve(TwinSpecFiles.SERVE_CONFIG).toString(), "--port", "0", "--shutdown-grace", "1")
                    .redirectError(stderr.toFile()).start();
            try {
                String api = listening(serve);
                // export MILINK_TOKEN=$(cat twin/operator-token); CA=twin/serve-data/tls/milink-serve-certificate.pem
                Curl curl = new Curl(api, Files.readString(dir.resolve(TwinSpecFiles.TOKEN)).strip(),
                        dir.resolve(TwinSpecFiles.SERVE_DATA).resolve("tls/milink-serve-certificate.pem"));

                HttpResponse<String> created = curl.post("/v1/links",
                        Files.readString(dir.resolve(TwinSpecFiles.REQUEST)), null);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
                String location = created.headers().firstValue("Location").orElseThrow();
                assertThat(curl.get(location + "/events").body()).containsSubsequence("Preflight: no blocking "
                        + "finding for Sales, Inventory", "accepted by Azure: link DAG_Sales", "seeding ",
                        "succeeded: seeding finished, the link replicates", "event: end");
                assertThat(new JsonObject(curl.get(location).body()).getString("state")).isEqualTo("Succeeded");

                HttpResponse<String> status = curl.get("/v1/links/" + TwinSpecFiles.LINK_NAME);
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                JsonArray databases = new JsonObject(status.body()).getJsonArray("databases");
                assertThat(databases).hasSize(2);
                assertThat(databases.stream().map(d -> ((JsonObject) d).getString("phase")))
                        .containsOnly("Replicating");

                failOver(curl, status.headers().firstValue("ETag").orElseThrow(), "managedInstance");
                failOver(curl, curl.get("/v1/links/" + TwinSpecFiles.LINK_NAME).headers().firstValue("ETag")
                        .orElseThrow(), "sqlServer");

                HttpResponse<String> removal = curl.delete("/v1/links/" + TwinSpecFiles.LINK_NAME);
                assertThat(removal.statusCode()).as(removal.body()).isEqualTo(202);
                String removed = removal.headers().firstValue("Location").orElseThrow();
                assertThat(curl.get(removed + "/events").body()).contains("event: end");
                assertThat(new JsonObject(curl.get(removed).body()).getString("state")).isEqualTo("Succeeded");
                assertThat(curl.get("/v1/links/" + TwinSpecFiles.LINK_NAME).statusCode()).isEqualTo(404);
                assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();

                // The same link again, and the service stopped while it is being made.
                HttpResponse<String> again = curl.post("/v1/links",
                        Files.readString(dir.resolve(TwinSpecFiles.REQUEST)), null);
                assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            } finally {
                serve.toHandle().destroy(); // SIGTERM
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            List<String> lines = Files.readAllLines(stderr).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("stderr of milink serve").isNotEmpty().allSatisfy(line ->
                    assertThat(new JsonObject(line).getString("level")).as(line).isNotBlank());
            assertThat(lines).as("a request line for the curl session's status reads").anySatisfy(line ->
                    assertThat(new JsonObject(line).getString("loggerName")).isEqualTo("io.milink.api.service.access"));
        }
    }

    /** A planned failover with If-Match, followed to its end, as the curl session does it. */
    private static void failOver(Curl curl, String etag, String to) throws Exception {
        HttpResponse<String> accepted = curl.post("/v1/links/" + TwinSpecFiles.LINK_NAME + "/failover",
                "{\"type\": \"planned\"}", etag);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(curl.get(location + "/events").body()).contains("event: end");
        JsonObject done = new JsonObject(curl.get(location).body());
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        assertThat(done.getJsonObject("request").getString("to")).isEqualTo(to);
    }

    /** Reads the service's output until it says where it listens. */
    private static String listening(Process serve) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> output = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            output.add(line);
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                // By name, as the docs' https://localhost:8443: the certificate is issued for localhost.
                return listening.group(1).replace("127.0.0.1", "localhost");
            }
        }
        throw new AssertionError("milink serve did not start:\n" + String.join("\n", output));
    }

    /** What the session's curl does: the bearer token, and trust in exactly the service's certificate. */
    private static final class Curl {
        private final String api;
        private final String token;
        private final HttpClient client;

        Curl(String api, String token, Path certificate) throws Exception {
            this.api = api;
            this.token = token;
            SSLContext context = ServeProcess.trusting(certificate);
            this.client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(90))
                    .header("Authorization", "Bearer " + token);
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json, String ifMatch) throws Exception {
            HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (ifMatch != null) {
                builder.header("If-Match", ifMatch);
            }
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> delete(String path) throws Exception {
            return client.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
