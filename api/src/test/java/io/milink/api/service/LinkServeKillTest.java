package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milink serve} killed with SIGKILL in the middle of {@code POST /v1/links} (after Azure accepted an operation
 * the journal recorded) and started again: the same operation resumes from the link engine's journal, waits for the
 * operation Azure already accepted instead of sending it again, and finishes the same link.
 */
class LinkServeKillTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (https://127\\.0\\.0\\.1:\\d+)");
    private static final String LINK = "DAG_Sales";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 100, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServiceKilledDuringCreateResumesTheSameOperationAtItsNextStartAndFinishesTheLink() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start()) {
            ArmTwin arm = twins.arm().orElseThrow();
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(), arm,
                    List.of("Sales")), "ready-2022");
            Path data = dir.resolve("serve-data");
            String request = Files.readString(dir.resolve(TwinSpecFiles.REQUEST));

            // milink twin --write-spec made an operator token of this journal: the service prints none.
            ServeProcess first = serve(line -> LISTENING.matcher(line).find());
            String token = Files.readString(dir.resolve(TwinSpecFiles.TOKEN)).strip();
            String operationId;
            String killedAfter;
            try {
                HttpClient client = client(data);
                HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(first.baseUrl()
                                + "/v1/links")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").header("Idempotency-Key", "kill-1")
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                operationId = new JsonObject(accepted.body()).getString("id");
                // Follow the event stream until Azure has accepted an operation (journaled before this event), then
                // kill: Azure's operation goes on while the service is gone, as a real one would.
                HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(first.baseUrl()
                        + "/v1/operations/" + operationId + "/events")).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofLines());
                killedAfter = null;
                for (Iterator<String> lines = events.body().iterator(); lines.hasNext(); ) {
                    String line = lines.next();
                    if (line.startsWith("data: ") && line.contains("accepted by Azure: ")) {
                        killedAfter = new JsonObject(line.substring("data: ".length())).getString("message");
                        break;
                    }
                    assertThat(line).as("the create ended before Azure accepted anything").doesNotContain("event: end");
                }
                assertThat(killedAfter).as("an operation accepted by Azure").isNotNull();
            } finally {
                first.process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing journaled at the end
                assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
            long putsOfTheLinkAtTheKill = linkPuts(arm);

            ServeProcess second = serve(line -> line.contains("resumed from the journal"));
            try {
                assertThat(second.output()).as("no new token: the journal has one")
                        .noneMatch(l -> l.matches("[A-Za-z0-9_-]{43}"))
                        .anyMatch(l -> l.contains("1 link operation(s) left unfinished by the previous run are "
                                + "resumed"));
                HttpClient client = client(data);
                JsonObject done = awaitFinal(client, second.baseUrl(), token, operationId);
                assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
                String events = client.send(HttpRequest.newBuilder(URI.create(second.baseUrl() + "/v1/operations/"
                        + operationId + "/events")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(events).containsSubsequence(killedAfter,
                        "resumed by replica milink ", "Continuing the create run of",
                        "which Azure accepted for an earlier run", "succeeded: seeding finished");
                HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(second.baseUrl()
                        + "/v1/links/" + LINK)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(new JsonObject(status.body()).getJsonArray("databases").getJsonObject(0)
                        .getString("phase")).isEqualTo("Replicating");
            } finally {
                second.process().destroy();
                assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(arm.instance().linkNames()).containsExactly(LINK);
            // The link's PUT is sent at most once however the kill fell: before it, by the resumed run; after it, by
            // the killed one, and the resumed run waited for it instead of sending it again.
            assertThat(linkPuts(arm)).as("PUTs of the link (%d at the kill)", putsOfTheLinkAtTheKill).isEqualTo(1);
        }
    }

    /** Starts {@code milink serve} with the written configuration; returns once it printed {@code last}. */
    private ServeProcess serve(java.util.function.Predicate<String> last) throws Exception {
        return ServeProcess.start(List.of("--config", dir.resolve(TwinSpecFiles.SERVE_CONFIG).toString(), "--port",
                "0", "--shutdown-grace", "2"), null, last);
    }

    private static long linkPuts(ArmTwin arm) {
        return arm.receivedRequests().stream().filter(r -> r.method().equals("PUT")
                && r.path().endsWith("/distributedAvailabilityGroups/" + LINK)).count();
    }

    private static JsonObject awaitFinal(HttpClient client, String baseUrl, String token, String id)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject op = new JsonObject(client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/operations/"
                    + id)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            if (List.of("Succeeded", "Failed", "Canceled").contains(op.getString("state"))) {
                return op;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("operation " + id + " did not finish in 60 s");
    }

    private static HttpClient client(Path data) throws Exception {
        SSLContext context = ServeProcess.trusting(data.resolve("tls/milink-serve-certificate.pem"));
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
