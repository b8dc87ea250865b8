package io.milink.bench;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.MilinkService;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A timed harness (not a test): throughput and latency of a status read on the real {@code milink serve}
 * (authentication, access log, contract validation, metrics, the read itself, JSON) next to a minimal Vert.x handler
 * that answers the same bytes from memory, on the same machine, in one run, with the same Vert.x client. The read is
 * {@code GET /v1/links/{name}} (route {@code link}: a link created on linked twins through {@code POST /v1/links}
 * first, replicating, as dashboards poll it) or {@code GET /v1/operations/{id}} (route {@code operation}: a finished
 * preflight).
 *
 * <p>Usage: {@code bench/run.sh ServiceLoadBench [seconds=10] [concurrency=32] [accessLog=off] [rounds=3]
 * [route=link] [warmUpSeconds=15]}. Loopback only; plain HTTP for both servers so TLS cost does not hide the difference.
 * Both servers are warmed up (each for {@code warmUpSeconds}, so the JIT has compiled their request paths),
 * then measured in {@code rounds} alternating rounds of {@code seconds} each (minimal first in odd rounds, milink
 * first in even ones), so a burst of load from elsewhere on a shared machine hits both alike; the figures pool all
 * rounds. Every request must answer 200 or the run fails.
 */
public final class ServiceLoadBench {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        boolean accessLog = args.length > 2 && args[2].equals("on");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String route = args.length > 4 ? args[4] : "link";
        // Until the JIT has compiled each server's whole request path: with a few seconds only, milink serve's first
        // measured round was its slowest in every run (its path is far longer than the minimal handler's to compile).
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 15;
        if (!route.equals("link") && !route.equals("operation")) {
            throw new IllegalArgumentException("route must be link or operation, not " + route);
        }
        if (!accessLog) {
            // Read by the shipped logback.xml at its first use, which comes below.
            System.setProperty("milink.access.log.level", "WARN");
        }
        Path dir = Files.createTempDirectory("milink-bench-serve-");
        Vertx vertx = Vertx.vertx();
        // The link route reads both sides of a real link: twins for the whole run. Their clock is fast-forwarded
        // while the link is created and seeds, then runs at real time while it is measured: a simulated hour per
        // status read would cost the twins (in this JVM, on these cores) far more than SQL Server and Azure cost.
        VirtualClock clock = new VirtualClock(Instant.now(), 1.0);
        AtomicBoolean fastForward = new AtomicBoolean(true);
        LinkedTwins twins = null;
        if (route.equals("link")) {
            twins = LinkedTwins.builder().builtInScenario("ready-2022").clock(clock)
                    .operationRetryAfter(Duration.ofSeconds(1)).start();
            Thread forward = new Thread(() -> {
                while (fastForward.get()) {
                    clock.advance(Duration.ofSeconds(10)); // about 10,000 simulated seconds per real one
                    LockSupport.parkNanos(1_000_000);
                }
            }, "bench-twin-clock");
            forward.setDaemon(true);
            forward.start();
        }
        ServiceConfig config = new ServiceConfig(dir.resolve("data"), "127.0.0.1", 0, false);
        if (twins != null) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            config = config.withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                    .withCertificateDirectory(dir);
        }
        try (MilinkService service = MilinkService.start(config)) {
            String token = service.initialOperatorToken().orElseThrow();
            // Idle timeout: a connection on which nothing moves for 10 s fails its request instead of hanging.
            HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(10)
                            .setConnectTimeout(10_000),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            String path;
            String template;
            Buffer body;
            if (twins != null) {
                String name = ServiceRequests.createLink(client, service.port(), token,
                        Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
                path = "/v1/links/" + name;
                template = "/v1/links/{name}";
                body = ServiceRequests.awaitReplicating(client, service.port(), path, token);
                fastForward.set(false);
            } else {
                String id = startPreflight(client, service.port(), token);
                path = "/v1/operations/" + id;
                template = "/v1/operations/{id}";
                body = ServiceRequests.awaitSucceeded(client, service.port(), path, token);
            }

            // The same response bytes, from memory, on a bare Vert.x server: the floor for this machine.
            HttpServer minimal = vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("Content-Type", "application/json").end(body)).listen(0, "127.0.0.1").await();

            System.out.printf("GET %s, %d round(s) of %d s per server after %d s of warm-up each, %d requests in "
                    + "flight, access log %s, %d cores%n", template, rounds, seconds, warmUpSeconds, concurrency,
                    accessLog ? "on" : "off", Runtime.getRuntime().availableProcessors());
            long readsBefore = twins == null ? 0 : armReads(twins);
            List<Integer> bare = List.of(minimal.actualPort());
            List<Integer> real = List.of(service.port());
            HttpLoad.warmUp(client, bare, path, null, warmUpSeconds, concurrency);
            HttpLoad.warmUp(client, real, path, token, warmUpSeconds, concurrency);
            List<HttpLoad.Result> bareRounds = new ArrayList<>();
            List<HttpLoad.Result> realRounds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    bareRounds.add(HttpLoad.measure("minimal", client, bare, path, null, seconds, concurrency));
                    realRounds.add(HttpLoad.measure("milink", client, real, path, token, seconds, concurrency));
                } else {
                    realRounds.add(HttpLoad.measure("milink", client, real, path, token, seconds, concurrency));
                    bareRounds.add(HttpLoad.measure("minimal", client, bare, path, null, seconds, concurrency));
                }
                System.out.printf("round %d: minimal %.0f req/s, milink serve %.0f req/s%n", round + 1,
                        bareRounds.get(round).throughput(), realRounds.get(round).throughput());
            }
            if (twins != null) {
                System.out.printf("reads of the link's two sides while measured and warmed up: %d (the service reads "
                        + "them at most once per status cache time to live, 2 s)%n", armReads(twins) - readsBefore);
            }
            HttpLoad.Result minimalPooled = HttpLoad.pooled("minimal Vert.x handler", bareRounds);
            HttpLoad.Result milinkPooled = HttpLoad.pooled("milink serve", realRounds);
            for (HttpLoad.Result r : new HttpLoad.Result[] {minimalPooled, milinkPooled}) {
                System.out.printf("%-24s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms   (%d requests)%n",
                        r.name(), r.throughput(), r.percentileMillis(50), r.percentileMillis(99),
                        r.percentileMillis(100), r.requests());
            }
            System.out.printf("milink serve reaches %.0f%% of the minimal handler's throughput (median of the rounds' "
                    + "ratios %.0f%%)%n", 100 * milinkPooled.throughput() / minimalPooled.throughput(),
                    100 * HttpLoad.medianRatio(bareRounds, realRounds));
            // What load from elsewhere on the machine changes least: the CPU this process spends per request. Both
            // figures hold the client's share; the machine's cores bound throughput at cores / CPU per request.
            System.out.printf("process CPU per request: minimal %.1f us, milink serve %.1f us (the minimal handler's is "
                    + "%.0f%% of milink's)%n", minimalPooled.cpuMicrosPerRequest(), milinkPooled.cpuMicrosPerRequest(),
                    100 * minimalPooled.cpuMicrosPerRequest() / milinkPooled.cpuMicrosPerRequest());
            minimal.close().await();
        } finally {
            fastForward.set(false);
            try {
                vertx.close().await();
            } finally {
                if (twins != null) {
                    twins.close();
                }
            }
        }
    }

    /** The ARM twin's reads of distributed availability groups: one per status read of the link. */
    private static long armReads(LinkedTwins twins) {
        return twins.arm().orElseThrow().receivedRequests().stream()
                .filter(r -> r.method().equals("GET") && r.path().contains("/distributedAvailabilityGroups")).count();
    }

    private static String startPreflight(HttpClient client, int port, String token) {
        Buffer accepted = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                        .setPort(port).setURI("/v1/preflight").putHeader("Authorization", "Bearer " + token)
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(new JsonObject().put("scenario", "ready-2022").encode()))
                .compose(response -> response.body())
                .await();
        return new JsonObject(accepted).getString("id");
    }
}
