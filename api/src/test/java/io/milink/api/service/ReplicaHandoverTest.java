package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.journal.OperationEvent;
import io.milink.journal.OperationJournal;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas in one JVM on one PostgreSQL journal: the one running a link's creation is stopped gracefully, hands
 * the operation back at once, and the other resumes it within seconds (not after the missed heartbeats a dead
 * replica needs) and finishes the same link.
 */
class ReplicaHandoverTest {

    private static final String LINK = "DAG_Sales";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReplicaStoppedGracefullyMidCreationHandsTheOperationToTheOtherWhichFinishesTheLinkWithinSeconds()
            throws Exception {
        JournalLocation.PostgreSql location = EmbeddedPostgres.freshJournal();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
             Journal journal = Journal.open(location)) {
            ArmTwin arm = twins.arm().orElseThrow();
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(), arm,
                    List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            String operator = new TokenStore(journal).create(Role.OPERATOR);
            ServiceLimits limits = ServiceHarness.TEST_LIMITS.withLinkTimings(Duration.ofMillis(100),
                    Duration.ofMillis(500));
            ServiceHarness a = replica("a", location, file, limits, operator);
            ServiceHarness b = replica("b", location, file, limits, operator);
            try {
                HttpResponse<Buffer> accepted = a.post("/v1/links", operator)
                        .sendJsonObject(new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST))))
                        .await();
                assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
                String id = accepted.bodyAsJsonObject().getString("id");
                OperationJournal operations = new OperationJournal(journal);
                awaitEvent(operations, id, "accepted by Azure: ");

                ServiceHarness running = runnerOf(List.of(a, b), location, id);
                ServiceHarness other = running == a ? b : a;
                Instant stopping = Instant.now();
                running.close();
                Duration stop = Duration.between(stopping, Instant.now());
                OperationEvent resumed = awaitEvent(operations, id, "resumed by replica "
                        + other.service.replica());
                Duration handover = Duration.between(stopping, resumed.at());

                JsonObject done = awaitFinal(other, operator, id);
                assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
                assertThat(operations.eventsAfter(id, 0)).extracting(OperationEvent::message).containsSubsequence(
                        List.of("interrupted by the stop of replica " + running.service.replica()
                                        + "; another replica, or this service when it starts again, resumes it",
                                resumed.message()));
                assertThat(handover).as("resumed %s after the stop began (the stop took %s), not after the "
                        + "missed heartbeats", handover, stop).isLessThan(Duration.ofSeconds(10));
                assertThat(arm.instance().linkNames()).containsExactly(LINK);
                assertThat(arm.receivedRequests().stream().filter(r -> r.method().equals("PUT")
                        && r.path().endsWith("/distributedAvailabilityGroups/" + LINK)).count()).isEqualTo(1);
                System.out.println("replicas: a graceful stop handed the create over in " + handover.toMillis()
                        + " ms (the stop took " + stop.toMillis() + " ms)");
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReplicaWhoseOperationWasTakenOverStopsAtItsNextStepWithoutFailingTheOperation() throws Exception {
        JournalLocation.PostgreSql location = EmbeddedPostgres.freshJournal();
        String database = location.url().substring(location.url().lastIndexOf('/') + 1);
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
             Journal journal = Journal.open(location)) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            String operator = new TokenStore(journal).create(Role.OPERATOR);
            try (ServiceHarness paused = replica("paused", location, file, ServiceHarness.TEST_LIMITS
                    .withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500)), operator)) {
                HttpResponse<Buffer> accepted = paused.post("/v1/links", operator)
                        .sendJsonObject(new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST))))
                        .await();
                assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
                String id = accepted.bodyAsJsonObject().getString("id");
                OperationJournal operations = new OperationJournal(journal);
                // While Azure works on the first operation it accepted (Retry-After 1 s), what another replica's
                // takeover leaves in the journal: the task picked by that replica, the link's lease its run's.
                awaitEvent(operations, id, "accepted by Azure: ");
                String other = "milink elsewhere/4242/abcdef";
                try (Connection c = EmbeddedPostgres.superuserConnection(database);
                     PreparedStatement task = c.prepareStatement("UPDATE scheduled_tasks SET picked_by = ?, "
                             + "last_heartbeat = now() WHERE task_instance = ?");
                     PreparedStatement run = c.prepareStatement("INSERT INTO link_runs (id, target, kind, state, "
                             + "owner, started_at, waivers) SELECT ?, r.target, r.kind, 'RUNNING', ?, now(), '' "
                             + "FROM link_leases l JOIN link_runs r ON r.id = l.run_id");
                     PreparedStatement lease = c.prepareStatement("UPDATE link_leases SET run_id = ?")) {
                    task.setString(1, other);
                    task.setString(2, id);
                    assertThat(task.executeUpdate()).isEqualTo(1);
                    run.setString(1, "run-of-elsewhere");
                    run.setString(2, "elsewhere/4242/0");
                    assertThat(run.executeUpdate()).isEqualTo(1);
                    lease.setString(1, "run-of-elsewhere");
                    assertThat(lease.executeUpdate()).isEqualTo(1);
                }

                OperationEvent stopped = awaitEvent(operations, id, "stops here: replica " + other
                        + " took this operation over");
                assertThat(stopped.message()).startsWith("replica " + paused.service.replica() + " stops here");
                Thread.sleep(500);
                assertThat(operations.find(id).orElseThrow().state()).as("the other replica's to finish")
                        .isEqualTo(io.milink.journal.OperationState.Running);
                assertThat(operations.eventsAfter(id, 0)).extracting(OperationEvent::message)
                        .noneMatch(m -> m.startsWith("failed"));
            }
        }
    }

    private ServiceHarness replica(String name, JournalLocation.PostgreSql location, ServeSettingsFile file,
                                   ServiceLimits limits, String operator) {
        return ServiceHarness.start(new ServiceConfig(dir.resolve("replica-" + name), "127.0.0.1", 0, true)
                .withJournal(location)
                .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                .withCertificateDirectory(dir), ArmConnector.AZURE, limits, operator);
    }

    private static ServiceHarness runnerOf(List<ServiceHarness> replicas, JournalLocation.PostgreSql location,
                                           String id) throws Exception {
        String database = location.url().substring(location.url().lastIndexOf('/') + 1);
        try (Connection c = EmbeddedPostgres.superuserConnection(database);
             PreparedStatement select = c.prepareStatement("SELECT picked_by FROM scheduled_tasks WHERE task_name = "
                     + "'" + LinkOperationTasks.TASK + "' AND task_instance = ? AND picked")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("a replica runs the operation's task").isTrue();
                String runner = rs.getString(1);
                return replicas.stream().filter(r -> r.service.replica().equals(runner)).findFirst()
                        .orElseThrow(() -> new AssertionError("no replica is " + runner));
            }
        }
    }

    private static OperationEvent awaitEvent(OperationJournal operations, String id, String containing)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (OperationEvent event : operations.eventsAfter(id, 0)) {
                if (event.message().contains(containing)) {
                    return event;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no event '" + containing + "' within 60 s: " + operations.eventsAfter(id, 0)
                .stream().map(OperationEvent::message).toList());
    }

    private static JsonObject awaitFinal(ServiceHarness replica, String token, String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonObject op = replica.get("/v1/operations/" + id, token).send().await().bodyAsJsonObject();
            if (List.of("Succeeded", "Failed", "Canceled").contains(op.getString("state"))) {
                return op;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("operation " + id + " did not finish in 60 s");
    }
}
