package io.milink.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.api.Milink;
import io.milink.simulator.LinkedTwins;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import picocli.CommandLine;

/**
 * The link's whole life rehearsed on the built-in twins: readiness, plan, create (with seeding), status, a planned
 * failover and back, and removal. Each step is the milink command a user types, run in-process through the same
 * command line ({@link Milink#commandLine()}) against the files {@code milink twin --write-spec} writes, so the demo
 * runs the product's code paths and no parallel implementation. Every step's outcome is checked; the first that is
 * not what it should be stops the rehearsal and is named.
 */
final class LinkLifeRehearsal {

    static final String SCENARIO = "ready-2022";
    static final List<String> DATABASES = List.of("Sales", "Inventory");
    /**
     * Simulated seconds per real second: seeding 2 GB at the twin's 100 MB/s takes 20 simulated seconds, so a couple
     * of real seconds with the progress bar moving.
     */
    static final double TIME_SCALE = 10;

    /** A step whose outcome was not the expected one. */
    static final class StepFailed extends Exception {
        final String step;

        StepFailed(String step, String message) {
            super(message);
            this.step = step;
        }
    }

    /** What one in-process milink command returned. */
    record Ran(int exitCode, String out) {
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper json = new ObjectMapper();
    private int stepNumber;

    LinkLifeRehearsal(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** @return the exit code of the demo: 0 when every step did what it should, 1 naming the step otherwise */
    int run() {
        out.println("milink demo: the link's whole life rehearsed on built-in twins of SQL Server and Azure.");
        out.println("Twins of scenario '" + SCENARIO + "' (a SQL Server 2022 CU26 prepared as the documentation asks,");
        out.println("and its managed instance) share one simulated link world. The SQL Server twin speaks TDS to the");
        out.println("Microsoft JDBC driver; the ARM twin serves Azure Resource Manager over HTTPS to the Azure SDK.");
        out.println("Each step below is the milink command you would type, run against them; nothing real is touched.");
        out.println("The twins run on a virtual clock " + (int) TIME_SCALE + " times faster than real time, so seeding "
                + "takes seconds, not the minutes or hours of a real database.");
        long started = System.nanoTime();
        Path dir = null;
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario(SCENARIO).timeScale(TIME_SCALE)
                .operationRetryAfter(Duration.ofSeconds(1)).start()) {
            dir = Files.createTempDirectory("milink-demo-");
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), DATABASES), SCENARIO);
            String spec = dir.resolve(TwinSpecFiles.LINK_SPEC).toString();
            String data = dir.resolve("data").toString();
            life(spec, data, twins);
            out.println();
            out.printf("Every step did what it should (%.1f s). Against your own SQL Server and managed instance:%n",
                    (System.nanoTime() - started) / 1e9);
            out.println("  ./milink preflight --spec link.yaml      (docs/spec.md, docs/checks.md)");
            out.println("  ./milink link plan --spec link.yaml      then link create, link status, link failover,");
            out.println("                                           link delete (docs/link.md, docs/failover.md)");
            out.println("  ./milink demo --only preflight           the readiness checks on a ready and an unprepared twin");
            out.flush();
            return ExitCodes.OK;
        } catch (StepFailed e) {
            out.flush();
            err.println("milink demo: step '" + e.step + "' did not do what it should: " + e.getMessage());
            err.flush();
            return ExitCodes.NOT_READY;
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot start the twins or write their spec files: "
                    + e.getMessage(), e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private void life(String spec, String data, LinkedTwins twins) throws StepFailed {
        String step = heading("Readiness", "milink preflight --spec link.yaml",
                "Every readiness check on both sides, as link create runs them as its gate.");
        Ran preflight = milink(true, "preflight", "--spec", spec);
        expect(step, preflight.exitCode() != ExitCodes.COULD_NOT_COMPLETE,
                "preflight could not complete (exit " + preflight.exitCode() + ")");

        step = heading("Plan", "milink link plan --spec link.yaml",
                "Each object of the link on both sides, with the exact T-SQL or ARM call that makes it. Nothing changes.");
        Ran plan = milink(true, "link", "plan", "--spec", spec);
        expect(step, plan.exitCode() == ExitCodes.NOT_READY && plan.out().contains(" to create"),
                "the plan should have had changes to make (exit " + plan.exitCode() + ")");

        step = heading("Create", "milink link create --spec link.yaml",
                "Preflight as the gate, then the plan step by step (each T-SQL batch and ARM call as it runs), then "
                        + "seeding. The twins' virtual clock makes seeding fast.");
        Ran create = milink(true, "link", "create", "--spec", spec, "--data-dir", data);
        expect(step, create.exitCode() == ExitCodes.OK && create.out().contains("Seeding finished: the link replicates."),
                "the link should have been created and replicate (exit " + create.exitCode() + ")");

        step = heading("Status", "milink link status --spec link.yaml",
                "Each database's phase from both sides, queues, lag, LSNs, and whether a planned failover could run.");
        Ran status = milink(true, "link", "status", "--spec", spec);
        expect(step, status.out().contains("Replicating") && everyDatabase(spec,
                        db -> "Replicating".equalsIgnoreCase(db.path("phase").asText())),
                "every database should be Replicating (exit " + status.exitCode() + ")");

        step = heading("Planned failover", "milink link failover --spec link.yaml --type planned --yes",
                "Synchronous commit on both sides (T-SQL ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY "
                        + "GROUP ON ... WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT); ARM PATCH "
                        + "…/distributedAvailabilityGroups/DAG_Sales {\"replicationMode\":\"Sync\"}), the named "
                        + "gates (SYNCHRONIZED, equal hardened LSNs that stay equal), then T-SQL ALTER AVAILABILITY "
                        + "GROUP [DAG_Sales] FAILOVER on SQL Server 2022 CU13+: the managed instance becomes the "
                        + "primary. As the runbook says, the application stops writing first: the twin's workload is "
                        + "paused.");
        twins.world().pauseWorkload();
        Ran failover = milink(true, "link", "failover", "--spec", spec, "--type", "planned", "--yes", "--settle",
                "PT0.5S", "--poll", "PT0.1S", "--timeout", "PT30S", "--data-dir", data);
        expect(step, failover.exitCode() == ExitCodes.OK && roles(spec, "SECONDARY", "PRIMARY"),
                "the managed instance should be the primary and SQL Server the secondary (exit "
                        + failover.exitCode() + ")");

        step = heading("Fail back", "milink link failover --spec link.yaml --type planned --yes",
                "The same command from the other side: after the same gates, failing back from the instance runs "
                        + "Azure's planned failover (ARM POST …/distributedAvailabilityGroups/DAG_Sales/failover "
                        + "{\"failoverType\":\"Planned\"}): SQL Server becomes the primary again.");
        Ran back = milink(true, "link", "failover", "--spec", spec, "--type", "planned", "--yes", "--settle",
                "PT0.5S", "--poll", "PT0.1S", "--timeout", "PT30S", "--data-dir", data);
        expect(step, back.exitCode() == ExitCodes.OK && back.out().contains("Azure planned failover")
                        && roles(spec, "PRIMARY", "SECONDARY"),
                "SQL Server should be the primary again (exit " + back.exitCode() + ")");

        step = heading("Remove", "milink link delete --spec link.yaml --yes",
                "Both sides of the link, instance first; the databases on the instance stay, as read-write copies. "
                        + "Then milink link list confirms nothing of the link is left.");
        Ran delete = milink(true, "link", "delete", "--spec", spec, "--yes", "--data-dir", data);
        expect(step, delete.exitCode() == ExitCodes.OK, "the link should have been removed (exit "
                + delete.exitCode() + ")");
        Ran list = milink(true, "link", "list", "--spec", spec);
        expect(step, noLinkLeft(list.out()), "milink link list still finds a link");
    }

    private String heading(String name, String command, String what) {
        stepNumber++;
        out.println();
        out.println("=".repeat(100));
        out.printf("%d. %s: %s%n", stepNumber, name, command);
        wrap(what, 96).forEach(line -> out.println("   " + line));
        out.println("=".repeat(100));
        out.flush();
        return name;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static void expect(String step, boolean outcome, String message) throws StepFailed {
        if (!outcome) {
            throw new StepFailed(step, message);
        }
    }

    /** A milink command in-process, exactly as typed; what it prints is shown when {@code show}. */
    private Ran milink(boolean show, String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter captured = new StringWriter();
        PrintWriter both = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                captured.write(buffer, offset, length);
                if (show) {
                    out.write(buffer, offset, length);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        }, true);
        StringWriter errors = new StringWriter();
        cli.setOut(both);
        cli.setErr(new PrintWriter(errors, true));
        long started = System.nanoTime();
        int code = cli.execute(args);
        if (show) {
            out.printf("(%s: %.1f s)%n", String.join(" ", List.of(args).subList(0, Math.min(2, args.length))),
                    (System.nanoTime() - started) / 1e9);
        }
        both.flush();
        if (!errors.toString().isBlank()) {
            if (show) {
                out.print(errors);
            }
            captured.write(errors.toString());
        }
        out.flush();
        return new Ran(code, captured.toString());
    }

    /** The status as JSON, read silently: what the demo checks its steps by. */
    private List<JsonNode> databases(String spec) throws StepFailed {
        Ran status = milink(false, "link", "status", "--spec", spec, "--output", "json");
        try {
            List<JsonNode> all = new ArrayList<>();
            json.readTree(status.out()).path("databases").forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new StepFailed("Status", "milink link status --output json printed no JSON: " + e.getMessage());
        }
    }

    private boolean everyDatabase(String spec, Predicate<JsonNode> test) throws StepFailed {
        List<JsonNode> all = databases(spec);
        return all.size() == DATABASES.size() && all.stream().allMatch(test);
    }

    private boolean roles(String spec, String sqlServer, String instance) throws StepFailed {
        return everyDatabase(spec, db -> sqlServer.equalsIgnoreCase(db.path("sqlServerRole").asText())
                && instance.equalsIgnoreCase(db.path("managedInstanceRole").asText()));
    }

    private static boolean noLinkLeft(String list) {
        return DATABASES.stream().noneMatch(db -> list.contains("DAG_" + db));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temp directory left behind is harmless; the demo's outcome does not depend on it.
        }
    }
}
