package io.milink.bench;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.MilinkService;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * [route=link]}. Loopback only; plain HTTP for both servers so TLS cost does not hide the difference. Both servers are warmed up,
 * then measured in {@code rounds} alternating rounds of {@code seconds} each (minimal first in odd rounds, milink
 * first in even ones), so a burst of load from elsewhere on a shared machine hits both alike; the figures pool all
 * rounds. Every request must answer 200 or the run fails.
 */
public final class ServiceLoadBench {

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** @param cpuNanos the process's CPU time over the round: client, server and (link route) twins together */
    private record Result(String name, long requests, double seconds, long[] latenciesNanos, long cpuNanos) {
        double throughput() {
            return requests / seconds;
        }

        double cpuMicrosPerRequest() {
            return cpuNanos / 1e3 / requests;
        }

        double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        boolean accessLog = args.length > 2 && args[2].equals("on");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String route = args.length > 4 ? args[4] : "link";
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
                String name = createLink(client, service.port(), token,
                        Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
                path = "/v1/links/" + name;
                template = "/v1/links/{name}";
                body = awaitReplicating(client, service.port(), path, token);
                fastForward.set(false);
            } else {
                String id = startPreflight(client, service.port(), token);
                path = "/v1/operations/" + id;
                template = "/v1/operations/{id}";
                body = awaitSucceeded(client, service.port(), path, token);
            }

            // The same response bytes, from memory, on a bare Vert.x server: the floor for this machine.
            HttpServer minimal = vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("Content-Type", "application/json").end(body)).listen(0, "127.0.0.1").await();

            System.out.printf("GET %s, %d round(s) of %d s per server after warm-up, %d requests in flight, access "
                    + "log %s, %d cores%n", template, rounds, seconds, concurrency,
                    accessLog ? "on" : "off", Runtime.getRuntime().availableProcessors());
            long readsBefore = twins == null ? 0 : armReads(twins);
            warmUp(client, minimal.actualPort(), path, null, seconds, concurrency);
            warmUp(client, service.port(), path, token, seconds, concurrency);
            List<Result> bareRounds = new ArrayList<>();
            List<Result> realRounds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    bareRounds.add(measure("minimal", client, minimal.actualPort(), path, null, seconds, concurrency));
                    realRounds.add(measure("milink", client, service.port(), path, token, seconds, concurrency));
                } else {
                    realRounds.add(measure("milink", client, service.port(), path, token, seconds, concurrency));
                    bareRounds.add(measure("minimal", client, minimal.actualPort(), path, null, seconds, concurrency));
                }
                System.out.printf("round %d: minimal %.0f req/s, milink serve %.0f req/s%n", round + 1,
                        bareRounds.get(round).throughput(), realRounds.get(round).throughput());
            }
            if (twins != null) {
                System.out.printf("reads of the link's two sides while measured and warmed up: %d (the service reads "
                        + "them at most once per status cache time to live, 2 s)%n", armReads(twins) - readsBefore);
            }
            Result bare = pooled("minimal Vert.x handler", bareRounds);
            Result real = pooled("milink serve", realRounds);
            for (Result r : new Result[] {bare, real}) {
                System.out.printf("%-24s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms   (%d requests)%n",
                        r.name(), r.throughput(), r.percentileMillis(50), r.percentileMillis(99),
                        r.percentileMillis(100), r.requests());
            }
            System.out.printf("milink serve reaches %.0f%% of the minimal handler's throughput (median of the rounds' "
                    + "ratios %.0f%%)%n", 100 * real.throughput() / bare.throughput(), 100 * medianRatio(bareRounds,
                    realRounds));
            // What load from elsewhere on the machine changes least: the CPU this process spends per request. Both
            // figures hold the client's share; the machine's cores bound throughput at cores / CPU per request.
            System.out.printf("process CPU per request: minimal %.1f us, milink serve %.1f us (the minimal handler's is "
                    + "%.0f%% of milink's)%n", bare.cpuMicrosPerRequest(), real.cpuMicrosPerRequest(),
                    100 * bare.cpuMicrosPerRequest() / real.cpuMicrosPerRequest());
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

    /** Creates the twins' link through POST /v1/links and waits for the operation to succeed; returns its name. */
    private static String createLink(HttpClient client, int port, String token, String request) throws Exception {
        Buffer accepted = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                        .setPort(port).setURI("/v1/links").putHeader("Authorization", "Bearer " + token)
                        .putHeader("Content-Type", "application/json").setTimeout(30_000))
                .compose(r -> r.send(request))
                .compose(response -> response.body())
                .await();
        JsonObject operation = new JsonObject(accepted);
        String id = operation.getString("id");
        if (id == null) {
            throw new IllegalStateException("POST /v1/links was refused: " + accepted);
        }
        awaitSucceeded(client, port, "/v1/operations/" + id, token);
        return operation.getJsonObject("request").getString("name");
    }

    /** Polls the link's status until every database replicates: the state a dashboard watches longest. */
    private static Buffer awaitReplicating(HttpClient client, int port, String path, String token) throws Exception {
        for (int i = 0; i < 600; i++) {
            Buffer body = get(client, port, path, token).await();
            JsonArray databases = new JsonObject(body).getJsonArray("databases");
            if (!databases.isEmpty() && databases.stream().allMatch(d -> ((JsonObject) d).getString("phase")
                    .equals("Replicating"))) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the benchmark's link did not reach Replicating in 60 s");
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

    /** Polls until the operation is final, so the measured reads see a row that no longer changes. */
    private static Buffer awaitSucceeded(HttpClient client, int port, String path, String token) throws Exception {
        for (int i = 0; i < 600; i++) {
            Buffer body = get(client, port, path, token).await();
            String state = new JsonObject(body).getString("state");
            if (state.equals("Succeeded")) {
                return body;
            }
            if (state.equals("Failed") || state.equals("Canceled")) {
                throw new IllegalStateException("the benchmark's operation ended " + state + ": " + body);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the benchmark's operation did not succeed in 60 s: " + path);
    }

    private static Future<Buffer> get(HttpClient client, int port, String path, String token) {
        // A bounded wait: a request that never answers fails the run instead of hanging it.
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path)
                .setTimeout(10_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        return client.request(options).compose(request -> request.send()).compose(response -> {
            if (response.statusCode() != 200) {
                return Future.failedFuture("HTTP " + response.statusCode() + " from port " + port);
            }
            return response.body();
        });
    }

    private static void warmUp(HttpClientAgent client, int port, String path, String token, int seconds,
                               int concurrency) {
        run(client, port, path, token, Duration.ofSeconds(Math.max(1, seconds / 2)), concurrency, null);
    }

    /** Each round's milink throughput over the minimal handler's in the same round, the median of them. */
    private static double medianRatio(List<Result> bare, List<Result> real) {
        double[] ratios = new double[bare.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = real.get(i).throughput() / bare.get(i).throughput();
        }
        Arrays.sort(ratios);
        int mid = ratios.length / 2;
        return ratios.length % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
    }

    private static Result pooled(String name, List<Result> rounds) {
        long requests = rounds.stream().mapToLong(Result::requests).sum();
        double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
        long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).toArray();
        long cpu = rounds.stream().mapToLong(Result::cpuNanos).sum();
        return new Result(name, requests, seconds, all, cpu);
    }

    private static Result measure(String name, HttpClientAgent client, int port, String path, String token, int seconds,
                                  int concurrency) {
        long[] latencies = new long[2_000_000];
        AtomicInteger count = new AtomicInteger();
        long cpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        run(client, port, path, token, Duration.ofSeconds(seconds), concurrency, (nanos) -> {
            int i = count.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = nanos;
            }
        });
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpu = PROCESS.getProcessCpuTime() - cpuBefore;
        int n = Math.min(count.get(), latencies.length);
        return new Result(name, count.get(), elapsed, Arrays.copyOf(latencies, n), cpu);
    }

    private interface Recorder {
        void record(long nanos);
    }

    /**
     * Keeps {@code concurrency} requests in flight until {@code duration} is over, then waits for them. Each lane
     * has a keep-alive connection of its own: no pool in between (the client pool, waiting for a connection on a
     * machine this loaded, was seen to hang a run on a "Promise already completed" inside Vert.x 5.0.10).
     */
    private static void run(HttpClientAgent agent, int port, String path, String token, Duration duration,
                            int concurrency, Recorder recorder) {
        List<HttpClientConnection> connections = new ArrayList<>();
        for (int lane = 0; lane < concurrency; lane++) {
            connections.add(agent.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(port)).await());
        }
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Future<?>[] lanes = new Future<?>[concurrency];
        for (int lane = 0; lane < concurrency; lane++) {
            Promise<Void> done = Promise.promise();
            lanes[lane] = done.future();
            next(connections.get(lane), port, path, token, deadline, recorder, failures, firstFailure, done);
        }
        Future.all(Arrays.asList(lanes)).await();
        connections.forEach(connection -> connection.close().await());
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " request(s) to port " + port + " failed: "
                    + firstFailure.get());
        }
    }

    private static void next(HttpClient client, int port, String path, String token, long deadline,
                             Recorder recorder, AtomicLong failures, AtomicReference<Throwable> firstFailure,
                             Promise<Void> done) {
        if (System.nanoTime() >= deadline) {
            done.complete();
            return;
        }
        long sent = System.nanoTime();
        get(client, port, path, token).onComplete(result -> {
            if (result.failed()) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, result.cause());
                done.complete();
                return;
            }
            if (recorder != null) {
                recorder.record(System.nanoTime() - sent);
            }
            next(client, port, path, token, deadline, recorder, failures, firstFailure, done);
        });
    }
}
