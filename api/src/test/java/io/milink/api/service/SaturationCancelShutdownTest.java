package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedCredential;
import io.milink.journal.Journal;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.journal.OperationState;
import io.milink.core.spec.SecretSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real HTTP: a full queue answers 503 with Retry-After, a Running operation is canceled, and shutdown lets
 * running work finish within its grace period and journals what did not. Work is held Running by a "black hole": a
 * TCP listener that accepts and never answers, so the driver waits for its login timeout.
 */
class SaturationCancelShutdownTest {

    @TempDir
    Path dir;
    private ServerSocket blackHole;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openBlackHole() throws IOException {
        blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread accepter = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "black-hole");
        accepter.setDaemon(true);
        accepter.start();
    }

    @AfterEach
    void closeBlackHole() throws IOException {
        blackHole.close();
        for (Socket socket : held) {
            socket.close(); // The waiting driver sees the connection end, and its job ends at once.
        }
    }

    private ServiceConfig config(int maxOperations, Duration grace) {
        Credentials credentials = new Credentials(List.of(new NamedCredential("hole", "milink",
                new SecretSource.EnvironmentVariable("HOLE_PASSWORD"), List.of())), Map.of("HOLE_PASSWORD", "x"));
        return new ServiceConfig(dir.resolve("data"), "127.0.0.1", 0, true).withCredentials(credentials)
                .withMaxUnfinishedOperations(maxOperations).withShutdownGrace(grace);
    }

    private JsonObject intoTheBlackHole() {
        return new JsonObject().put("sqlServer", new JsonObject().put("host", "127.0.0.1")
                .put("port", blackHole.getLocalPort()).put("credential", "hole").put("encrypt", "false"));
    }

    private String accepted(ServiceHarness harness, JsonObject body) {
        HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(body)
                .await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
        return response.bodyAsJsonObject().getString("id");
    }

    @Test
    void aFullQueueIsA503WithRetryAfterWhileReadsGoOn() throws Exception {
        try (ServiceHarness harness = ServiceHarness.start(config(2, Duration.ZERO))) {
            String first = accepted(harness, intoTheBlackHole());
            String second = accepted(harness, intoTheBlackHole());
            harness.awaitState(first, "Running");

            HttpResponse<Buffer> refused = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(new JsonObject().put("scenario", "ready-2022")).await();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("10");
            assertProblem(refused, "urn:milink:problem:busy");
            assertThat(refused.bodyAsJsonObject().getString("detail")).contains("retry after 10 seconds");

            // Reads still work while saturated; the queue bounds work, not the API.
            assertThat(harness.get("/v1/operations/" + second, harness.operatorToken).send().await().statusCode())
                    .isEqualTo(200);

        }
    }

    @Test
    void cancelingARunningOperationEndsItCanceledAndItsEventStreamSaysSo() throws Exception {
        try (ServiceHarness harness = ServiceHarness.start(config(1, Duration.ZERO))) {
            String id = accepted(harness, intoTheBlackHole());
            harness.awaitState(id, "Running");
            // Running is journaled just before the job's first step: cancel once it waits in the black hole.
            String collecting = "collecting facts from SQL Server 127.0.0.1:" + blackHole.getLocalPort();
            java.time.Instant stepDeadline = java.time.Instant.now().plusSeconds(30);
            while (!journaledEvents(harness, id).contains(collecting)) {
                assertThat(java.time.Instant.now()).as("the job's first step within 30 s").isBefore(stepDeadline);
                Thread.sleep(20);
            }

            HttpResponse<Buffer> canceled = harness.delete("/v1/operations/" + id, harness.operatorToken).send()
                    .await();
            assertThat(canceled.statusCode()).as(canceled.bodyAsString()).isEqualTo(200);
            assertThat(canceled.bodyAsJsonObject().getString("state")).isEqualTo("Canceled");

            String events = harness.get("/v1/operations/" + id + "/events", harness.operatorToken).send().await()
                    .bodyAsString();
            assertThat(events).contains("collecting facts from SQL Server 127.0.0.1:" + blackHole.getLocalPort())
                    .contains("canceled by token:").contains("event: end\ndata: {\"state\":\"Canceled\"}");

            // The canceled job still waits in the black hole and holds the only place: new work is refused.
            JsonObject rehearsal = new JsonObject().put("scenario", "ready-2022");
            assertThat(harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(rehearsal).await()
                    .statusCode()).isEqualTo(503);

            closeBlackHole(); // The job ends now, with whatever it found.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            do {
                status = harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(rehearsal).await()
                        .statusCode();
                if (status == 503) {
                    Thread.sleep(50);
                }
            } while (status == 503 && System.nanoTime() < deadline);
            assertThat(status).as("the job ended and gave its place back").isEqualTo(202);

            // It ended after the cancel: what it found is discarded and the operation stays Canceled.
            assertThat(harness.get("/v1/operations/" + id, harness.operatorToken).send().await().bodyAsJsonObject()
                    .getString("state")).isEqualTo("Canceled");
        }
    }

    @Test
    void shutdownLetsRunningWorkFinishWithinTheGracePeriod() throws Exception {
        String id;
        ServiceHarness harness = ServiceHarness.start(config(4, Duration.ofSeconds(20)));
        try {
            id = accepted(harness, new JsonObject().put("scenario", "ready-2022"));
            harness.awaitState(id, "Running");
        } finally {
            harness.close(); // returns once the rehearsal has finished, well inside the grace period
        }
        try (Journal journal = Journal.open(dir.resolve("data"))) {
            Operation op = new OperationJournal(journal).find(id).orElseThrow();
            assertThat(op.state()).as(String.valueOf(op.error())).isEqualTo(OperationState.Succeeded);
        }
    }

    @Test
    void shutdownJournalsWorkStillRunningAfterTheGracePeriodAsFailed() throws Exception {
        String id;
        ServiceHarness harness = ServiceHarness.start(config(4, Duration.ofMillis(500)));
        long started;
        try {
            id = accepted(harness, intoTheBlackHole());
            harness.awaitState(id, "Running");
        } finally {
            started = System.nanoTime();
            harness.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close waits the grace period, not the "
                + "15 s login timeout").isLessThan(Duration.ofSeconds(10));
        try (Journal journal = Journal.open(dir.resolve("data"))) {
            Operation op = new OperationJournal(journal).find(id).orElseThrow();
            assertThat(op.state()).isEqualTo(OperationState.Failed);
            assertThat(op.error()).isEqualTo(OperationJournal.INTERRUPTED_REASON);
        }
    }

    @Test
    void anOpenEventStreamSendsHeartbeatsAndStreamsBeyondTheCapAreA503WithRetryAfter() throws Exception {
        ServiceLimits limits = ServiceHarness.TEST_LIMITS.withHeartbeat(Duration.ofMillis(100)).withMaxEventStreams(1);
        try (ServiceHarness harness = ServiceHarness.start(config(4, Duration.ZERO), ArmConnector.AZURE, limits)) {
            String id = accepted(harness, intoTheBlackHole());
            harness.awaitState(id, "Running");
            HttpClient streaming = harness.streamingClient();
            StringBuffer received = new StringBuffer();
            HttpClientResponse stream = streaming.request(HttpMethod.GET, "/v1/operations/" + id + "/events")
                    .compose(request -> request.putHeader("Authorization", "Bearer " + harness.operatorToken)
                            .send())
                    .await();
            assertThat(stream.statusCode()).isEqualTo(200);
            stream.handler(chunk -> received.append(chunk.toString()));
            Instant deadline = Instant.now().plusSeconds(5);
            while (!received.toString().contains(": heartbeat\n\n") && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(received.toString()).as("a heartbeat comment while the operation journals nothing")
                    .contains(": heartbeat\n\n");

            HttpResponse<Buffer> refused = harness.get("/v1/operations/" + id + "/events", harness.operatorToken)
                    .send().await();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
            assertProblem(refused, "urn:milink:problem:unavailable");

            // The place is given back when the client goes away.
            streaming.close().await();
            HttpResponse<Buffer> again = null;
            deadline = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(deadline)) {
                harness.delete("/v1/operations/" + id, harness.operatorToken).send().await();
                again = harness.get("/v1/operations/" + id + "/events", harness.operatorToken).send().await();
                if (again.statusCode() != 503) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(again.statusCode()).as("a stream after the first closed").isEqualTo(200);
            assertThat(again.bodyAsString()).contains("event: end");
        }
    }

    /** The operation's journaled event messages (its event stream would stay open while it runs). */
    private static String journaledEvents(ServiceHarness harness, String id) throws Exception {
        StringBuilder all = new StringBuilder();
        try (java.sql.Connection c = harness.journalConnection(); java.sql.PreparedStatement q = c.prepareStatement(
                "SELECT message FROM operation_events WHERE operation_id = ? ORDER BY id")) {
            q.setString(1, id);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    all.append(rs.getString(1)).append('\n');
                }
            }
        }
        return all.toString();
    }
}
