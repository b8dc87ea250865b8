package io.milink.bench;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.SecretSource;
import io.milink.linkmanager.DesiredLink;
import io.milink.journal.Journal;
import io.milink.journal.JournalLinkRuns;
import io.milink.journal.LinkRun;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.PlannedStep;
import io.milink.linkmanager.SqlServerObservation;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.arm.RecordedRequest;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * A timed harness (not a test): the link engine's {@link LinkEngine#create} from start to return, on fresh linked
 * twins (SQL Server over TDS 8.0 with the real mssql-jdbc, the managed instance over HTTPS through the real Azure SDK
 * pipeline) of {@code ready-2022} with N user databases, one link per database. Each timed run starts new twins
 * outside the timing, so every run creates everything: the link certificate, its upload, the instance's
 * certificate, the endpoint change, and per database the availability group, the distributed one and the ARM link.
 *
 * <p>Round trips are counted by the twins, not assumed: SQL Server requests (batches and RPCs) by the SQL twin's
 * per-connection counter ({@link SqlServerTwin#requestsByConnection()}), ARM requests by the ARM twin's record
 * ({@link ArmTwin#receivedRequests()}), split into reads, writes (PUT, PATCH, POST, DELETE) and polls of
 * long-running operations. One extra, untimed run per database count reports after every step (a {@link
 * LinkEngine.Progress} that snapshots the counters) to say where the round trips go.
 *
 * <p>The twins run at {@code timeScale} simulated seconds per real second: at the default 1,000 each 1 GB database
 * seeds in about 10 ms of real time, so seeding runs at full speed while the engine works. Far higher scales measure
 * the twin more than the engine: the link world catches up in steps of one simulated second on every read, so at
 * 100,000 its stepping takes seconds. The ARM twin answers long-running operations with {@code Retry-After: 0};
 * azure-core's poller ignores a zero and waits the client's own poll interval ({@code pollMs}) instead. Every
 * operation answers "in progress" to its first poll (the twin's default, {@code LinkedTwins.Builder.pollsInProgress}).
 * {@code -Dbench.trace=true} prints the ARM requests of each step of the attributed run.
 *
 * <p>Usage: {@code bench/run.sh LinkCreateBench [databases=1,2,4,8] [iterations=5] [timeScale=1000] [pollMs=20]}.
 */
public final class LinkCreateBench {

    /** Untimed creates before any measurement, at the largest database count: the JIT's warm-up. */
    private static final int JVM_WARM_UP = 3;
    /** Untimed creates before the timed ones of each database count. */
    private static final int WARM_UP = 1;
    private static final String MASTER_KEY_VARIABLE = "BENCH_MASTER_KEY";
    /** ready-2022's managed instance; the endpoint chain is issued for it once, as RSA keys are slow to make. */
    private static final String INSTANCE_FQDN = "mi-target-01.abc123def456.database.windows.net";
    private static final IssuedCertificate TLS =
            CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
    private static final EndpointCertificateChain CHAIN = EndpointCertificateChain.issue(INSTANCE_FQDN);
    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));

    private LinkCreateBench() {
    }

    public static void main(String[] arguments) throws Exception {
        quietJdkHttpClientWarning();
        // Positional, as the usage line lists them; "databases=1,2" is taken too, as it is written there.
        String[] args = Arrays.stream(arguments).map(a -> a.substring(a.indexOf('=') + 1)).toArray(String[]::new);
        List<Integer> databaseCounts = Arrays.stream((args.length > 0 ? args[0] : "1,2,4,8").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double timeScale = args.length > 2 ? Double.parseDouble(args[2]) : 1000;
        Duration poll = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 20);
        if (databaseCounts.stream().anyMatch(n -> n < 1 || n > 99) || iterations < 1) {
            throw new IllegalArgumentException("usage: LinkCreateBench [databases=1,2,4,8 (each 1-99)]"
                    + " [iterations=5] [timeScale=1000] [pollMs=20]");
        }
        Path pem = Files.createTempFile("bench-", ".pem");
        try {
            Files.writeString(pem, TLS.pem());
            Bench bench = new Bench(timeScale, poll, pem);
            System.out.printf(Locale.ROOT, "LinkEngine.create on linked ready-2022 twins (TDS 8.0 strict, ARM over"
                    + " HTTPS), time scale %.0f, Retry-After 0, client poll interval %d ms; %d warm-up runs, then per"
                    + " database count %d more and %d timed, fresh twins each run; load average %.1f%n%n", timeScale,
                    poll.toMillis(), JVM_WARM_UP, WARM_UP, iterations, loadAverage());
            int largest = databaseCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
            for (int i = 0; i < JVM_WARM_UP; i++) {
                bench.once(scenario(largest), largest, LinkEngine.Progress.SILENT, null);
            }
            List<String> rows = new ArrayList<>();
            for (int n : databaseCounts) {
                rows.add(bench.measure(n, iterations));
            }
            System.out.println("| databases | plan steps | changes | create, median (min–max) | SQL round trips"
                    + " | ARM round trips (reads / writes / polls) | round trips per step | per change |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "%nload average at the end: %.1f on %d processors%n", loadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    /**
     * azure-core's JDK HttpClient warns on every request with a body that it drops the restricted
     * {@code Content-Length} header (the JDK sets it itself): one JSON line per ARM PUT on stderr, nothing to act on.
     */
    private static void quietJdkHttpClientWarning() {
        if (org.slf4j.LoggerFactory.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient")
                instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** What one create cost, counted by the twins. */
    private record Run(double millis, int steps, int changes, Counts counts) {
    }

    /** Requests counted by the twins between two snapshots. */
    private record Counts(int sql, int armReads, int armWrites, int armPolls) {
        int arm() {
            return armReads + armWrites + armPolls;
        }

        int total() {
            return sql + arm();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "SQL %d, ARM %d (reads %d, writes %d, polls %d)", sql, arm(), armReads,
                    armWrites, armPolls);
        }
    }

    /** The twins' counters at one moment. */
    private record Snapshot(int sqlRequests, List<RecordedRequest> arm) {
        Counts since(Snapshot earlier) {
            int reads = 0;
            int writes = 0;
            int polls = 0;
            for (RecordedRequest r : arm.subList(earlier.arm.size(), arm.size())) {
                if (!r.method().equals("GET")) {
                    writes++;
                } else if (r.path().contains("OperationResults/") || r.path().contains("AzureAsyncOperation/")) {
                    polls++;
                } else {
                    reads++;
                }
            }
            return new Counts(sqlRequests - earlier.sqlRequests, reads, writes, polls);
        }
    }

    private static final class Bench {
        private final double timeScale;
        private final Duration poll;
        private final Path pem;

        Bench(double timeScale, Duration poll, Path pem) {
            this.timeScale = timeScale;
            this.poll = poll;
            this.pem = pem;
        }

        /** Warm-up, timed runs and one attributed run for {@code n} databases; returns the summary row. */
        String measure(int n, int iterations) throws Exception {
            String yaml = scenario(n);
            for (int i = 0; i < WARM_UP; i++) {
                once(yaml, n, LinkEngine.Progress.SILENT, null);
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                runs.add(once(yaml, n, LinkEngine.Progress.SILENT, null));
            }
            Attribution attribution = new Attribution();
            Run attributed = once(yaml, n, attribution, attribution);

            Run first = runs.get(0);
            for (Run r : runs) {
                if (!r.counts().equals(first.counts()) || r.steps() != first.steps()
                        || r.changes() != first.changes()) {
                    System.out.println("  note: counts differ between runs: " + r.counts() + " vs " + first.counts());
                }
            }
            List<Double> millis = runs.stream().map(Run::millis).sorted().toList();
            double median = median(millis);
            Counts c = first.counts();
            System.out.printf(Locale.ROOT, "%d database(s): %d plan steps, %d changes%n", n, first.steps(),
                    first.changes());
            System.out.printf(Locale.ROOT, "  create: median %.1f ms (min %.1f, max %.1f) over %d runs: %s%n",
                    median, millis.get(0), millis.get(millis.size() - 1), millis.size(), format(millis));
            System.out.printf(Locale.ROOT, "  round trips: %s = %d; %.2f per plan step, %.2f per change%n", c,
                    c.total(), (double) c.total() / first.steps(), (double) c.total() / first.changes());
            if (!attributed.counts().equals(c)) {
                System.out.println("  note: the attributed run counted " + attributed.counts());
            }
            attribution.print();
            System.out.println();
            return String.format(Locale.ROOT, "| %d | %d | %d | %.0f ms (%.0f–%.0f) | %d | %d (%d / %d / %d) | %.2f |"
                            + " %.2f |", n, first.steps(), first.changes(), median, millis.get(0),
                    millis.get(millis.size() - 1), c.sql(), c.arm(), c.armReads(), c.armWrites(), c.armPolls(),
                    (double) c.total() / first.steps(), (double) c.total() / first.changes());
        }

        /** Fresh twins, a session on them (outside the timing), then one timed create. */
        private Run once(String yaml, int n, LinkEngine.Progress progress, Attribution attribution)
                throws Exception {
            try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(yaml, "ready-2022 with " + n + " databases")
                    .certificates(TLS, CHAIN).timeScale(timeScale).operationRetryAfter(Duration.ZERO).start()) {
                SqlServerTwin sql = twins.sqlServer().orElseThrow();
                ArmTwin arm = twins.arm().orElseThrow();
                SqlServerTwin.Credentials login = sql.loginCredentials();
                try (Connection connection = DriverManager.getConnection(
                        sql.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem), login.userName(), login.password())) {
                    ManagedInstanceRef ref = ManagedInstanceRef.parse(arm.resourceId());
                    AzureEnvironment environment = AzureConnections.withResourceManager(AzureEnvironment.AZURE,
                            arm.baseUrl());
                    HttpClient http = AzureConnections.httpClientTrusting(arm.trustStore());
                    LinkSession session = new LinkSession(connection,
                            ManagedInstanceClient.connect(ref, ANY_TOKEN, environment, http),
                            LinkArmClient.connect(ref, ANY_TOKEN, environment, http, poll, Duration.ofMinutes(1)),
                            Map.of(MASTER_KEY_VARIABLE, "Bench-Master-Key-1!"));
                    Function<SqlServerObservation, DesiredLink> desire = observed -> desired(observed, n);
                    if (attribution != null) {
                        attribution.twins(sql, arm);
                    }
                    Snapshot before = snapshot(sql, arm);
                    LinkEngine.Result result;
                    long start;
                    long end;
                    // Journaled as milink link create journals: each step before and after, each accepted operation.
                    Path journalDirectory = Files.createTempDirectory("milink-bench-journal");
                    try (Journal journal = Journal.open(journalDirectory);
                         LinkRun run = new JournalLinkRuns(journal).begin("bench " + n, "create", List.of())) {
                        start = System.nanoTime();
                        result = LinkEngine.create(session, desire, run, progress);
                        end = System.nanoTime();
                    }
                    double millis = (end - start) / 1e6;
                    Snapshot after = snapshot(sql, arm);
                    if (attribution != null) {
                        attribution.finished(after, end);
                        // The same observation again on the linked twins: what the closing check costs by itself.
                        List<Double> again = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            long t = System.nanoTime();
                            LinkEngine.plan(session, desire);
                            again.add((System.nanoTime() - t) / 1e6);
                        }
                        attribution.observedAgain(again.stream().sorted().toList());
                    }
                    if (result.applied().size() != result.before().changes().size()) {
                        throw new IllegalStateException("applied " + result.applied().size() + " of "
                                + result.before().changes().size() + " changes");
                    }
                    return new Run(millis, result.before().steps().size(), result.before().changes().size(),
                            after.since(before));
                }
            }
        }
    }

    private static Snapshot snapshot(SqlServerTwin sql, ArmTwin arm) {
        int requests = sql.requestsByConnection().values().stream().mapToInt(Integer::intValue).sum();
        List<RecordedRequest> received = arm.receivedRequests();
        if (received.size() >= 1000) {
            throw new IllegalStateException("the ARM twin keeps the last 1000 requests only; count fewer databases");
        }
        return new Snapshot(requests, received);
    }

    /**
     * Snapshots the twins' counters around every step the engine applies (untimed): what is before the first step
     * is the first observation, what is after the last is the closing re-observation.
     */
    private static final class Attribution implements LinkEngine.Progress {
        private SqlServerTwin sql;
        private ArmTwin arm;
        private Snapshot start;
        private Snapshot last;
        private Snapshot end;
        private Snapshot stepStart;
        private Counts observeBefore;
        private long startNanos;
        private long stepStartNanos;
        private long lastNanos;
        private long endNanos;
        private double observeBeforeMillis;
        private final Map<String, Counts> perKind = new LinkedHashMap<>();
        private final Map<String, Integer> kindCount = new LinkedHashMap<>();
        private final Map<String, Double> kindMillis = new LinkedHashMap<>();

        void twins(SqlServerTwin sql, ArmTwin arm) {
            this.sql = sql;
            this.arm = arm;
            this.start = snapshot(sql, arm);
            this.last = start;
            this.startNanos = System.nanoTime();
        }

        @Override
        public void applying(PlannedStep step) {
            long now = System.nanoTime();
            stepStart = snapshot(sql, arm);
            if (observeBefore == null) {
                observeBefore = stepStart.since(start);
                observeBeforeMillis = (now - startNanos) / 1e6;
            }
            stepStartNanos = System.nanoTime();
        }

        @Override
        public void applied(PlannedStep step) {
            long now = System.nanoTime();
            last = snapshot(sql, arm);
            String kind = step.id().replaceAll("\\[.*]", "[*]");
            perKind.merge(kind, last.since(stepStart), Attribution::add);
            if (Boolean.getBoolean("bench.trace")) {
                last.arm().subList(stepStart.arm().size(), last.arm().size()).forEach(r -> System.out.println(
                        "        " + step.id() + ": " + r.method() + " " + r.path()));
            }
            kindCount.merge(kind, 1, Integer::sum);
            kindMillis.merge(kind, (now - stepStartNanos) / 1e6, Double::sum);
            lastNanos = System.nanoTime();
        }

        @Override
        public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                            io.milink.linkmanager.SeedingTransfer transfer) {
        }

        private List<Double> observedAgain = List.of();

        void observedAgain(List<Double> sortedMillis) {
            this.observedAgain = sortedMillis;
        }

        void finished(Snapshot after, long nanos) {
            end = after;
            endNanos = nanos;
        }

        private static Counts add(Counts a, Counts b) {
            return new Counts(a.sql() + b.sql(), a.armReads() + b.armReads(), a.armWrites() + b.armWrites(),
                    a.armPolls() + b.armPolls());
        }

        void print() {
            Counts applying = perKind.values().stream().reduce(new Counts(0, 0, 0, 0), Attribution::add);
            double applyingMillis = kindMillis.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.println("  where they go (one more run, counters and clock read between steps):");
            System.out.printf(Locale.ROOT, "    %-46s %7.1f ms  %s%n", "observe and plan", observeBeforeMillis,
                    observeBefore);
            System.out.printf(Locale.ROOT, "    %-46s %7.1f ms  %s%n", "apply the changes", applyingMillis, applying);
            perKind.forEach((kind, counts) -> System.out.printf(Locale.ROOT, "      %-44s %7.1f ms  %s%n",
                    kind + " x" + kindCount.get(kind), kindMillis.get(kind), counts));
            System.out.printf(Locale.ROOT, "    %-46s %7.1f ms  %s%n", "observe again (the closing check)",
                    (endNanos - lastNanos) / 1e6, end.since(last));
            System.out.printf(Locale.ROOT, "    %-46s %7.1f ms  (LinkEngine.plan on the linked twins after the run,"
                    + " median of %d)%n", "the same observation, repeated", median(observedAgain),
                    observedAgain.size());
        }
    }

    /** The link of every user database, named as milink's defaults name them. */
    private static DesiredLink desired(SqlServerObservation sql, int n) {
        List<DesiredLink.DatabaseLink> links = new ArrayList<>();
        for (String database : databaseNames(n)) {
            links.add(new DesiredLink.DatabaseLink(database, "AG_" + database, "DAG_" + database,
                    "AG_" + database + "_MI"));
        }
        return new DesiredLink("Cert_" + sql.serverName() + "_endpoint", LocalDate.now().plusYears(2),
                "Hadr_endpoint", 5022, "TCP://sql22.contoso.local:5022", false, true,
                new SecretSource.EnvironmentVariable(MASTER_KEY_VARIABLE), links);
    }

    /** ready-2022's Sales and Inventory, then Db03, Db04, … */
    static List<String> databaseNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add(i == 1 ? "Sales" : i == 2 ? "Inventory" : String.format(Locale.ROOT, "Db%02d", i));
        }
        return names;
    }

    /** ready-2022 with its SQL Server's databases replaced by {@code n} ready ones (FULL recovery, a full backup). */
    static String scenario(int n) {
        String base = BuiltInScenarios.yaml("ready-2022");
        int from = base.indexOf("  databases:\n    - name: Sales");
        int to = base.indexOf("\n\n# The managed instance", from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("ready-2022 no longer has the layout this harness edits");
        }
        StringBuilder databases = new StringBuilder("  databases:\n");
        for (String name : databaseNames(n)) {
            databases.append("    - name: ").append(name).append("\n")
                    .append("      recoveryModel: FULL\n      state: ONLINE\n      sizeMb: 1024\n")
                    .append("      logFiles: 1\n      filestream: false\n      inMemoryOltp: false\n")
                    .append("      tde: false\n")
                    .append("      backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false } ]\n");
        }
        return base.substring(0, from) + databases.toString().stripTrailing() + base.substring(to);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(List<Double> sorted) {
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private static String format(List<Double> millis) {
        List<String> parts = new ArrayList<>();
        for (double m : millis) {
            parts.add(String.format(Locale.ROOT, "%.0f", m));
        }
        return String.join(", ", parts) + " ms";
    }
}
