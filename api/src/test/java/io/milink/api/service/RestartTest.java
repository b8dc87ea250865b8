package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.journal.Journal;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal across restarts: results survive, unfinished work is never silently lost. */
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void resultsSurviveARestartAndWorkLeftRunningByACrashIsFailedWithTheReason() throws Exception {
        String operator;
        String succeeded;
        try (ServiceHarness first = ServiceHarness.start(dir)) {
            operator = first.service.initialOperatorToken().orElseThrow(
                    () -> new AssertionError("a first start without tokens creates an operator token"));
            succeeded = first.startPreflight("ready-2022", "Sales");
            assertThat(first.awaitFinal(succeeded).getString("state")).isEqualTo("Succeeded");
        }
        // What a crash leaves behind: one operation Running, one Queued, nobody to finish them.
        String running;
        String queued;
        try (Journal journal = Journal.open(dir)) {
            OperationJournal operations = new OperationJournal(journal);
            Operation op = operations.create("preflight", "token:1", "{\"scenario\":\"ready-2022\"}");
            assertThat(operations.start(op.id())).isTrue();
            operations.addEvent(op.id(), "collecting facts from twin 'ready-2022'");
            running = op.id();
            queued = operations.create("preflight", "token:1", "{\"scenario\":\"ready-2022\"}").id();
        }

        try (ServiceHarness second = ServiceHarness.restart(dir, operator)) {
            assertThat(second.service.initialOperatorToken()).as("the first token still exists").isEmpty();
            assertThat(second.service.interruptedAtStart()).isEqualTo(2);
            for (String id : new String[] {running, queued}) {
                JsonObject op = second.get("/v1/operations/" + id, operator).send().await().bodyAsJsonObject();
                assertThat(op.getString("state")).isEqualTo("Failed");
                assertThat(op.getString("error")).isEqualTo(OperationJournal.INTERRUPTED_REASON);
                assertThat(op.getString("finishedAt")).isNotNull();
            }
            String events = second.get("/v1/operations/" + running + "/events", operator).send().await()
                    .bodyAsString();
            assertThat(events).contains("collecting facts", "failed: " + OperationJournal.INTERRUPTED_REASON,
                    "event: end\ndata: {\"state\":\"Failed\"}");
            HttpResponse<Buffer> report = second.get("/v1/preflight/" + succeeded, operator).send().await();
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.bodyAsJsonObject().getBoolean("ready")).isTrue();
        }
    }

    @Test
    void closingTheServiceJournalsUnfinishedWorkAsFailedBeforeItStops() throws Exception {
        String operator;
        String pending;
        try (ServiceHarness service = ServiceHarness.start(dir)) {
            operator = service.operatorToken;
            // Queued and never picked up by a worker: what close() finds unfinished.
            pending = new OperationJournal(Journal.open(dir)).create("preflight", "token:1", "{}").id();
        }
        try (ServiceHarness again = ServiceHarness.restart(dir, operator)) {
            assertThat(again.service.interruptedAtStart()).as("close() already journaled it").isZero();
            JsonObject op = again.get("/v1/operations/" + pending, operator).send().await().bodyAsJsonObject();
            assertThat(op.getString("state")).isEqualTo("Failed");
            assertThat(op.getString("error")).isEqualTo(OperationJournal.INTERRUPTED_REASON);
        }
    }

    @Test
    void aForcedFailoverLeftRunningIsFailedByWhoeverPicksItUpNeverRunAgain() throws Exception {
        String operator;
        try (ServiceHarness first = ServiceHarness.start(dir)) {
            operator = first.operatorToken;
        }
        // What a replica killed mid-way through a forced failover leaves: the operation Running, no task running it.
        String forced;
        try (Journal journal = Journal.open(dir)) {
            OperationJournal operations = new OperationJournal(journal);
            forced = operations.create(LinkJobs.FORCED_FAILOVER, "token:1", "{\"name\":\"DAG_Sales\",\"type\":"
                    + "\"forced\"}", null, "DAG_Sales", (c, id) -> { }).id();
            assertThat(operations.start(forced)).isTrue();
        }
        try (ServiceHarness again = ServiceHarness.restart(dir, operator)) {
            assertThat(again.service.resumedAtStart()).as("handed to a task").isEqualTo(1);
            JsonObject op = null;
            for (int i = 0; i < 100; i++) {
                op = again.get("/v1/operations/" + forced, operator).send().await().bodyAsJsonObject();
                if (!op.getString("state").equals("Running")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(op.getString("state")).as(op.encodePrettily()).isEqualTo("Failed");
            assertThat(op.getString("error")).contains("never run twice unasked", "GET /v1/links/DAG_Sales");
        }
    }
}
