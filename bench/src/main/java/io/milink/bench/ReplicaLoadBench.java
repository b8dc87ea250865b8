package io.milink.bench;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.MilinkService;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.EmbeddedPostgres;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.journal.ServiceLinks;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A timed harness (not a test): {@code GET /v1/links/{name}} (what dashboards and pipelines poll) through one
 * {@code milink serve} on the embedded H2 journal against two on one PostgreSQL journal, the requests spread over both,
 * on the same machine, in one run, with the same client. One link on linked twins, created through the H2 replica's
 * {@code POST /v1/links} and registered as the same request in the PostgreSQL journal, so all three replicas read the
 * same link of the same twins.
 *
 * <p>Usage: {@code bench/run.sh ReplicaLoadBench [seconds=10] [concurrency=32] [rounds=4] [accessLog=off]}. Plain
 * HTTP on loopback. Everything runs in this JVM (client, three services, twins) except PostgreSQL (its own processes,
 * started embedded: fsync and synchronous commit off, as for the tests, so it writes faster than a durable server
 * would; status reads hardly write). Rounds alternate which setup goes first; the figures pool all rounds.
 */
public final class ReplicaLoadBench {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean accessLog = args.length > 3 && args[3].equals("on");
        if (!accessLog) {
            // Read by the shipped logback.xml at its first use, which comes below.
            System.setProperty("milink.access.log.level", "WARN");
        }
        Path dir = Files.createTempDirectory("milink-bench-replicas-");
        Vertx vertx = Vertx.vertx();
        // The twins' clock is fast-forwarded while the link is created and seeds, then runs at real time while it is
        // measured (see ServiceLoadBench).
        VirtualClock clock = new VirtualClock(Instant.now(), 1.0);
        AtomicBoolean fastForward = new AtomicBoolean(true);
        List<MilinkService> services = new ArrayList<>();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").clock(clock)
                .operationRetryAfter(Duration.ofSeconds(1)).start()) {
            Thread forward = new Thread(() -> {
                while (fastForward.get()) {
                    clock.advance(Duration.ofSeconds(10));
                    LockSupport.parkNanos(1_000_000);
                }
            }, "bench-twin-clock");
            forward.setDaemon(true);
            forward.start();
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            Credentials credentials = new Credentials(file.credentials(), file.azureCredentials(), Map.of());

            MilinkService h2 = MilinkService.start(new ServiceConfig(dir.resolve("h2"), "127.0.0.1", 0, false)
                    .withCredentials(credentials).withCertificateDirectory(dir));
            services.add(h2);
            String h2Token = h2.initialOperatorToken().orElseThrow();
            HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setIdleTimeout(10).setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(concurrency));
            JsonObject request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
            String name = ServiceRequests.createLink(client, h2.port(), h2Token, request.encode());
            String path = "/v1/links/" + name;
            ServiceRequests.awaitReplicating(client, h2.port(), path, h2Token);
            fastForward.set(false);

            JournalLocation.PostgreSql pg = EmbeddedPostgres.freshJournal();
            String pgToken;
            try (Journal journal = Journal.open(pg)) {
                pgToken = new TokenStore(journal).create(Role.OPERATOR);
                String accepted = request.copy().put("name", name).encode();
                String hash = sha256(accepted);
                journal.inTransaction(c -> {
                    ServiceLinks.registerIfAbsent(c, name, accepted, hash, "bench");
                    return null;
                }, "register the benchmark's link");
            }
            List<Integer> pgPorts = new ArrayList<>();
            for (String replica : List.of("pg-a", "pg-b")) {
                MilinkService service = MilinkService.start(new ServiceConfig(dir.resolve(replica), "127.0.0.1", 0,
                        false).withCredentials(credentials).withCertificateDirectory(dir).withJournal(pg));
                services.add(service);
                pgPorts.add(service.port());
            }
            for (int port : pgPorts) {
                ServiceRequests.awaitReplicating(client, port, path, pgToken);
            }

            System.out.printf("GET /v1/links/{name}: one replica on H2 against two on PostgreSQL (requests spread over "
                    + "both), %d round(s) of %d s each after warm-up, %d requests in flight, access log %s, %d cores%n",
                    rounds, seconds, concurrency, accessLog ? "on" : "off", Runtime.getRuntime().availableProcessors());
            List<Integer> h2Ports = List.of(h2.port());
            HttpLoad.warmUp(client, h2Ports, path, h2Token, Math.max(1, seconds / 2), concurrency);
            HttpLoad.warmUp(client, pgPorts, path, pgToken, Math.max(1, seconds / 2), concurrency);
            List<HttpLoad.Result> h2Rounds = new ArrayList<>();
            List<HttpLoad.Result> pgRounds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean h2First = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    if ((i == 0) == h2First) {
                        h2Rounds.add(HttpLoad.measure("h2", client, h2Ports, path, h2Token, seconds, concurrency));
                    } else {
                        pgRounds.add(HttpLoad.measure("pg", client, pgPorts, path, pgToken, seconds, concurrency));
                    }
                }
                System.out.printf("round %d: one replica on H2 %.0f req/s, two on PostgreSQL %.0f req/s%n", round + 1,
                        h2Rounds.get(round).throughput(), pgRounds.get(round).throughput());
            }
            HttpLoad.Result one = HttpLoad.pooled("one replica, H2", h2Rounds);
            HttpLoad.Result two = HttpLoad.pooled("two replicas, PostgreSQL", pgRounds);
            System.out.println(one.line());
            System.out.println(two.line());
            System.out.printf("two replicas on PostgreSQL reach %.0f%% of one on H2's throughput (median of the "
                    + "rounds' ratios %.0f%%)%n", 100 * two.throughput() / one.throughput(),
                    100 * HttpLoad.medianRatio(h2Rounds, pgRounds));
        } finally {
            fastForward.set(false);
            for (MilinkService service : services) {
                service.close();
            }
            vertx.close().await();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
