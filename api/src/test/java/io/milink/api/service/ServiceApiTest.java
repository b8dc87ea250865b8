package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.Milink;
import io.milink.api.service.contract.ResponseContract;
import io.milink.journal.Journal;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API over real HTTPS on a random port: authentication and roles, the preflight lifecycle from 202 to
 * report and checklists, Server-Sent Events, cancel, validation, health, audit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceApiTest {

    private Path dataDirectory;
    private ServiceHarness harness;
    private String operator;
    private String reader;
    /** One preflight shared by the tests that read its results (a twin rehearsal takes a while). */
    private String readyOperationId;
    /** openapi.yaml, against which the main answers are checked. */
    private ResponseContract contract;

    @BeforeAll
    void start() throws Exception {
        dataDirectory = Files.createTempDirectory("milink-serve-api-");
        operator = createToken("operator");
        reader = createToken("reader");
        harness = ServiceHarness.restart(dataDirectory, operator);
        contract = ResponseContract.load(harness.clientVertx);
        assertThat(harness.service.initialOperatorToken()).as("tokens existed, so none is made").isEmpty();
        readyOperationId = harness.startPreflight("ready-2022", "Sales");
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private String createToken(String role) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Milink.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("token", "create", "--role", role, "--data-dir", dataDirectory.toString());
        assertThat(code).as(err.toString()).isZero();
        return out.toString().strip();
    }

    // --- health ---------------------------------------------------------------------------------------------------

    @Test
    void healthEndpointsAnswerWithoutAToken() {
        HttpResponse<Buffer> live = harness.get("/health/live", null).send().await();
        HttpResponse<Buffer> ready = harness.get("/health/ready", null).send().await();
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .map(check -> check.getString("id") + "=" + check.getString("status")))
                .containsExactlyInAnyOrder("journal=UP", "accepting=UP");
    }

    @Test
    void theOpenApiContractIsServed() {
        HttpResponse<Buffer> spec = harness.get("/openapi.yaml", null).send().await();
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.bodyAsString()).startsWith("openapi: 3").contains("/v1/preflight/{id}/checklist");
    }

    // --- authentication ---------------------------------------------------------------------------------------

    @Test
    void noTokenAWrongTokenOrAnotherSchemeIsA401Problem() {
        for (String header : new String[] {null, "Bearer not-a-token", "Basic " + operator, "Bearer", operator}) {
            var request = harness.client.get("/v1/operations/" + readyOperationId);
            if (header != null) {
                request.putHeader("Authorization", header);
            }
            HttpResponse<Buffer> response = request.send().await();
            assertThat(response.statusCode()).as(String.valueOf(header)).isEqualTo(401);
            assertProblem(response, "urn:milink:problem:unauthorized");
            contract.assertConforms(HttpMethod.GET, "/v1/operations/" + readyOperationId, response);
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.bodyAsString()).doesNotContain(operator);
        }
    }

    @Test
    void aReaderReadsButCannotStartOrCancelWork() {
        assertThat(harness.get("/v1/operations/" + readyOperationId, reader).send().await().statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> post = harness.post("/v1/preflight", reader)
                .sendJsonObject(new JsonObject().put("scenario", "ready-2022")).await();
        assertThat(post.statusCode()).isEqualTo(403);
        assertProblem(post, "urn:milink:problem:forbidden");
        contract.assertConforms(HttpMethod.POST, "/v1/preflight", post);
        HttpResponse<Buffer> delete = harness.delete("/v1/operations/" + readyOperationId, reader).send().await();
        assertThat(delete.statusCode()).isEqualTo(403);
        contract.assertConforms(HttpMethod.DELETE, "/v1/operations/" + readyOperationId, delete);
    }

    // --- the preflight lifecycle -----------------------------------------------------------------------------------

    @Test
    void aPreflightIsAcceptedRunsAndSucceedsWithTheCliReport() throws Exception {
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", operator)
                .sendJsonObject(new JsonObject().put("scenario", "sql2019-cu19-too-old")
                        .put("databases", new JsonArray().add("Orders")))
                .await();
        assertThat(accepted.statusCode()).isEqualTo(202);
        contract.assertConforms(HttpMethod.POST, "/v1/preflight", accepted);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(accepted.getHeader("Location")).isEqualTo("/v1/operations/" + id);
        assertThat(accepted.bodyAsJsonObject().getString("state")).isIn("Queued", "Running");
        assertThat(accepted.bodyAsJsonObject().getString("requestedBy")).startsWith("token:");

        JsonObject done = harness.awaitFinal(id);
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        assertThat(done.getString("result")).isEqualTo("/v1/preflight/" + id);
        assertThat(done.getString("verdict")).isEqualTo("NOT READY");
        assertThat(done.getString("startedAt")).isNotNull();
        assertThat(done.getString("finishedAt")).isNotNull();
        contract.assertConforms(HttpMethod.GET, "/v1/operations/" + id,
                harness.get("/v1/operations/" + id, reader).send().await());

        HttpResponse<Buffer> reportResponse = harness.get(done.getString("result"), reader).send().await();
        assertThat(reportResponse.statusCode()).isEqualTo(200);
        contract.assertConforms(HttpMethod.GET, done.getString("result"), reportResponse);
        assertThat(reportResponse.getHeader("Content-Type")).startsWith("application/json");
        Report report = ReportJson.read(reportResponse.bodyAsString());
        assertThat(report.ready()).isFalse();
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.version")
                && f.status().name().equals("FAIL"));
    }

    @Test
    void checklistsDownloadInEveryFormatWithTheirContentTypeAndFileName() throws Exception {
        assertThat(harness.awaitFinal(readyOperationId).getString("state")).isEqualTo("Succeeded");
        record Expected(String format, String contentType, String extension, String marker) {
        }
        for (Expected e : List.of(
                new Expected("md", "text/markdown", "md", "#"),
                new Expected("html", "text/html", "html", "<html"),
                new Expected("csv", "text/csv", "csv", ","),
                new Expected("junit", "application/xml", "xml", "<testsuite"))) {
            HttpResponse<Buffer> response = harness.get("/v1/preflight/" + readyOperationId + "/checklist", reader)
                    .addQueryParam("format", e.format()).send().await();
            assertThat(response.statusCode()).as(e.format()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).startsWith(e.contentType());
            assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\""
                    + "milink-readiness-" + readyOperationId + "." + e.extension() + "\"");
            assertThat(response.bodyAsString()).contains(e.marker());
        }
        HttpResponse<Buffer> bad = harness.get("/v1/preflight/" + readyOperationId + "/checklist", reader)
                .addQueryParam("format", "pdf").send().await();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertProblem(bad, "urn:milink:problem:invalid-request");
    }

    @Test
    void theContractRejectsEveryFormatAndLimitOutsideItsRangeWithA400() throws Exception {
        assertThat(harness.awaitFinal(readyOperationId).getString("state")).isEqualTo("Succeeded");
        // The handlers trust these two parameters: the contract's enum and bounds are the only check.
        for (String format : List.of("pdf", "json", "MD", "", "md ")) {
            HttpResponse<Buffer> bad = harness.get("/v1/preflight/" + readyOperationId + "/checklist", reader)
                    .addQueryParam("format", format).send().await();
            assertThat(bad.statusCode()).as("format '" + format + "'").isEqualTo(400);
            assertProblem(bad, "urn:milink:problem:invalid-request");
        }
        for (String limit : List.of("0", "-1", "501", "abc", "1.5", "99999999999", "")) {
            HttpResponse<Buffer> bad = harness.get("/v1/preflight", reader).addQueryParam("limit", limit).send()
                    .await();
            assertThat(bad.statusCode()).as("limit '" + limit + "'").isEqualTo(400);
            assertProblem(bad, "urn:milink:problem:invalid-request");
        }
        assertThat(harness.get("/v1/preflight/" + readyOperationId + "/checklist", reader).send().await()
                .getHeader("Content-Type")).as("md by default").startsWith("text/markdown");
        assertThat(harness.get("/v1/preflight", reader).addQueryParam("limit", "500").send().await().statusCode())
                .isEqualTo(200);
    }

    @Test
    void historyListsStoredReportsForATarget() throws Exception {
        assertThat(harness.awaitFinal(readyOperationId).getString("state")).isEqualTo("Succeeded");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + readyOperationId, reader).send().await()
                .bodyAsString());
        JsonArray items = harness.get("/v1/preflight", reader).addQueryParam("target", report.target()).send()
                .await().bodyAsJsonObject().getJsonArray("items");
        assertThat(items).isNotEmpty();
        JsonObject first = items.getJsonObject(0);
        assertThat(items.stream().map(o -> ((JsonObject) o).getString("id"))).contains(readyOperationId);
        assertThat(first.getString("target")).isEqualTo(report.target());
        assertThat(first.getBoolean("ready")).isTrue();
        assertThat(first.getString("generatedAt")).isNotBlank();
        JsonArray none = harness.get("/v1/preflight", reader).addQueryParam("target", "no such server").send()
                .await().bodyAsJsonObject().getJsonArray("items");
        assertThat(none).isEmpty();
        assertThat(harness.get("/v1/preflight", reader).addQueryParam("limit", "0").send().await().statusCode())
                .isEqualTo(400);
    }

    @Test
    void serverSentEventsStreamProgressUntilTheOperationEnds() {
        String id = harness.startPreflight("ready-2022", "Sales");
        // Subscribed right after the 202: the stream follows the run live and ends by itself at the final state.
        HttpResponse<Buffer> stream = harness.get("/v1/operations/" + id + "/events", reader).send().await();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.getHeader("Content-Type")).startsWith("text/event-stream");
        String body = stream.bodyAsString();
        assertThat(body).contains("\"message\":\"queued (request ", "\"message\":\"running\"",
                "collecting facts from twin 'ready-2022'", "\"message\":\"checks evaluated: READY\"",
                "succeeded: READY", "event: end\ndata: {\"state\":\"Succeeded\"}");
        assertThat(body.indexOf("queued")).isLessThan(body.indexOf("collecting facts"));
        assertThat(body.indexOf("collecting facts")).isLessThan(body.indexOf("checks evaluated"));

        // Resuming after the last id a client saw replays only what came later.
        long firstId = Long.parseLong(body.substring(body.indexOf("id: ") + 4, body.indexOf('\n',
                body.indexOf("id: "))));
        String resumed = harness.get("/v1/operations/" + id + "/events", reader)
                .putHeader("Last-Event-ID", String.valueOf(firstId)).send().await().bodyAsString();
        assertThat(resumed).doesNotContain("\"message\":\"queued (request ").contains("checks evaluated: READY");
    }

    @Test
    void cancelingAQueuedOperationEndsItCanceledAndASecondCancelIsAConflict() {
        // A Queued operation no worker will pick up, written straight into the service's journal: deterministic.
        OperationJournal journal = new OperationJournal(Journal.open(dataDirectory));
        Operation queued = journal.create("preflight", "token:test", "{\"scenario\":\"ready-2022\"}");

        HttpResponse<Buffer> canceled = harness.delete("/v1/operations/" + queued.id(), operator).send().await();
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(canceled.bodyAsJsonObject().getString("state")).isEqualTo("Canceled");
        assertThat(canceled.bodyAsJsonObject().getString("error")).startsWith("canceled by token:");

        HttpResponse<Buffer> again = harness.delete("/v1/operations/" + queued.id(), operator).send().await();
        assertThat(again.statusCode()).isEqualTo(409);
        assertProblem(again, "urn:milink:problem:already-finished");

        HttpResponse<Buffer> report = harness.get("/v1/preflight/" + queued.id(), reader).send().await();
        assertThat(report.statusCode()).isEqualTo(409);
        assertProblem(report, "urn:milink:problem:no-report");

        String events = harness.get("/v1/operations/" + queued.id() + "/events", reader).send().await()
                .bodyAsString();
        assertThat(events).contains("canceled by token:").contains("event: end\ndata: {\"state\":\"Canceled\"}");
        assertThat(harness.delete("/v1/operations/no-such-id", operator).send().await().statusCode())
                .isEqualTo(404);
    }

    // --- validation ------------------------------------------------------------------------------------------------

    @Test
    void malformedOrUnsupportedBodiesAre400ProblemsThatSayWhatToSend() {
        record Case(String body, String detail) {
        }
        for (Case c : List.of(
                new Case("{\"scenario\": \"ready-2022\", \"colour\": \"blue\"}", "unknown field 'colour'"),
                new Case("{\"scenario\": ", "not valid JSON"),
                new Case("", "the body is empty"),
                new Case("[\"ready-2022\"]", "must be a JSON object"),
                new Case("{\"databases\": [\"Sales\"]}", "'scenario' is required"),
                new Case("{\"scenario\": 42}", "'scenario' must be a string"),
                new Case("{\"scenario\": \"ready-2022\", \"databases\": \"Sales\"}", "must be an array"),
                new Case("{\"scenario\": \"ready-2022\", \"databases\": [1]}", "every entry of 'databases'"),
                new Case("{\"sqlServer\": {\"host\": \"sql1\"}, \"databases\": [\"Sales\"]}",
                        "'sqlServer.credential' is required"),
                new Case("{\"scenario\": \"no-such-scenario\"}", "is not a built-in scenario"))) {
            HttpResponse<Buffer> response = harness.post("/v1/preflight", operator)
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(c.body())).await();
            assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
            assertProblem(response, "urn:milink:problem:invalid-request");
            assertThat(response.bodyAsJsonObject().getString("detail")).as(c.body()).contains(c.detail());
            contract.assertConforms(HttpMethod.POST, "/v1/preflight", response);
        }
        HttpResponse<Buffer> form = harness.post("/v1/preflight", operator)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("scenario=ready-2022")).await();
        assertThat(form.statusCode()).isEqualTo(415);
        assertProblem(form, "urn:milink:problem:unsupported-media-type");
        contract.assertConforms(HttpMethod.POST, "/v1/preflight", form);
    }

    @Test
    void unknownOperationsAndEndpointsAre404Problems() {
        HttpResponse<Buffer> op = harness.get("/v1/operations/nope", reader).send().await();
        assertThat(op.statusCode()).isEqualTo(404);
        assertProblem(op, "urn:milink:problem:not-found");
        contract.assertConforms(HttpMethod.GET, "/v1/operations/nope", op);
        HttpResponse<Buffer> report = harness.get("/v1/preflight/nope", reader).send().await();
        assertThat(report.statusCode()).isEqualTo(404);
        contract.assertConforms(HttpMethod.GET, "/v1/preflight/nope", report);
        assertThat(harness.get("/v1/operations/nope/events", reader).send().await().statusCode()).isEqualTo(404);
        HttpResponse<Buffer> endpoint = harness.get("/v2/anything", reader).send().await();
        assertThat(endpoint.statusCode()).isEqualTo(404);
        assertProblem(endpoint, "urn:milink:problem:not-found");
    }

    // --- audit ----------------------------------------------------------------------------------------------------

    @Test
    void everyMutatingCallIsAuditedByTokenIdNeverByToken() throws Exception {
        harness.post("/v1/preflight", reader).sendJsonObject(new JsonObject().put("scenario", "x")).await();
        harness.delete("/v1/operations/audit-probe", null).send().await();
        List<String> rows = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5_000; // written after the response, on a worker
        while (System.currentTimeMillis() < deadline) {
            rows.clear();
            try (Connection c = harness.journalConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT who, method, path, status FROM audit ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4));
                }
            }
            // each response is audited by its own worker task, so the two rows may land in either order
            if (rows.stream().anyMatch(r -> r.contains("audit-probe"))
                    && rows.stream().anyMatch(r -> r.matches("token:\\d+ POST /v1/preflight 403"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(rows).anyMatch(r -> r.matches("token:\\d+ POST /v1/preflight 403"));
        assertThat(rows).contains("anonymous DELETE /v1/operations/audit-probe 401");
        assertThat(rows).anyMatch(r -> r.matches("token:\\d+ POST /v1/preflight 202"));
        assertThat(String.join("\n", rows)).doesNotContain(operator).doesNotContain(reader);
    }

    static void assertProblem(HttpResponse<Buffer> response, String type) {
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = response.bodyAsJsonObject();
        assertThat(problem.getString("type")).isEqualTo(type);
        assertThat(problem.getInteger("status")).isEqualTo(response.statusCode());
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
    }
}
