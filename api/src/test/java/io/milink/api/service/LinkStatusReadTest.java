package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.Journal;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code GET /v1/links/{name}} as dashboards poll it, through the real HTTP client against the twins: repeated reads
 * cost SQL Server and Azure one read per time to live, past it the last status is answered at once while one read
 * renews it, the ETag is the one a fresh read gives for the same state and changes when that state does, and an
 * operation's end (a failover, a removal) shows at the next read however recently the link was read. The service
 * runs with a status cache long enough that only an invalidation explains a change, then with a short one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkStatusReadTest {

    private static final String LINK = "DAG_Sales";
    private static final String STATUS = "/v1/links/" + LINK;
    /** Longer than anything a test does while the status is cached: only an invalidation can renew it. */
    private static final Duration LONG_TTL = Duration.ofMinutes(5);
    private static final Duration SHORT_TTL = Duration.ofSeconds(2);

    @TempDir
    static Path dir;
    private LinkedTwins twins;
    private ServiceHarness harness;
    private ServiceConfig config;
    private String operator;
    private String reader;

    @BeforeAll
    void start() throws Exception {
        twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
        ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data)) {
            TokenStore tokens = new TokenStore(journal);
            operator = tokens.create(Role.OPERATOR);
            reader = tokens.create(Role.READER);
        }
        config = new ServiceConfig(data, "127.0.0.1", 0, true)
                .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                .withCertificateDirectory(dir)
                // The service's own monitor reads the link once at the create, then not within these tests: each
                // read here is the status route's.
                .withReplicas(ReplicaSettings.DEFAULTS.withMonitorInterval(Duration.ofMinutes(60)));
        startService(LONG_TTL);

        HttpResponse<Buffer> created = harness.post("/v1/links", operator)
                .sendJsonObject(new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)))).await();
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
        JsonObject done = awaitFinal(created.bodyAsJsonObject().getString("id"));
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        // The application stops writing: the hardened LSNs, and so the ETag, hold still until a test resumes it.
        twins.world().pauseWorkload();
    }

    private void startService(Duration statusCacheTtl) {
        if (harness != null) {
            harness.close();
        }
        harness = ServiceHarness.start(config, ArmConnector.AZURE, ServiceHarness.TEST_LIMITS
                .withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500))
                .withStatusCacheTtl(statusCacheTtl), operator);
    }

    @AfterAll
    void stop() {
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

    private ArmTwin arm() {
        return twins.arm().orElseThrow();
    }

    /** The instance's reads of this link's distributed availability group: one (or a fixed few) per status read. */
    private long armReads() {
        return arm().receivedRequests().stream()
                .filter(r -> r.method().equals("GET") && r.path().contains("/distributedAvailabilityGroups"))
                .count();
    }

    private HttpResponse<Buffer> status() {
        HttpResponse<Buffer> response = harness.get(STATUS, reader).send().await();
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response;
    }

    private static Instant observedAt(HttpResponse<Buffer> response) {
        return Instant.parse(response.bodyAsJsonObject().getJsonObject("link").getString("observedAt"));
    }

    @Test
    @Order(1)
    void readsWithinTheTimeToLiveCostBothSidesOneReadAndAnswerTheSameBodyAndEtag() {
        long before = armReads();
        HttpResponse<Buffer> first = status();
        long perRead = armReads() - before;
        assertThat(perRead).as("the first read after the create read both sides").isPositive();

        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> again = status();
            assertThat(again.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
            assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
            assertThat(again.getHeader("Cache-Control")).isEqualTo("no-cache");
            assertThat(again.getHeader("Content-Type")).isEqualTo("application/json");
        }
        assertThat(armReads() - before).as("reads of the instance for 21 status requests").isEqualTo(perRead);

        // What a fresh read of the same state gives (failover/check always reads both sides): the same tag.
        HttpResponse<Buffer> check = harness.post(STATUS + "/failover/check", operator).send().await();
        assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(200);
        assertThat(check.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
    }

    @Test
    @Order(2)
    void aFailoverEndingShowsAtTheNextReadWithANewEtagThoughTheOldStatusWasStillCached() throws Exception {
        HttpResponse<Buffer> before = status();
        JsonObject sales = before.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0);
        assertThat(sales.getString("sqlServerRole")).isEqualTo("PRIMARY");

        JsonObject done = failover(before.getHeader("ETag"));
        assertThat(done.getJsonObject("request").getString("to")).isEqualTo("managedInstance");
        HttpResponse<Buffer> after = status();
        JsonObject now = after.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0);
        assertThat(now.getString("managedInstanceRole")).isEqualTo("PRIMARY");
        assertThat(now.getString("sqlServerRole")).isEqualTo("SECONDARY");
        assertThat(after.getHeader("ETag")).isNotEqualTo(before.getHeader("ETag"));

        // And back, so that SQL Server is the primary again for the tests that follow.
        JsonObject back = failover(after.getHeader("ETag"));
        assertThat(back.getJsonObject("request").getString("to")).isEqualTo("sqlServer");
        HttpResponse<Buffer> again = status();
        assertThat(again.bodyAsJsonObject().getJsonArray("databases").getJsonObject(0).getString("sqlServerRole"))
                .isEqualTo("PRIMARY");
        assertThat(again.getHeader("ETag")).isNotEqualTo(after.getHeader("ETag"));
    }

    private JsonObject failover(String ifMatch) throws Exception {
        HttpResponse<Buffer> accepted = harness.post(STATUS + "/failover", operator).putHeader("If-Match", ifMatch)
                .sendJsonObject(new JsonObject().put("type", "planned")).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        JsonObject done = awaitFinal(accepted.bodyAsJsonObject().getString("id"));
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        return done;
    }

    @Test
    @Order(3)
    void pastTheTimeToLiveTheLastStatusIsAnsweredAtOnceWhileOneReadRenewsIt() throws Exception {
        startService(SHORT_TTL);
        long before = armReads();
        HttpResponse<Buffer> first = status();
        long perRead = armReads() - before;
        assertThat(perRead).as("a new service's first read").isPositive();
        Thread.sleep(SHORT_TTL.plusMillis(200).toMillis());

        // Ten readers at once, past the time to live but within twice it: each is answered the last status, and
        // one of them has it read again.
        long stale = armReads();
        List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(harness.get(STATUS, reader).send());
        }
        List<Instant> answered = new ArrayList<>();
        for (Future<HttpResponse<Buffer>> f : all) {
            HttpResponse<Buffer> response = f.await();
            assertThat(response.statusCode()).isEqualTo(200);
            answered.add(observedAt(response));
        }
        // The reader that has it read again is answered the last status, not made to wait for the read.
        assertThat(answered).contains(observedAt(first));
        Instant deadline = Instant.now().plusSeconds(10);
        HttpResponse<Buffer> renewed = status();
        while (!observedAt(renewed).isAfter(observedAt(first)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            renewed = status();
        }
        assertThat(observedAt(renewed)).as("the background read landed").isAfter(observedAt(first));
        assertThat(armReads() - stale).as("reads of the instance for ten readers past the time to live")
                .isEqualTo(perRead);
        // Nothing that matters for a failover moved (the workload is paused): the renewed status keeps its tag.
        assertThat(renewed.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
    }

    @Test
    @Order(4)
    void theEtagChangesOnceLogHardensAndStillEqualsWhatAFreshReadGives() throws Exception {
        String paused = status().getHeader("ETag");
        twins.world().resumeWorkload();
        try {
            Instant deadline = Instant.now().plusSeconds(30);
            HttpResponse<Buffer> moved = status();
            while (moved.getHeader("ETag").equals(paused) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                moved = status();
            }
            assertThat(moved.getHeader("ETag")).as("hardened LSNs moved").isNotEqualTo(paused);
        } finally {
            twins.world().pauseWorkload();
        }
        // Once writes stopped, the cached tag settles on exactly what a fresh read of both sides says.
        Thread.sleep(SHORT_TTL.multipliedBy(2).plusMillis(200).toMillis());
        HttpResponse<Buffer> settled = status();
        HttpResponse<Buffer> check = harness.post(STATUS + "/failover/check", operator).send().await();
        assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(200);
        assertThat(settled.getHeader("ETag")).isEqualTo(check.getHeader("ETag"));
    }

    @Test
    @Order(5)
    void aRemovedLinkIs404AtTheNextReadThoughItsStatusWasJustCached() throws Exception {
        startService(LONG_TTL);
        status();
        status();
        HttpResponse<Buffer> removal = harness.delete(STATUS, operator).send().await();
        assertThat(removal.statusCode()).as(removal.bodyAsString()).isEqualTo(202);
        JsonObject removed = awaitFinal(removal.bodyAsJsonObject().getString("id"));
        assertThat(removed.getString("state")).as(removed.encodePrettily()).isEqualTo("Succeeded");

        HttpResponse<Buffer> gone = harness.get(STATUS, reader).send().await();
        assertThat(gone.statusCode()).as(gone.bodyAsString()).isEqualTo(404);
        assertThat(gone.bodyAsJsonObject().getString("type")).isEqualTo("urn:milink:problem:not-found");
    }

    private JsonObject awaitFinal(String id) throws InterruptedException {
        return harness.awaitFinal(id, operator);
    }

}
