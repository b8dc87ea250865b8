package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.milink.journal.OperationEvent;
import io.milink.journal.OperationJournal;
import io.milink.journal.Journal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The service's log: JSON lines carrying the request id, which is also echoed to the caller, put in problem details
 * and in journal events; and never a token or an Authorization header, whatever the caller sends.
 */
class ServiceLogTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private Level milinkLevel;
    private Level accessLevel;

    /** Captures what the service logs, encoded as the shipped logback.xml encodes it, at the shipped levels. */
    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithContext(false);
        encoder.setWithMDC(false);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        Logger milink = context.getLogger("io.milink");
        Logger access = context.getLogger("io.milink.api.service.access");
        milinkLevel = milink.getLevel();
        accessLevel = access.getLevel();
        milink.setLevel(Level.INFO);
        access.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        context.getLogger("io.milink").setLevel(milinkLevel);
        context.getLogger("io.milink.api.service.access").setLevel(accessLevel);
    }

    private List<JsonObject> lines() {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new JsonObject(line)); // Fails the test if a line is not one JSON object.
            }
        }
        return lines;
    }

    /** The access-log line of one request, found by its id. */
    /** Waits (at most 10 s) until an access line for each request id is in the log. */
    private void awaitAccessLines(String... requestIds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (String id : requestIds) {
                all &= lines().stream().anyMatch(line -> line.getString("loggerName").equals(
                        "io.milink.api.service.access") && keyValues(line).getString("requestId", "").equals(id));
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private JsonObject accessLine(String requestId) {
        return lines().stream()
                .filter(line -> line.getString("loggerName").equals("io.milink.api.service.access"))
                .filter(line -> keyValues(line).getString("requestId", "").equals(requestId))
                .findFirst().orElseThrow(() -> new AssertionError("no access line for " + requestId + " in\n"
                        + captured));
    }

    private static JsonObject keyValues(JsonObject line) {
        JsonObject merged = new JsonObject();
        JsonArray pairs = line.getJsonArray("kvpList", new JsonArray());
        pairs.forEach(pair -> merged.mergeIn((JsonObject) pair));
        return merged;
    }

    @Test
    void requestIdsFollowACallThroughResponseLogAndJournalAndNoTokenIsEverLogged() throws Exception {
        Path dataDirectory = Files.createTempDirectory("milink-log-");
        String secretLookingToken = "wrong-but-secret-looking-token-value";
        String operationId;
        String operatorToken;
        try (ServiceHarness harness = ServiceHarness.start(dataDirectory)) {
            operatorToken = harness.operatorToken;
            // A caller's id is kept and echoed.
            HttpResponse<Buffer> refused = harness.get("/v1/preflight", secretLookingToken)
                    .putHeader("X-Request-Id", "pipeline-41").send().await();
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.getHeader("X-Request-Id")).isEqualTo("pipeline-41");
            assertThat(refused.bodyAsJsonObject().getString("requestId")).isEqualTo("pipeline-41");

            // A start and a cancel: the journal events name the requests behind them.
            HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                    .putHeader("X-Request-Id", "pipeline-42")
                    .sendJsonObject(new JsonObject().put("scenario", "ready-2022")).await();
            assertThat(accepted.statusCode()).isEqualTo(202);
            operationId = accepted.bodyAsJsonObject().getString("id");
            harness.delete("/v1/operations/" + operationId, harness.operatorToken)
                    .putHeader("X-Request-Id", "pipeline-43").send().await();

            // An id that could forge log or header content is replaced by one of ours.
            HttpResponse<Buffer> odd = harness.get("/health/live", null)
                    .putHeader("X-Request-Id", "a b\"}{injected").send().await();
            assertThat(odd.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
            awaitAccessLines("pipeline-41", "pipeline-42", "pipeline-43"); // written as each response ends
        }

        JsonObject refusedLine = accessLine("pipeline-41");
        assertThat(refusedLine.getString("level")).isEqualTo("INFO");
        JsonObject refusedFields = keyValues(refusedLine);
        assertThat(refusedFields.getString("path")).isEqualTo("/v1/preflight");
        assertThat(refusedFields.getValue("status").toString()).isEqualTo("401");
        assertThat(refusedFields.getString("caller")).isEqualTo("anonymous");
        assertThat(keyValues(accessLine("pipeline-42")).getString("caller")).isEqualTo("token:1");
        accessLine("pipeline-43");

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain(secretLookingToken).doesNotContain(operatorToken)
                .doesNotContainIgnoringCase("authorization").doesNotContain("Bearer").doesNotContain("injected");

        try (Journal journal = Journal.open(dataDirectory)) {
            assertThat(new OperationJournal(journal).eventsAfter(operationId, 0)).extracting(OperationEvent::message)
                    .contains("queued (request pipeline-42)", "canceled by token:1 (request pipeline-43)");
        }
    }
}
