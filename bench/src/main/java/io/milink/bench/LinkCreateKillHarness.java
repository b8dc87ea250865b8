package io.milink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.milink.api.Milink;
import io.milink.api.cli.TwinSpecFiles;
import io.milink.journal.Journal;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.RecordedRequest;
import picocli.CommandLine;

/**
 * The crash test of {@code milink link create}: on fresh twins each time, {@code create} runs in a child JVM and is
 * killed with SIGKILL at its k-th step boundary (a step starting, Azure accepting a step's operation, a step done),
 * for k = 1, 2, … until a run ends before reaching k; after each kill {@code create} runs again to its end. Every run
 * must reach the same end state (SQL Server's objects by name and content, the instance's links and trust
 * certificates by name, compared with a run never killed), leave
 * {@code milink link plan} nothing to do, and never send a second PUT for an ARM operation the killed run had recorded
 * as accepted. The twins live in this JVM, so they outlive the child like a real server outlives its client.
 */
public final class LinkCreateKillHarness {

    /** What the CLI prints at a step boundary (LinkCommand's progress): where a kill lands. */
    private static final List<String> BOUNDARIES = List.of("+ creating ", "~ changing ", "accepted by Azure", "done\n");
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    /** One kill and the rerun after it. */
    public record Outcome(int killPoint, String killedAt, boolean killed, String firstOutput, int rerunExit,
                          String rerunOutput,
                          String endState, int planExit, List<String> resentAfterAcceptance, Duration elapsed) {
    }

    private final String javaClassPath;
    private final List<String> databases;

    /**
     * @param javaClassPath the class path a child JVM runs milink with (this JVM's, in a test or a bench)
     * @param databases     the ready-2022 twin's databases to link (Sales, Inventory)
     */
    public LinkCreateKillHarness(String javaClassPath, List<String> databases) {
        this.javaClassPath = javaClassPath;
        this.databases = List.copyOf(databases);
    }

    /**
     * Kills at the given boundaries (1-based); a point past the last boundary is reported as not killed (the run
     * ended first) and ends the list.
     */
    public List<Outcome> run(List<Integer> killPoints, Path workDirectory) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (int point : killPoints) {
            if (point < 1) {
                throw new IllegalArgumentException("kill points count from 1, not " + point);
            }
            Outcome outcome = killAndRerun(point, workDirectory.resolve("kill-" + point));
            outcomes.add(outcome);
            if (!outcome.killed()) {
                break;
            }
        }
        return outcomes;
    }

    /**
     * A few kill points that cover each kind of boundary, from a reference run's output: after the first step, in
     * the middle of the run as a step starts, and as Azure accepts each operation (the last is the link's PUT).
     */
    public static List<Integer> representativeKillPoints(String referenceOutput) {
        List<int[]> all = boundaries(referenceOutput);
        java.util.SortedSet<Integer> points = new java.util.TreeSet<>();
        for (int k = 1; k <= all.size(); k++) {
            String boundary = BOUNDARIES.get(all.get(k - 1)[1]);
            if (boundary.startsWith("done") && points.isEmpty()) {
                points.add(k);
            }
            if (boundary.startsWith("accepted")) {
                points.add(k);
            }
        }
        for (int k = all.size() / 2; k <= all.size(); k++) {
            if (!BOUNDARIES.get(all.get(k - 1)[1]).startsWith("done") && !BOUNDARIES.get(all.get(k - 1)[1])
                    .startsWith("accepted")) {
                points.add(k);
                break;
            }
        }
        return List.copyOf(points);
    }

    /** Kills at boundary 1, 2, … until a run finishes before its kill point. */
    public List<Outcome> runEveryBoundary(Path workDirectory, int maxPoints) throws Exception {
        List<Integer> points = new ArrayList<>();
        for (int k = 1; k <= maxPoints; k++) {
            points.add(k);
        }
        return run(points, workDirectory);
    }

    /** create run to its end, never killed: the end state every killed run must reach. */
    public Outcome reference(Path workDirectory) throws Exception {
        return killAndRerun(0, workDirectory.resolve("reference"));
    }

    private Outcome killAndRerun(int killPoint, Path dir) throws Exception {
        long start = System.nanoTime();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(Duration.ofSeconds(1)).start()) {
            ArmTwin arm = twins.arm().orElseThrow();
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(), arm,
                    databases), "ready-2022");
            Path spec = dir.resolve(TwinSpecFiles.LINK_SPEC);
            Path data = dir.resolve("data");

            long t0 = System.nanoTime();
            Child first = runChild(spec, data, killPoint);
            long t1 = System.nanoTime();
            Map<String, Long> putsAtKill = putsByPath(arm.receivedRequests());
            List<String> accepted = first.killed ? acceptedSubPaths(data) : List.of();

            // The reference ran to its end: there is nothing to rerun.
            Child rerun = killPoint == 0 ? first : runChild(spec, data, 0);
            System.err.printf("kill point %d: first run %.1f s (%s), rerun %.1f s%n", killPoint, (t1 - t0) / 1e9,
                    first.killed ? "killed at " + first.killedAt : "not killed", (System.nanoTime() - t1) / 1e9);
            if (killPoint == 0) {
                return new Outcome(0, null, false, first.output, first.exit, first.output,
                        EndState.describe(twins), inProcess("link", "plan", "--spec", spec.toString()).exit, List.of(),
                        Duration.ofNanos(System.nanoTime() - start));
            }
            Map<String, Long> putsAfter = putsByPath(arm.receivedRequests());
            List<String> resent = new ArrayList<>();
            for (String subPath : accepted) {
                long before = count(putsAtKill, subPath);
                long after = count(putsAfter, subPath);
                if (after != before) {
                    resent.add(subPath + " (" + before + " PUT(s) before the kill, " + after + " after the rerun)");
                }
            }
            int planExit = inProcess("link", "plan", "--spec", spec.toString()).exit;
            return new Outcome(killPoint, first.killedAt, first.killed, first.output, rerun.exit, rerun.output,
                    EndState.describe(twins), planExit, resent, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private record Child(boolean killed, String killedAt, int exit, String output) {
    }

    /**
     * Runs {@code milink link create} in a child JVM; with {@code killPoint > 0} kills it (SIGKILL) as soon as its
     * output shows that many step boundaries.
     */
    private Child runChild(Path spec, Path data, int killPoint) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", javaClassPath, Milink.class.getName(), "link", "create", "--spec", spec.toString(),
                "--data-dir", data.toString(), "--no-wait")
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        String killedAt = null;
        try {
            try (InputStream in = child.getInputStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = readOrEnd(in, buffer, killedAt != null)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (killPoint > 0 && killedAt == null) {
                        List<int[]> boundaries = boundaries(output);
                        if (boundaries.size() >= killPoint) {
                            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no close
                            int[] at = boundaries.get(killPoint - 1);
                            killedAt = BOUNDARIES.get(at[1]).strip() + " (output ends: …"
                                    + tail(output.substring(0, at[0] + BOUNDARIES.get(at[1]).length())) + ")";
                        }
                    }
                }
            }
            if (!child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("milink link create did not end within " + CHILD_TIMEOUT + ":\n"
                        + output);
            }
        } finally {
            child.destroyForcibly(); // a harness that fails leaves no milink behind
        }
        // Killed only if SIGKILL ended it (exit 128 + 9): a child that had already finished was not.
        boolean killed = killedAt != null && child.exitValue() == 137;
        return new Child(killed, killed ? killedAt : null, child.exitValue(), output.toString());
    }

    /** Killing a process closes our end of its output: that ends the reading, it is no error then. */
    private static int readOrEnd(InputStream in, byte[] buffer, boolean killed) throws IOException {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            if (killed) {
                return -1;
            }
            throw e;
        }
    }

    /** Each boundary in the output so far, in order: {index in the output, which boundary}. */
    private static List<int[]> boundaries(CharSequence output) {
        List<int[]> found = new ArrayList<>();
        String text = output.toString();
        for (int b = 0; b < BOUNDARIES.size(); b++) {
            for (int i = text.indexOf(BOUNDARIES.get(b)); i >= 0; i = text.indexOf(BOUNDARIES.get(b), i + 1)) {
                found.add(new int[] {i, b});
            }
        }
        found.sort(Comparator.comparingInt(a -> a[0]));
        return found;
    }

    private static String tail(String text) {
        String flat = text.replace('\n', '|');
        return flat.length() <= 80 ? flat : flat.substring(flat.length() - 80);
    }

    /** The sub-paths of the ARM operations the journal recorded as accepted. */
    private static List<String> acceptedSubPaths(Path data) throws Exception {
        List<String> subPaths = new ArrayList<>();
        try (Journal journal = Journal.open(data); Connection c = journal.connection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sub_path FROM arm_operations WHERE method = 'PUT'")) {
            while (rs.next()) {
                subPaths.add(rs.getString(1));
            }
        }
        return subPaths;
    }

    private static Map<String, Long> putsByPath(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.method().equals("PUT"))
                .collect(Collectors.groupingBy(RecordedRequest::path, HashMap::new, Collectors.counting()));
    }

    private static long count(Map<String, Long> puts, String subPath) {
        return puts.entrySet().stream().filter(e -> e.getKey().endsWith(subPath)).mapToLong(Map.Entry::getValue)
                .sum();
    }

    private record InProcess(int exit, String output) {
    }

    private static InProcess inProcess(String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int exit = cli.execute(args);
        return new InProcess(exit, out.toString());
    }

    /**
     * SQL Server's objects by name and content (not the keys, which differ from run to run), the instance's by name,
     * sorted.
     */
    static final class EndState {
        private EndState() {
        }

        static String describe(LinkedTwins twins) throws Exception {
            Map<String, String> state = new TreeMap<>();
            var sql = twins.sqlServer().orElseThrow();
            Path pem = Files.createTempFile("sql-twin", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, sql.certificatePem());
            try (Connection c = java.sql.DriverManager.getConnection(sql.jdbcUrl(
                    io.milink.simulator.SqlServerTwin.Encryption.STRICT, pem), sql.loginCredentials().userName(),
                    sql.loginCredentials().password()); Statement s = c.createStatement()) {
                state.put("sql.certificates", rows(s, "SELECT name, subject FROM master.sys.certificates"));
                state.put("sql.endpoints", rows(s, "SELECT name, state_desc, connection_auth_desc "
                        + "FROM sys.database_mirroring_endpoints"));
                state.put("sql.groups", rows(s, "SELECT name, is_distributed FROM sys.availability_groups"));
                state.put("sql.replicas", rows(s, "SELECT replica_server_name, endpoint_url, availability_mode_desc "
                        + "FROM sys.availability_replicas"));
                state.put("sql.databases", rows(s, "SELECT database_name FROM sys.availability_databases_cluster"));
            }
            ArmTwin arm = twins.arm().orElseThrow();
            state.put("arm.links", arm.instance().linkNames().stream().sorted().toList().toString());
            state.put("arm.trustCertificates", arm.instance().trustCertificateNames().stream().sorted().toList()
                    .toString());
            return state.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n"));
        }

        private static String rows(Statement s, String query) throws Exception {
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
            rows.sort(Comparator.naturalOrder());
            return rows.toString();
        }
    }

    /** {@code ./bench/run.sh LinkCreateKillHarness [databases=Sales,Inventory] [maxPoints=60]}: every boundary. */
    public static void main(String[] args) throws Exception {
        List<String> databases = List.of((args.length > 0 ? args[0] : "Sales,Inventory").split(","));
        int maxPoints = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path work = Files.createTempDirectory("milink-kill");
        LinkCreateKillHarness harness = new LinkCreateKillHarness(System.getProperty("java.class.path"), databases);
        long start = System.nanoTime();
        Outcome clean = harness.reference(work);
        String reference = clean.endState();
        if (clean.rerunExit() != 0 || clean.planExit() != 0) {
            System.out.println("create without a kill did not finish cleanly:\n" + clean.firstOutput());
            System.exit(1);
        }
        List<Outcome> outcomes = harness.runEveryBoundary(work, maxPoints);
        int failures = 0;
        System.out.printf("%-5s %-8s %-6s %-5s %-10s %-9s %s%n", "kill", "killed", "rerun", "plan", "same-state",
                "resent", "killed at");
        for (Outcome o : outcomes) {
            boolean same = o.endState().equals(reference);
            boolean ok = o.rerunExit() == 0 && o.planExit() == 0 && same && o.resentAfterAcceptance().isEmpty();
            failures += ok ? 0 : 1;
            System.out.printf("%-5d %-8s %-6d %-5d %-10s %-9d %s%n", o.killPoint(), o.killed(), o.rerunExit(),
                    o.planExit(), same, o.resentAfterAcceptance().size(), o.killedAt() == null ? "(ran to its end)"
                            : o.killedAt());
            if (!ok) {
                System.out.println("  rerun output:\n" + o.rerunOutput().indent(4) + "  end state:\n"
                        + o.endState().indent(4) + "  resent: " + o.resentAfterAcceptance());
            }
        }
        System.out.printf("%d kill points (%d boundaries killed), %d failure(s), %.1f s in all; end state:%n%s%n",
                outcomes.size(), outcomes.stream().filter(Outcome::killed).count(), failures,
                (System.nanoTime() - start) / 1e9, reference.indent(2));
        System.exit(failures == 0 ? 0 : 1);
    }
}
