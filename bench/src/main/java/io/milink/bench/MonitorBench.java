package io.milink.bench;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.LinkPhase;
import io.milink.linkmanager.fleet.FleetPoll;
import io.milink.linkmanager.fleet.LinkFleet;
import io.milink.linkmanager.fleet.LinkFleetPoller;
import io.milink.linkmanager.fleet.LinkReading;
import io.milink.linkmanager.fleet.MonitoredLink;
import io.milink.simulator.FleetScenarios;
import reactor.core.publisher.Mono;

/**
 * A timed harness (not a test): the fleet monitor ({@link LinkFleetPoller}) watching {@code links} links spread over
 * {@code sqlServers} SQL Server twins, each with its own managed instance twin (the link world models one SQL Server
 * and one instance per world), polled every {@code intervalMs}. The twins run in a JVM of their own
 * ({@link FleetTwinsProcess}) so this JVM's CPU time is milink's alone: the poller, mssql-jdbc over TDS 8.0 strict
 * (TLS), the Azure SDK pipeline over HTTPS, the combining per link, GC and JIT.
 *
 * <p>After {@code warmUpPolls} polls it measures for {@code seconds}: this JVM's CPU time per second of wall time as
 * a percentage of one core (and the poller's own threads' share, by {@link ThreadMXBean}), each poll's latency
 * (median, p95, max), and the requests per poll as the twins counted them (SQL batches and RPCs, ARM link lists,
 * any other ARM request). Every reading must be a replicating link; anything else fails the run.
 *
 * <p>Usage: {@code bench/run.sh MonitorBench [links=1000] [sqlServers=20] [seconds=60] [intervalMs=5000]
 * [threads=8] [warmUpPolls=12]}.
 */
public final class MonitorBench {

    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));

    private record World(String server, int port, String instance, String armBaseUrl, String resourceId,
                         int databases) {
    }

    private record Counts(long sqlRequests, long sqlConnections, long armLists, long armOther, long cpuNanos) {
        static Counts parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 6 || !f[0].equals("COUNTS")) {
                throw new IllegalStateException("the twins' process answered '" + line + "', not COUNTS");
            }
            return new Counts(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }
    }

    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        quietJdkHttpClientWarning();
        int links = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sqlServers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 5000;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int warmUpPolls = args.length > 5 ? Integer.parseInt(args[5]) : 12;
        long readTimeoutMs = args.length > 6 ? Long.parseLong(args[6]) : 60_000;
        if (links < 1 || sqlServers < 1 || sqlServers > links || seconds < 1 || intervalMs < 1 || threads < 1
                || warmUpPolls < 0 || readTimeoutMs < 1) {
            throw new IllegalArgumentException("usage: MonitorBench [links=1000] [sqlServers=20 (at most links)]"
                    + " [seconds=60] [intervalMs=5000] [threads=8] [warmUpPolls=12] [readTimeoutMs=60000]");
        }
        Path dir = Files.createTempDirectory("monitor-bench-");
        Path addresses = dir.resolve("worlds.tsv");
        System.out.printf(Locale.ROOT, "MonitorBench: %d links on %d SQL Servers and %d instances, polled every %d ms"
                + " by %d threads (read timeout %d ms); measuring %d s after %d warm-up polls%n", links, sqlServers,
                sqlServers, intervalMs, threads, readTimeoutMs, seconds, warmUpPolls);
        long startTwins = System.nanoTime();
        Process twins = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FleetTwinsProcess.class.getName(),
                String.valueOf(links), String.valueOf(sqlServers), addresses.toString())
                .redirectError(dir.resolve("twins.err").toFile()).start();
        try (BufferedReader twinOut = new BufferedReader(new InputStreamReader(twins.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter twinIn = new PrintWriter(twins.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String ready = twinOut.readLine();
            if (!"READY".equals(ready)) {
                throw new IllegalStateException("the twins did not start (" + ready + "); see " + dir.resolve(
                        "twins.err"));
            }
            System.out.printf(Locale.ROOT, "twins started in %.1f s (separate JVM)%n",
                    (System.nanoTime() - startTwins) / 1e9);
            List<World> worlds = Files.readAllLines(addresses).stream().filter(l -> !l.isBlank()).map(l -> {
                String[] f = l.split("\t");
                return new World(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], Integer.parseInt(f[5]));
            }).toList();
            LinkFleet fleet = fleet(worlds, Path.of(addresses + ".pem"));

            List<FleetPoll> polls = new CopyOnWriteArrayList<>();
            ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (LinkFleetPoller poller = new LinkFleetPoller(fleet, Clock.systemUTC(), threads,
                    Duration.ofMillis(readTimeoutMs))) {
                poller.start(Duration.ofMillis(intervalMs), polls::add);
                waitFor(polls, warmUpPolls, intervalMs);
                twinIn.println("COUNTS");
                Counts before = Counts.parse(twinOut.readLine());
                long cpuBefore = os.getProcessCpuTime();
                long pollerCpuBefore = pollerThreadsCpu(threadBean);
                java.util.Map<String, Long> threadsBefore = cpuByThreadGroup();
                long wallBefore = System.nanoTime();
                int firstMeasured = polls.size();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                int lastMeasured = polls.size();
                long wall = System.nanoTime() - wallBefore;
                long cpu = os.getProcessCpuTime() - cpuBefore;
                long pollerCpu = pollerThreadsCpu(threadBean) - pollerCpuBefore;
                java.util.Map<String, Long> threadsAfter = cpuByThreadGroup();
                twinIn.println("COUNTS");
                Counts after = Counts.parse(twinOut.readLine());
                poller.close();
                report(polls.subList(firstMeasured, lastMeasured), before, after, wall, cpu, pollerCpu, links,
                        worlds.size(), intervalMs);
                printThreadGroups(threadsBefore, threadsAfter, wall);
            }
        } finally {
            twins.destroy();
            twins.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static LinkFleet fleet(List<World> worlds, Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("twins", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(pem))));
        HttpClient http = AzureConnections.httpClientTrusting(trust);
        LinkFleet.Builder fleet = LinkFleet.builder();
        for (World w : worlds) {
            // TDS 8.0 strict with the twins' certificate pinned, as a production monitor would connect.
            String url = "jdbc:sqlserver://127.0.0.1:" + w.port() + ";encrypt=strict;serverCertificate=" + pem
                    + ";loginTimeout=15";
            fleet.sqlServer(w.server(), () -> DriverManager.getConnection(url, FleetScenarios.LOGIN,
                    FleetScenarios.PASSWORD));
            LinkArmClient arm = LinkArmClient.connect(ManagedInstanceRef.parse(w.resourceId()), ANY_TOKEN,
                    AzureConnections.withResourceManager(AzureEnvironment.AZURE, w.armBaseUrl()), http);
            fleet.managedInstance(w.instance(), w.instance(), arm.links()::list);
            for (String db : FleetScenarios.databaseNames(w.databases())) {
                fleet.link(new MonitoredLink(w.server(), w.instance(), List.of(new DatabaseLinkNames(db, "AG_" + db,
                        "DAG_" + db, "AG_" + db + "_MI"))));
            }
        }
        return fleet.build();
    }

    private static void waitFor(List<FleetPoll> polls, int count, long intervalMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((count + 2) * intervalMs + 120_000);
        while (polls.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + polls.size() + " warm-up polls in time");
            }
            Thread.sleep(50);
        }
    }

    /** CPU time of the poller's own threads (the schedule and the readers); JDBC and ARM I/O run on the readers. */
    private static long pollerThreadsCpu(ThreadMXBean bean) {
        long total = 0;
        for (var info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("milink-fleet-")) {
                long t = bean.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, t);
            }
        }
        return total;
    }

    /**
     * This JVM's CPU time by kind of thread, from Linux's per-thread accounting ({@code /proc/self/task/<tid>/stat},
     * in clock ticks of 10 ms): ThreadMXBean does not see the JIT compiler's and the garbage collector's threads.
     * Empty elsewhere.
     */
    private static java.util.Map<String, Long> cpuByThreadGroup() {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields 14 and 15 of stat (utime, stime), counted from the state field (3) here
                    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    ticks.merge(threadGroup(name), t, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (java.io.IOException e) {
            return ticks;
        }
        return ticks;
    }

    private static String threadGroup(String name) {
        if (name.startsWith("milink-fleet")) {
            return "poller (schedule, readers: JDBC, ARM calls, combine)";
        }
        if (name.startsWith("HttpClient") || name.startsWith("azure") || name.startsWith("reactor")
                || name.startsWith("parallel") || name.startsWith("boundedElastic")) {
            return "HTTP client and Azure SDK";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("C2 CompilerThre")
                || name.startsWith("C1 CompilerThre")) {
            return "JIT compiler";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "garbage collector and VM";
        }
        return "other (main, JDBC timers, ...)";
    }

    private static void printThreadGroups(java.util.Map<String, Long> before, java.util.Map<String, Long> after,
                                          long wallNanos) {
        if (after.isEmpty()) {
            return;
        }
        System.out.println("  by thread (Linux accounting, 10 ms ticks):");
        after.forEach((group, t) -> System.out.printf(Locale.ROOT, "    %-55s %.2f %% of one core%n", group,
                100.0 * (t - before.getOrDefault(group, 0L)) * 10_000_000L / wallNanos));
    }

    /**
     * azure-core's JDK HttpClient warns on every request with a body that it drops the restricted
     * {@code Content-Length} header; the list sends none, but keep the output as LinkCreateBench's.
     */
    private static void quietJdkHttpClientWarning() {
        if (org.slf4j.LoggerFactory.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient")
                instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static void report(List<FleetPoll> polls, Counts before, Counts after, long wallNanos, long cpuNanos,
                               long pollerCpuNanos, int links, int sources, long intervalMs) {
        if (polls.isEmpty()) {
            throw new IllegalStateException("no poll in the measured window; measure longer");
        }
        long notReplicating = 0;
        long unreadable = 0;
        for (FleetPoll p : polls) {
            for (LinkReading r : p.readings().values()) {
                if (r instanceof LinkReading.Unreadable u) {
                    unreadable++;
                    if (unreadable == 1) {
                        System.out.println("unreadable: " + u.why());
                    }
                } else if (r instanceof LinkReading.Read read && read.status().databases().stream()
                        .anyMatch(d -> d.phase() != LinkPhase.REPLICATING)) {
                    notReplicating++;
                }
            }
            if (p.readings().size() != links) {
                throw new IllegalStateException("poll " + p.number() + " read " + p.readings().size() + " links");
            }
        }
        List<Double> latencies = new ArrayList<>(polls.stream().map(p -> p.took().toNanos() / 1e6).toList());
        Collections.sort(latencies);
        double wall = wallNanos / 1e9;
        // The twins count requests as they arrive; the window's polls are those told to the listener in it, so a
        // poll in flight at either edge can shift a count by one poll's worth: the rates are per poll on average.
        double n = polls.size();
        System.out.printf(Locale.ROOT, "measured %.1f s, %d polls (%d link readings; %d unreadable, %d not "
                        + "replicating)%n", wall, polls.size(), polls.size() * (long) links, unreadable, notReplicating);
        System.out.printf(Locale.ROOT, "CPU of milink's JVM: %.2f %% of one core over the window (%.0f ms per poll, "
                        + "%.1f us per link per poll; at one poll per %d ms: %.2f %%); the poller's own threads: %.2f %%%n",
                100.0 * cpuNanos / wallNanos, cpuNanos / 1e6 / n, cpuNanos / 1e3 / n / links, intervalMs,
                100.0 * cpuNanos / n / (intervalMs * 1e6), 100.0 * pollerCpuNanos / wallNanos);
        System.out.printf(Locale.ROOT, "CPU of the twins' JVM (not milink's): %.1f %% of one core%n",
                100.0 * (after.cpuNanos() - before.cpuNanos()) / wallNanos);
        System.out.printf(Locale.ROOT, "poll latency: median %.1f ms, p95 %.1f ms, max %.1f ms%n",
                percentile(latencies, 50), percentile(latencies, 95), latencies.get(latencies.size() - 1));
        for (FleetPoll.SourceKind kind : FleetPoll.SourceKind.values()) {
            List<Double> reads = new ArrayList<>(polls.stream().flatMap(p -> p.sources().stream())
                    .filter(r -> r.kind() == kind && r.took() != null).map(r -> r.took().toNanos() / 1e6).toList());
            Collections.sort(reads);
            if (!reads.isEmpty()) {
                System.out.printf(Locale.ROOT, "  each %s read (the twins' answer time): median %.1f ms, p95 %.1f ms,"
                        + " max %.1f ms%n", kind == FleetPoll.SourceKind.SQL_SERVER ? "SQL Server" : "instance",
                        percentile(reads, 50), percentile(reads, 95), reads.get(reads.size() - 1));
            }
        }
        System.out.printf(Locale.ROOT, "requests per poll, counted by the twins: SQL %.2f (%d SQL Servers), ARM link "
                        + "lists %.2f (%d instances), other ARM %.2f; new SQL connections in the window: %d%n",
                (after.sqlRequests() - before.sqlRequests()) / n, sources, (after.armLists() - before.armLists()) / n,
                sources, (after.armOther() - before.armOther()) / n, after.sqlConnections() - before.sqlConnections());
        if (unreadable > 0 || notReplicating > 0) {
            throw new IllegalStateException("every link should read Replicating");
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
