package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.JournalLocation;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code milink serve} processes on one PostgreSQL journal (docs/operations.md, "Running several replicas"),
 * with the twins: the replica running a link's creation is killed with SIGKILL once Azure accepted an operation, and
 * another replica takes the operation over after the missed heartbeats and finishes the same link, one of every object
 * on both sides; then 50 planned-failover requests at once, spread over two replicas, run exactly one failover.
 */
class ReplicasTest {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String LINK = "DAG_Sales";

    @TempDir
    Path dir;

    /** A running {@code milink serve}: its process, where it listens, its client (trusting its certificate). */
    private record Replica(String name, Process process, String baseUrl, List<String> output, HttpClient client,
                           Path log) {
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReplicaKilledMidCreationIsTakenOverByAnotherThatFinishesTheLinkAndFiftyFailoversOverTwoReplicasRunOne()
            throws Exception {
        JournalLocation.PostgreSql journal = EmbeddedPostgres.freshJournal();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start()) {
            ArmTwin arm = twins.arm().orElseThrow();
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(), arm,
                    List.of("Sales")), "ready-2022");
            Path password = Files.writeString(dir.resolve("journal-password"), "unchecked-by-a-trusting-server\n");
            Files.writeString(dir.resolve(TwinSpecFiles.SERVE_CONFIG), "journal: " + journal.url() + "\n"
                    + "journal-user: " + journal.user() + "\n" + "journal-password-file: " + password + "\n",
                    StandardOpenOption.APPEND);
            String request = Files.readString(dir.resolve(TwinSpecFiles.REQUEST));
            List<Replica> started = new ArrayList<>();
            try {
                Replica a = serve("a", line -> TOKEN.matcher(line).matches());
                started.add(a);
                String token = a.output().stream().filter(l -> TOKEN.matcher(l).matches()).findFirst()
                        .orElseThrow();
                Replica b = serve("b", line -> line.startsWith("TLS: "));
                started.add(b);
                assertThat(b.output()).as("one token, in the shared journal").noneMatch(l -> TOKEN.matcher(l)
                        .matches());

                // --- the create, through replica A; the replica running it is killed mid-way ---------------------
                HttpResponse<String> accepted = a.client().send(HttpRequest.newBuilder(URI.create(a.baseUrl()
                                + "/v1/links")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").header("Idempotency-Key", "replicas-1")
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                String operationId = new JsonObject(accepted.body()).getString("id");
                String killedAfter = followUntilAzureAccepted(a, token, operationId);
                // Whichever replica picked the task runs it (A accepted it and picks it at once, unless B's poll
                // came first): that one dies.
                Replica running = runnerOf(List.of(a, b), journal, operationId);
                Replica survivor = running == a ? b : a;
                running.process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing handed back
                assertThat(running.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(running.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
                long putsAtTheKill = linkPuts(arm);
                Instant killedAt = Instant.now();

                JsonObject done = awaitFinal(survivor, token, operationId, Duration.ofSeconds(120));
                Duration takeover = Duration.between(killedAt, Instant.now());
                assertThat(done.getString("state")).as(done.encodePrettily() + log(survivor)).isEqualTo("Succeeded");
                String events = get(survivor, token, "/v1/operations/" + operationId + "/events");
                assertThat(events).containsSubsequence(killedAfter, "resumed by replica milink ",
                        "Continuing the create run of", "succeeded: seeding finished")
                        .contains("/" + survivor.process().pid() + "/");
                assertThat(oneOfEveryObject(twins)).as("after the takeover (%s after the kill)", takeover)
                        .containsEntry("sql.groups", "[AG_Sales|0, DAG_Sales|1]")
                        .containsEntry("sql.endpoints", "1")
                        .containsEntry("sql.certificates.repeated", "[]")
                        .containsEntry("arm.links", "[DAG_Sales]")
                        .containsEntry("arm.trustCertificates.repeated", "[]");
                assertThat(linkPuts(arm)).as("PUTs of the link (%d at the kill)", putsAtTheKill).isEqualTo(1);
                System.out.println("replicas: link create taken over by replica " + survivor.name() + " and finished "
                        + takeover.toMillis() + " ms after the SIGKILL of replica " + running.name() + ", which ran it");

                // --- 50 planned failovers at once, spread over two replicas --------------------------------------
                Replica c = serve("c", line -> line.startsWith("TLS: "));
                started.add(c);
                twins.world().pauseWorkload(); // The application stopped writing, as the runbook says.
                HttpResponse<String> status = survivor.client().send(HttpRequest.newBuilder(URI.create(
                        survivor.baseUrl() + "/v1/links/" + LINK)).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString());
                String etag = status.headers().firstValue("ETag").orElseThrow();
                List<Replica> pair = List.of(survivor, c);
                ExecutorService callers = Executors.newFixedThreadPool(50);
                List<HttpResponse<String>> answers = new ArrayList<>();
                try {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        Replica to = pair.get(i % 2);
                        calls.add(callers.submit(() -> {
                            go.await();
                            return to.client().send(HttpRequest.newBuilder(URI.create(to.baseUrl() + "/v1/links/"
                                            + LINK + "/failover")).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json").header("If-Match", etag)
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"planned\"}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                        }));
                    }
                    go.countDown();
                    for (Future<HttpResponse<String>> call : calls) {
                        answers.add(call.get(120, TimeUnit.SECONDS));
                    }
                } finally {
                    callers.shutdownNow();
                }
                Map<Integer, Integer> byStatus = new TreeMap<>();
                answers.forEach(r -> byStatus.merge(r.statusCode(), 1, Integer::sum));
                assertThat(byStatus.keySet()).as("%s", byStatus).isSubsetOf(202, 409, 412);
                assertThat(answers).filteredOn(r -> r.statusCode() == 409).allSatisfy(r ->
                        assertThat(r.body()).contains("link-busy"));
                assertThat(answers).filteredOn(r -> r.statusCode() == 412).allSatisfy(r ->
                        assertThat(r.body()).contains("precondition-failed"));
                List<String> operations = answers.stream().filter(r -> r.statusCode() == 202)
                        .map(r -> new JsonObject(r.body()).getString("id")).toList();
                assertThat(operations).as("%s", byStatus).isNotEmpty();
                int failedOver = 0;
                for (String id : operations) {
                    JsonObject op = awaitFinal(survivor, token, id, Duration.ofSeconds(90));
                    assertThat(op.getString("state")).as(op.encodePrettily()).isEqualTo("Succeeded");
                    String said = get(c, token, "/v1/operations/" + id + "/events");
                    if (said.contains("Failed over (")) {
                        failedOver++;
                    } else {
                        // Asked on the state before the failover, accepted after it ended: it never fails back.
                        assertThat(said).contains("Nothing to do");
                    }
                }
                assertThat(failedOver).as("failovers run for %s", byStatus).isEqualTo(1);
                // A replica serves a link's status from memory for up to 4 s (docs/api.md): the one that did not run
                // the failover shows it at its next read of the link.
                JsonObject sales = null;
                for (Instant deadline = Instant.now().plusSeconds(15); Instant.now().isBefore(deadline); ) {
                    sales = new JsonObject(get(c, token, "/v1/links/" + LINK)).getJsonArray("databases")
                            .getJsonObject(0);
                    if ("PRIMARY".equals(sales.getString("managedInstanceRole"))) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(sales.getString("managedInstanceRole")).isEqualTo("PRIMARY");
                assertThat(sales.getString("sqlServerRole")).isEqualTo("SECONDARY");
                System.out.println("replicas: 50 concurrent planned failovers over two replicas answered " + byStatus
                        + "; failovers run: " + failedOver);
            } finally {
                for (Replica replica : started) {
                    replica.process().destroy();
                    replica.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Reads the operation's events on the replica that accepted it until Azure accepted an operation. */
    private static String followUntilAzureAccepted(Replica replica, String token, String operationId)
            throws Exception {
        HttpResponse<Stream<String>> events = replica.client().send(HttpRequest.newBuilder(URI.create(
                replica.baseUrl() + "/v1/operations/" + operationId + "/events")).header("Authorization",
                "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
        for (Iterator<String> lines = events.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("data: ") && line.contains("accepted by Azure: ")) {
                return new JsonObject(line.substring("data: ".length())).getString("message");
            }
            assertThat(line).as("the create ended before Azure accepted anything").doesNotContain("event: end");
        }
        throw new AssertionError("the event stream ended before Azure accepted anything");
    }

    /** The replica whose scheduler picked the operation's task, by the pid in its name. */
    private static Replica runnerOf(List<Replica> replicas, JournalLocation.PostgreSql journal, String operationId)
            throws Exception {
        String database = journal.url().substring(journal.url().lastIndexOf('/') + 1);
        try (Connection c = EmbeddedPostgres.superuserConnection(database);
             PreparedStatement select = c.prepareStatement("SELECT picked_by FROM scheduled_tasks WHERE task_name = "
                     + "'" + LinkOperationTasks.TASK + "' AND task_instance = ? AND picked")) {
            select.setString(1, operationId);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("a replica runs the operation's task").isTrue();
                long pid = Long.parseLong(rs.getString(1).split("/")[1]);
                return replicas.stream().filter(r -> r.process().pid() == pid).findFirst()
                        .orElseThrow(() -> new AssertionError("no replica has pid " + pid));
            }
        }
    }

    /** SQL Server's link objects and the instance's, reduced to what must exist exactly once. */
    private static Map<String, String> oneOfEveryObject(LinkedTwins twins) throws Exception {
        Map<String, String> state = new TreeMap<>();
        SqlServerTwin sql = twins.sqlServer().orElseThrow();
        Path pem = Files.writeString(Files.createTempFile("sql-twin", ".pem"), sql.certificatePem());
        try (Connection c = java.sql.DriverManager.getConnection(sql.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                sql.loginCredentials().userName(), sql.loginCredentials().password());
             Statement s = c.createStatement()) {
            state.put("sql.groups", rows(s, "SELECT name, is_distributed FROM sys.availability_groups").toString());
            state.put("sql.endpoints", Integer.toString(rows(s, "SELECT name FROM sys.database_mirroring_endpoints")
                    .size()));
            state.put("sql.certificates.repeated", repeated(rows(s, "SELECT name FROM master.sys.certificates")));
        } finally {
            Files.deleteIfExists(pem);
        }
        ArmTwin arm = twins.arm().orElseThrow();
        state.put("arm.links", arm.instance().linkNames().stream().sorted().toList().toString());
        state.put("arm.trustCertificates.repeated", repeated(new ArrayList<>(arm.instance().trustCertificateNames())));
        return state;
    }

    private static String repeated(List<String> names) {
        return names.stream().filter(n -> names.indexOf(n) != names.lastIndexOf(n)).distinct().sorted().toList()
                .toString();
    }

    private static List<String> rows(Statement s, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        rows.sort(null);
        return rows;
    }

    /** Starts {@code milink serve} on the shared configuration with a data directory of its own. */
    private Replica serve(String name, Predicate<String> last) throws Exception {
        Path data = dir.resolve("replica-" + name);
        Path log = dir.resolve("replica-" + name + ".log");
        ServeProcess started = ServeProcess.start(List.of("--config", dir.resolve(TwinSpecFiles.SERVE_CONFIG)
                .toString(), "--data-dir", data.toString(), "--port", "0", "--shutdown-grace", "2"), log, last);
        started.drainRest("replica-" + name + "-output");
        return new Replica(name, started.process(), started.baseUrl(), started.output(), client(data), log);
    }

    private static String log(Replica replica) throws Exception {
        List<String> lines = Files.readAllLines(replica.log());
        return "\nlog of replica " + replica.name() + ":\n" + String.join("\n",
                lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static long linkPuts(ArmTwin arm) {
        return arm.receivedRequests().stream().filter(r -> r.method().equals("PUT")
                && r.path().endsWith("/distributedAvailabilityGroups/" + LINK)).count();
    }

    private static String get(Replica replica, String token, String path) throws Exception {
        return replica.client().send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonObject awaitFinal(Replica replica, String token, String id, Duration within)
            throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonObject op = null;
        while (Instant.now().isBefore(deadline)) {
            op = new JsonObject(get(replica, token, "/v1/operations/" + id));
            if (List.of("Succeeded", "Failed", "Canceled").contains(op.getString("state"))) {
                return op;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("operation " + id + " did not finish in " + within + ": "
                + (op == null ? "" : op.encodePrettily()) + log(replica));
    }

    private static HttpClient client(Path data) throws Exception {
        SSLContext context = ServeProcess.trusting(data.resolve("tls/milink-serve-certificate.pem"));
        // 25 TLS handshakes at once with three JVMs on two loaded cores take more than a few seconds.
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(60)).build();
    }
}
