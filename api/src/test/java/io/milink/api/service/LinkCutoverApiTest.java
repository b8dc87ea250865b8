package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedCredential;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.core.spec.SecretSource;
import io.milink.journal.Journal;
import io.milink.journal.OperationJournal;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.link.VirtualClock;
import io.vertx.core.buffer.Buffer;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/links/{name}/cutover through the real HTTP client against the twins (SQL Server 2022 CU26, the instance's
 * SQL endpoint served, its first full backup after a failover 10 simulated hours on, the application idle): a link
 * created synchronous (the request's link section) is refused a cutover without the typed name, without or with a
 * stale If-Match, and to a reader; the first cutover fails over and stops at the CLI's "not yet" with the link kept;
 * once the backup is there, a cutover the service left running resumes at its next start, removes the link and forgets
 * its name. Every call is in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkCutoverApiTest {

    private static final String LINK = "DAG_Sales";
    /** The same database registered again, without the instance's SQL endpoint. */
    private static final String WITHOUT_SQL = "Sales-without-instance-sql";
    private static final String CUTOVER = "/v1/links/" + LINK + "/cutover";

    /** Long enough that no cutover sees it come by itself (10,000 hours: 1,000 real hours at this time scale). */
    private static final Duration FIRST_BACKUP = Duration.ofHours(10_000);

    @TempDir
    static Path dir;
    private final VirtualClock clock = new VirtualClock(Instant.now(), 10_000);
    private LinkedTwins twins;
    private ServiceConfig config;
    private ServiceHarness harness;
    private String operator;
    private String reader;
    private JsonObject request;

    @BeforeAll
    void start() throws Exception {
        String scenario = BuiltInScenarios.yaml("ready-2022")
                .replace("  databases: [ HR ]\n", "  databases: [ HR ]\n  administratorLogin: miadmin\n"
                        + "  administratorLoginPassword: \"Mi-Admin-Passw0rd!\"\n")
                + "link:\n  instanceFirstFullBackupAfter: " + FIRST_BACKUP + "\n";
        // 10,000 simulated seconds a second, and moved on by hand past the instance's first full backup.
        twins = LinkedTwins.builder().scenarioYaml(scenario, "cutover").clock(clock)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
        ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
        Files.writeString(dir.resolve("mi-password"), "Mi-Admin-Passw0rd!");
        List<NamedCredential> logins = new ArrayList<>(file.credentials());
        logins.add(new NamedCredential("twin-mi", "miadmin", new SecretSource.File(dir.resolve("mi-password")),
                List.of("127.0.0.1")));
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data)) {
            TokenStore tokens = new TokenStore(journal);
            operator = tokens.create(Role.OPERATOR);
            reader = tokens.create(Role.READER);
        }
        config = new ServiceConfig(data, "127.0.0.1", 0, true)
                .withCredentials(new Credentials(logins, file.azureCredentials(), Map.of()))
                .withCertificateDirectory(dir);
        harness = start(config);
        request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
        request.put("link", new JsonObject().put("replicationMode", "sync"));
        request.getJsonObject("managedInstance").put("sql", new JsonObject().put("host", "127.0.0.1")
                .put("port", twins.instanceSql().orElseThrow().port()).put("credential", "twin-mi")
                .put("encrypt", "true").put("trustServerCertificate", true));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            if (twins != null) {
                twins.close();
            }
        }
    }

    private ServiceHarness start(ServiceConfig configuration) {
        return ServiceHarness.start(configuration, ArmConnector.AZURE,
                ServiceHarness.TEST_LIMITS.withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500)), operator);
    }

    private ArmTwin arm() {
        return twins.arm().orElseThrow();
    }

    @Test
    @Order(1)
    void aLinkCreatedWithTheRequestsLinkSectionReplicatesSynchronouslyOnBothSides() throws Exception {
        HttpResponse<Buffer> created = harness.post("/v1/links", operator).sendJsonObject(request).await();
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
        JsonObject done = awaitFinal(created.bodyAsJsonObject().getString("id"));
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        JsonObject sales = status(LINK);
        assertThat(sales.getString("phase")).isEqualTo("Replicating");
        assertThat(sales.getJsonObject("replicationMode").getString("sqlServer")).isEqualTo("SYNCHRONOUS_COMMIT");
        assertThat(arm().receivedRequests().stream().filter(r -> r.method().equals("PUT")
                && r.path().endsWith("/distributedAvailabilityGroups/" + LINK)).map(r -> r.body()))
                .singleElement().asString().contains("\"Sync\"");

        // The same database under a second name, without the instance's SQL endpoint: nothing more to create.
        JsonObject withoutSql = request.copy().put("name", WITHOUT_SQL);
        withoutSql.getJsonObject("managedInstance").remove("sql");
        HttpResponse<Buffer> second = harness.post("/v1/links", operator).sendJsonObject(withoutSql).await();
        assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(202);
        assertThat(awaitFinal(second.bodyAsJsonObject().getString("id")).getString("state")).isEqualTo("Succeeded");
    }

    @Test
    @Order(2)
    void theCheckSaysWhatTheCutoverWouldDoAndThatWithoutTheInstancesSqlEndpointItCannotConfirmTheBackup() {
        HttpResponse<Buffer> check = harness.post(CUTOVER + "/check", operator).send().await();
        assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(200);
        JsonObject body = check.bodyAsJsonObject();
        assertThat(body.getString("path")).isEqualTo("FAILOVER_THEN_REMOVE");
        assertThat(body.getJsonArray("steps").encode()).contains("planned failover to the instance",
                "first full backup");
        assertThat(body.getJsonArray("blockedBy")).isEmpty();
        assertThat(body.getBoolean("ready")).isTrue();
        assertThat(check.getHeader("ETag")).matches("\"[0-9a-f]{32}\"");

        HttpResponse<Buffer> withoutSql = harness.post("/v1/links/" + WITHOUT_SQL + "/cutover/check", operator).send()
                .await();
        assertThat(withoutSql.statusCode()).as(withoutSql.bodyAsString()).isEqualTo(200);
        assertThat(withoutSql.bodyAsJsonObject().getBoolean("ready")).isFalse();
        assertThat(withoutSql.bodyAsJsonObject().getJsonArray("blockedBy").getJsonObject(0).getString("why"))
                .contains("managedInstance.sql");
    }

    @Test
    @Order(3)
    void aCutoverIsRefusedWithoutTheTypedNameWithoutOrWithAStaleIfMatchAndToAReader() {
        twins.world().pauseWorkload(); // The application stopped writing, as the runbook says.
        String etag = currentEtag();
        JsonObject confirmed = new JsonObject().put("confirm", LINK);

        HttpResponse<Buffer> missing = harness.post(CUTOVER, operator).putHeader("If-Match", etag)
                .sendJsonObject(new JsonObject()).await();
        assertThat(missing.statusCode()).as(missing.bodyAsString()).isEqualTo(400);
        assertThat(missing.bodyAsJsonObject().getString("detail")).contains("'confirm'");
        HttpResponse<Buffer> wrong = harness.post(CUTOVER, operator).putHeader("If-Match", etag)
                .sendJsonObject(new JsonObject().put("confirm", "DAG_Other")).await();
        assertThat(wrong.statusCode()).as(wrong.bodyAsString()).isEqualTo(400);
        assertThat(wrong.bodyAsJsonObject().getString("detail")).contains("'confirm'", LINK, "stopped writing");

        HttpResponse<Buffer> noIfMatch = harness.post(CUTOVER, operator).sendJsonObject(confirmed).await();
        assertThat(noIfMatch.statusCode()).as(noIfMatch.bodyAsString()).isEqualTo(428);
        assertProblem(noIfMatch, "urn:milink:problem:precondition-required");
        HttpResponse<Buffer> stale = harness.post(CUTOVER, operator)
                .putHeader("If-Match", "\"0123456789abcdef0123456789abcdef\"").sendJsonObject(confirmed).await();
        assertThat(stale.statusCode()).as(stale.bodyAsString()).isEqualTo(412);
        assertProblem(stale, "urn:milink:problem:precondition-failed");
        assertThat(stale.getHeader("ETag")).isEqualTo(etag);

        HttpResponse<Buffer> byReader = harness.post(CUTOVER, reader).putHeader("If-Match", etag)
                .sendJsonObject(confirmed).await();
        assertThat(byReader.statusCode()).as(byReader.bodyAsString()).isEqualTo(403);
        assertProblem(byReader, "urn:milink:problem:forbidden");

        JsonObject sales = status(LINK);
        assertThat(sales.getString("sqlServerRole")).isEqualTo("PRIMARY");
        assertThat(arm().instance().linkNames()).containsExactly(LINK);
    }

    @Test
    @Order(4)
    void theFirstCutoverFailsOverThenStopsAtNotYetWhileTheInstancesFirstFullBackupIsNotConfirmed() throws Exception {
        JsonObject first = cutover();
        assertThat(first.getString("state")).as(first.encodePrettily()).isEqualTo("Failed");
        assertThat(first.getString("kind")).isEqualTo("link-cutover");
        assertThat(first.getString("error")).contains("Not yet: the link stays until the instance's first full "
                + "backup", "the instance is the primary since", "POST /v1/links/" + LINK + "/cutover");
        String events = harness.get("/v1/operations/" + first.getString("id") + "/events", operator).send().await()
                .bodyAsString();
        assertThat(events).containsSubsequence("Migration cutover of Sales", "planned failover to the instance",
                "The application must have stopped writing", "> Waiting for the instance's first full backup",
                "Not yet", "Application repoint checklist");
        // Nothing unsafe: the instance is the primary, and the link that still protects it is there.
        assertThat(arm().instance().linkNames()).containsExactly(LINK);
        assertThat(status(LINK).getString("managedInstanceRole")).isEqualTo("PRIMARY");
    }

    @Test
    @Order(5)
    void aCutoverTheServiceLeftRunningResumesAtItsNextStartAndOnceTheBackupIsThereRemovesTheLink() throws Exception {
        clock.advance(FIRST_BACKUP);
        // The service stopped (or was killed) with a cutover accepted and running: the journal says so.
        harness.close();
        String id;
        try (Journal journal = Journal.open(config.dataDirectory())) {
            OperationJournal operations = new OperationJournal(journal);
            id = operations.create("link-cutover", "token:1", new JsonObject().put("name", LINK).put("confirm", LINK)
                    .encode(), "restart-test", LINK, (c, op) -> { }).id();
            assertThat(operations.start(id)).isTrue();
        }
        harness = start(config);
        assertThat(harness.service.resumedAtStart()).isEqualTo(1);
        JsonObject last = awaitFinal(id);
        assertThat(last.getString("state")).as(last.encodePrettily()).isEqualTo("Succeeded");
        String events = harness.get("/v1/operations/" + id + "/events", operator).send().await().bodyAsString();
        assertThat(events).containsSubsequence("resumed by replica ",
                "the instance is already the primary of Sales: no failover", "> Removing the link",
                "Cut over: the link is removed", "succeeded: cut over");
        assertThat(arm().instance().linkNames()).isEmpty();
        assertThat(harness.get("/v1/links/" + LINK, reader).send().await().statusCode()).isEqualTo(404);

        try (Connection c = harness.journalConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT who, status FROM audit WHERE path = '" + CUTOVER + "' ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getInt(2));
            }
            assertThat(rows).contains("token:1 400", "token:1 428", "token:1 412", "token:2 403", "token:1 202");
        }
    }

    /** POSTs a confirmed cutover with the status's current ETag and waits for it to end. */
    private JsonObject cutover() throws InterruptedException {
        String etag = currentEtag();
        HttpResponse<Buffer> accepted = harness.post(CUTOVER, operator).putHeader("If-Match", etag)
                .sendJsonObject(new JsonObject().put("confirm", LINK)).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(accepted.getHeader("Location")).isEqualTo("/v1/operations/" + id);
        return awaitFinal(id);
    }

    /** The ETag of the link as read now (the check reads both sides; a GET may be served from a 2 s cache). */
    private String currentEtag() {
        return harness.post(CUTOVER + "/check", operator).send().await().getHeader("ETag");
    }

    private JsonObject status(String name) {
        HttpResponse<Buffer> status = harness.get("/v1/links/" + name, reader).send().await();
        assertThat(status.statusCode()).as(status.bodyAsString()).isEqualTo(200);
        return status.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0);
    }

    private JsonObject awaitFinal(String id) throws InterruptedException {
        return harness.awaitFinal(id, operator);
    }

}
