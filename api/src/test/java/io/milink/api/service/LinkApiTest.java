package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Permission;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link routes through the real HTTP client against the twins, as milink twin --write-spec serves them (its
 * serve.yaml's credentials, its link request): a link created through POST /v1/links (once, however often the POST is
 * retried with its Idempotency-Key) reaches Replicating; its status, plan and script are read; a planned failover is
 * refused on a stale If-Match and runs on a current one; a reader may do none of it, an operator without the failover
 * permission no forced failover; the link is removed. The steps share one link's life, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkApiTest {

    private static final String LINK = "DAG_Sales";

    /** Static: injected before the per-class start; each test class (this one, its subclass) gets its own. */
    @TempDir
    static Path dir;
    private LinkedTwins twins;
    /** The replicas requests go to, in turn (one on H2 here; two on PostgreSQL in the subclass). */
    private final List<ServiceHarness> replicas = new ArrayList<>();
    private int turn;
    private String operator;
    private String reader;
    private String failoverOperator;
    private JsonObject request;
    private String createId;

    @BeforeAll
    void start() throws Exception {
        // Seeding at full virtual speed; Azure's operations answer Retry-After 1 s.
        twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
        ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
        JournalLocation journalLocation = journal(dir.resolve("data"));
        try (Journal journal = Journal.open(journalLocation)) {
            TokenStore tokens = new TokenStore(journal);
            operator = tokens.create(Role.OPERATOR);
            reader = tokens.create(Role.READER);
            failoverOperator = tokens.create(Role.OPERATOR, Set.of(Permission.FAILOVER));
        }
        for (int i = 0; i < replicaCount(); i++) {
            replicas.add(ServiceHarness.start(new ServiceConfig(dir.resolve("data-" + i), "127.0.0.1", 0, true)
                            .withJournal(journalLocation)
                            .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                            .withCertificateDirectory(dir), ArmConnector.AZURE,
                    ServiceHarness.TEST_LIMITS.withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500)),
                    operator));
        }
        request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (ServiceHarness replica : replicas) {
                replica.close();
            }
        } finally {
            if (twins != null) {
                twins.close();
            }
        }
    }

    /** Where the journal is: the embedded H2 file in {@code data}, here. */
    JournalLocation journal(Path data) {
        return new JournalLocation.H2File(data);
    }

    /** How many replicas serve the journal: one, here. */
    int replicaCount() {
        return 1;
    }

    /** The replica the next request goes to: each in turn. */
    private ServiceHarness next() {
        return replicas.get(turn++ % replicas.size());
    }

    /**
     * The link's status once it shows {@code expected} (within 5 s): a replica that did not run the operation may
     * serve a read from before it for up to 4 s (docs/api.md), as a client of several replicas sees it.
     */
    private HttpResponse<Buffer> statusShowing(java.util.function.Predicate<JsonObject> expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        HttpResponse<Buffer> read = next().get("/v1/links/" + LINK, reader).send().await();
        while (!expected.test(read.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            read = next().get("/v1/links/" + LINK, reader).send().await();
        }
        return read;
    }

    private ArmTwin arm() {
        return twins.arm().orElseThrow();
    }

    @Test
    @Order(1)
    void aRetriedPostWithItsIdempotencyKeyGetsTheSameOperationAndAnotherBodyWithTheKeyIs422() throws Exception {
        HttpResponse<Buffer> first = next().post("/v1/links", operator).putHeader("Idempotency-Key", "create-1")
                .sendJsonObject(request).await();
        assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
        createId = first.bodyAsJsonObject().getString("id");
        assertThat(first.getHeader("Location")).isEqualTo("/v1/operations/" + createId);
        assertThat(first.bodyAsJsonObject().getString("kind")).isEqualTo("link-create");
        assertThat(first.bodyAsJsonObject().getJsonObject("request").getString("name")).isEqualTo(LINK);

        // The same request again, its fields in another order: the same operation, nothing new started.
        JsonObject reordered = new JsonObject().put("databases", request.getJsonArray("databases"))
                .put("managedInstance", request.getJsonObject("managedInstance"))
                .put("sqlServer", request.getJsonObject("sqlServer"));
        HttpResponse<Buffer> retried = next().post("/v1/links", operator).putHeader("Idempotency-Key", "create-1")
                .sendJsonObject(reordered).await();
        assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
        assertThat(retried.getHeader("Location")).isEqualTo("/v1/operations/" + createId);
        assertThat(retried.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(createId);

        HttpResponse<Buffer> other = next().post("/v1/links", operator).putHeader("Idempotency-Key", "create-1")
                .sendJsonObject(request.copy().put("accept", new JsonArray().add("sql.traceFlags"))).await();
        assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(422);
        assertProblem(other, "urn:milink:problem:idempotency-key-reused");

        // Without a key, a second create of the same link while the first runs is refused, pointing at it.
        HttpResponse<Buffer> busy = next().post("/v1/links", operator).sendJsonObject(request).await();
        if (busy.statusCode() == 409) {
            assertProblem(busy, "urn:milink:problem:link-busy");
            assertThat(busy.getHeader("Location")).isEqualTo("/v1/operations/" + createId);
        } else {
            // The first had already finished: a second create of the same request continues from what is there.
            assertThat(busy.statusCode()).as(busy.bodyAsString()).isEqualTo(202);
            awaitFinal(busy.bodyAsJsonObject().getString("id"));
        }
    }

    @Test
    @Order(2)
    void theCreateRunsPreflightThenEachStepAndEndsReplicatingWithOneLinkOnTheInstance() throws Exception {
        JsonObject done = awaitFinal(createId);
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        assertThat(done.getString("result")).isEqualTo("/v1/links/" + LINK);
        String events = next().get("/v1/operations/" + createId + "/events", operator).send().await()
                .bodyAsString();
        assertThat(events).containsSubsequence("Preflight: no blocking finding for Sales",
                "+ creating link certificate", "accepted by Azure: link DAG_Sales on the instance", "seeding ",
                "succeeded: seeding finished, the link replicates", "event: end");
        assertThat(arm().instance().linkNames()).containsExactly(LINK);
        assertThat(arm().receivedRequests().stream().filter(r -> r.method().equals("PUT")
                && r.path().endsWith("/distributedAvailabilityGroups/" + LINK))).as("PUTs of the link").hasSize(1);
        try (Connection c = replicas.get(0).journalConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM link_runs WHERE kind = 'create'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("create runs").isBetween(1, 2);
        }
    }

    @Test
    @Order(3)
    void statusListPlanAndScriptAreReadWithAnEtagThatOnlyWhatMattersForAFailoverChanges() {
        HttpResponse<Buffer> status = next().get("/v1/links/" + LINK, reader).send().await();
        assertThat(status.statusCode()).as(status.bodyAsString()).isEqualTo(200);
        JsonObject sales = status.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0);
        assertThat(sales.getString("name")).isEqualTo("Sales");
        assertThat(sales.getString("phase")).isEqualTo("Replicating");
        assertThat(sales.getString("sqlServerRole")).isEqualTo("PRIMARY");
        assertThat(status.getHeader("ETag")).matches("\"[0-9a-f]{32}\"");

        HttpResponse<Buffer> list = next().get("/v1/links", reader).send().await();
        assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
        JsonObject item = list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertThat(item.getString("name")).isEqualTo(LINK);
        assertThat(item.getString("link")).isEqualTo("/v1/links/" + LINK);
        assertThat(item.getJsonObject("status").getJsonArray("databases").getJsonObject(0).getString("phase"))
                .isEqualTo("Replicating");

        HttpResponse<Buffer> plan = next().get("/v1/links/" + LINK + "/plan", reader).send().await();
        assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);
        assertThat(plan.bodyAsString()).contains("arm.link[Sales]");
        HttpResponse<Buffer> script = next().get("/v1/links/" + LINK + "/script", reader).send().await();
        assertThat(script.statusCode()).as(script.bodyAsString()).isEqualTo(200);
        assertThat(script.getHeader("Content-Type")).startsWith("text/plain");

        HttpResponse<Buffer> missing = next().get("/v1/links/NoSuchLink", reader).send().await();
        assertThat(missing.statusCode()).isEqualTo(404);
        assertProblem(missing, "urn:milink:problem:not-found");
        HttpResponse<Buffer> badName = next().get("/v1/links/bad%20name", reader).send().await();
        assertThat(badName.statusCode()).isEqualTo(400);
        // Valid names (the contract's pattern) that also read as JSON, or are written percent-encoded, are names.
        for (String name : List.of("1.5", "-1", "1e5", "sales-link.2", "%53ales", "null")) {
            HttpResponse<Buffer> unknown = next().get("/v1/links/" + name, reader).send().await();
            assertThat(unknown.statusCode()).as(name + ": " + unknown.bodyAsString()).isEqualTo(name.equals("-1")
                    ? 400 : 404); // "-1": the pattern wants a letter or digit first
        }
        HttpResponse<Buffer> percentEncoded = next().get("/v1/links/" + LINK.substring(0, 1)
                + "%" + Integer.toHexString(LINK.charAt(1)) + LINK.substring(2), reader).send().await();
        assertThat(percentEncoded.statusCode()).as(percentEncoded.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> quoted = next().get("/v1/links/%22" + LINK + "%22", reader).send().await();
        assertThat(quoted.statusCode()).as("a quoted name is not the name").isEqualTo(400);
    }

    @Test
    @Order(4)
    void aReaderGets403OnEveryMutationAndAnOperatorWithoutTheFailoverPermissionOnAForcedFailover() throws Exception {
        String etag = next().get("/v1/links/" + LINK, reader).send().await().getHeader("ETag");
        List<HttpResponse<Buffer>> refused = new ArrayList<>();
        refused.add(next().post("/v1/links", reader).sendJsonObject(request).await());
        refused.add(next().delete("/v1/links/" + LINK, reader).send().await());
        refused.add(next().post("/v1/links/" + LINK + "/failover", reader).putHeader("If-Match", etag)
                .sendJsonObject(new JsonObject().put("type", "planned")).await());
        refused.add(next().post("/v1/links/" + LINK + "/failover/check", reader).send().await());
        for (HttpResponse<Buffer> response : refused) {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
            assertProblem(response, "urn:milink:problem:forbidden");
        }
        HttpResponse<Buffer> forced = next().post("/v1/links/" + LINK + "/failover", operator)
                .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("type", "forced")
                        .put("allowDataLoss", true).put("confirm", LINK)).await();
        assertThat(forced.statusCode()).as(forced.bodyAsString()).isEqualTo(403);
        assertThat(forced.bodyAsJsonObject().getString("detail")).contains("failover permission");
        // The failover permission alone does not waive the confirmation.
        HttpResponse<Buffer> unconfirmed = next().post("/v1/links/" + LINK + "/failover", failoverOperator)
                .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("type", "forced")
                        .put("allowDataLoss", true).put("confirm", "DAG_Other")).await();
        assertThat(unconfirmed.statusCode()).as(unconfirmed.bodyAsString()).isEqualTo(400);
        assertThat(unconfirmed.bodyAsJsonObject().getString("detail")).contains("'confirm'", LINK);
        assertThat(arm().instance().linkNames()).containsExactly(LINK);
        awaitAudit(5);
        try (Connection c = replicas.get(0).journalConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT who, method, path, status FROM audit WHERE status = 403 "
                     + "ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4));
            }
            assertThat(rows).contains("token:2 POST /v1/links 403", "token:2 DELETE /v1/links/" + LINK + " 403",
                    "token:1 POST /v1/links/" + LINK + "/failover 403");
        }
    }

    @Test
    @Order(5)
    void aPlannedFailoverNeedsIfMatchIsRefusedOnAStaleOneAndRunsOnTheCurrentOne() throws Exception {
        twins.world().pauseWorkload(); // The application stopped writing, as the runbook says.
        JsonObject planned = new JsonObject().put("type", "planned");
        String failover = "/v1/links/" + LINK + "/failover";

        HttpResponse<Buffer> noIfMatch = next().post(failover, operator).sendJsonObject(planned).await();
        assertThat(noIfMatch.statusCode()).as(noIfMatch.bodyAsString()).isEqualTo(428);
        assertProblem(noIfMatch, "urn:milink:problem:precondition-required");

        HttpResponse<Buffer> stale = next().post(failover, operator).putHeader("If-Match", "\"0123456789abcdef0123456789abcdef\"")
                .sendJsonObject(planned).await();
        assertThat(stale.statusCode()).as(stale.bodyAsString()).isEqualTo(412);
        assertProblem(stale, "urn:milink:problem:precondition-failed");
        String current = stale.getHeader("ETag");
        assertThat(current).isNotBlank();

        HttpResponse<Buffer> check = next().post(failover + "/check", operator).send().await();
        assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(200);
        assertThat(check.bodyAsJsonObject().containsKey("ready")).isTrue();

        HttpResponse<Buffer> accepted = next().post(failover, operator).putHeader("If-Match", current)
                .sendJsonObject(planned).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        JsonObject done = awaitFinal(accepted.bodyAsJsonObject().getString("id"));
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        assertThat(done.getJsonObject("request").getString("to")).isEqualTo("managedInstance");
        JsonObject sales = statusShowing(db -> "PRIMARY".equals(db.getString("managedInstanceRole")))
                .bodyAsJsonObject().getJsonArray("databases").getJsonObject(0);
        assertThat(sales.getString("managedInstanceRole")).isEqualTo("PRIMARY");
        assertThat(sales.getString("sqlServerRole")).isEqualTo("SECONDARY");
    }

    @Test
    @Order(6)
    void theLinkIsRemovedOnlyOnceSqlServerIsPrimaryAgainAndIsThenForgotten() throws Exception {
        // While the instance is primary, removing the link would leave it without its source: refused.
        HttpResponse<Buffer> early = next().delete("/v1/links/" + LINK, operator).send().await();
        assertThat(early.statusCode()).as(early.bodyAsString()).isEqualTo(202);
        JsonObject refused = awaitFinal(early.bodyAsJsonObject().getString("id"));
        assertThat(refused.getString("state")).isEqualTo("Failed");
        assertThat(refused.getString("error")).contains("the instance is the link's primary");
        assertThat(arm().instance().linkNames()).containsExactly(LINK);

        HttpResponse<Buffer> read = statusShowing(db -> "PRIMARY".equals(db.getString("managedInstanceRole")));
        HttpResponse<Buffer> back = next().post("/v1/links/" + LINK + "/failover", operator)
                .putHeader("If-Match", read.getHeader("ETag")).sendJsonObject(new JsonObject().put("type", "planned"))
                .await();
        assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(202);
        JsonObject failedBack = awaitFinal(back.bodyAsJsonObject().getString("id"));
        assertThat(failedBack.getString("state")).as(failedBack.encodePrettily()).isEqualTo("Succeeded");
        assertThat(failedBack.getJsonObject("request").getString("to")).isEqualTo("sqlServer");

        HttpResponse<Buffer> removal = next().delete("/v1/links/" + LINK, operator).send().await();
        assertThat(removal.statusCode()).as(removal.bodyAsString()).isEqualTo(202);
        JsonObject removed = awaitFinal(removal.bodyAsJsonObject().getString("id"));
        assertThat(removed.getString("state")).as(removed.encodePrettily()).isEqualTo("Succeeded");
        assertThat(arm().instance().linkNames()).isEmpty();
        assertThat(next().get("/v1/links/" + LINK, reader).send().await().statusCode()).isEqualTo(404);
        assertThat(next().get("/v1/links", reader).send().await().bodyAsJsonObject().getJsonArray("items"))
                .isEmpty();
        assertThat(journalText()).contains("twin-sql", LINK).doesNotContain(
                Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip());
    }

    private JsonObject awaitFinal(String id) throws InterruptedException {
        return next().awaitFinal(id, operator);
    }

    /** What the journal keeps of the link's operations: requests, events, registrations, runs and steps. */
    private String journalText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = replicas.get(0).journalConnection(); Statement s = c.createStatement()) {
            for (String query : List.of("SELECT request, error FROM operations", "SELECT message FROM operation_events",
                    "SELECT request FROM service_links", "SELECT error FROM link_runs", "SELECT shown FROM link_steps")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    /** Each response is audited by its own worker task once sent: wait for the rows rather than race them. */
    private void awaitAudit(int atLeast) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = replicas.get(0).journalConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit WHERE status = 403")) {
                rs.next();
                if (rs.getInt(1) >= atLeast) {
                    return;
                }
            }
            Thread.sleep(50);
        }
    }
}
