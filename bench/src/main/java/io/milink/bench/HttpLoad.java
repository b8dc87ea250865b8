package io.milink.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.RequestOptions;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop HTTP load for the service harnesses: {@code concurrency} lanes, each a keep-alive connection of its own
 * with one GET in flight at a time, spread over one or more servers (lane {@code i} to port {@code i mod n}); every
 * answer but 200 fails the run. Records each request's latency and the process's CPU time over the round.
 */
final class HttpLoad {

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** @param cpuNanos the process's CPU time over the round: client, servers and whatever else runs in it */
    record Result(String name, long requests, double seconds, long[] latenciesNanos, long cpuNanos) {
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

        String line() {
            return String.format("%-34s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms   CPU %6.1f us/req   "
                    + "(%d requests)", name, throughput(), percentileMillis(50), percentileMillis(99),
                    percentileMillis(100), cpuMicrosPerRequest(), requests);
        }
    }

    private HttpLoad() {
    }

    /** One GET; fails unless it answers 200; gives up after 10 s rather than hang a run. */
    static Future<Buffer> get(HttpClient client, int port, String path, String token) {
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

    static void warmUp(HttpClientAgent client, List<Integer> ports, String path, String token, int seconds,
                       int concurrency) {
        run(client, ports, path, token, Duration.ofSeconds(Math.max(1, seconds)), concurrency, null);
    }

    static Result measure(String name, HttpClientAgent client, List<Integer> ports, String path, String token,
                          int seconds, int concurrency) {
        long[] latencies = new long[2_000_000];
        AtomicInteger count = new AtomicInteger();
        long cpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        run(client, ports, path, token, Duration.ofSeconds(seconds), concurrency, nanos -> {
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

    /** The rounds as one: their requests, time, latencies and CPU together. */
    static Result pooled(String name, List<Result> rounds) {
        long requests = rounds.stream().mapToLong(Result::requests).sum();
        double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
        long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).toArray();
        long cpu = rounds.stream().mapToLong(Result::cpuNanos).sum();
        return new Result(name, requests, seconds, all, cpu);
    }

    /** Each round's throughput of {@code real} over {@code base} in the same round, the median of them. */
    static double medianRatio(List<Result> base, List<Result> real) {
        double[] ratios = new double[base.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = real.get(i).throughput() / base.get(i).throughput();
        }
        Arrays.sort(ratios);
        int mid = ratios.length / 2;
        return ratios.length % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
    }

    private interface Recorder {
        void record(long nanos);
    }

    /**
     * Keeps {@code concurrency} requests in flight until {@code duration} is over, then waits for them. Each lane
     * has a keep-alive connection of its own: no pool in between (the client pool, waiting for a connection on a
     * machine this loaded, was seen to hang a run on a "Promise already completed" inside Vert.x 5.0.10).
     */
    private static void run(HttpClientAgent agent, List<Integer> ports, String path, String token, Duration duration,
                            int concurrency, Recorder recorder) {
        List<HttpClientConnection> connections = new ArrayList<>();
        for (int lane = 0; lane < concurrency; lane++) {
            connections.add(agent.connect(new HttpConnectOptions().setHost("127.0.0.1")
                    .setPort(ports.get(lane % ports.size()))).await());
        }
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Future<?>[] lanes = new Future<?>[concurrency];
        for (int lane = 0; lane < concurrency; lane++) {
            Promise<Void> done = Promise.promise();
            lanes[lane] = done.future();
            next(connections.get(lane), ports.get(lane % ports.size()), path, token, deadline, recorder, failures,
                    firstFailure, done);
        }
        Future.all(Arrays.asList(lanes)).await();
        connections.forEach(connection -> connection.close().await());
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " request(s) to port(s) " + ports + " failed: "
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
