package io.milink.api.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.milink.api.link.LinkCreateSequence;
import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.ArmCallException;
import io.milink.core.ShellQuote;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.journal.LinkRun;
import io.milink.journal.PendingOperation;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.InstancePrimaryRecord;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkFailedException;
import io.milink.linkmanager.LinkListJson;
import io.milink.linkmanager.LinkListText;
import io.milink.linkmanager.LinkPlan;
import io.milink.linkmanager.LinkScript;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusJson;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.LinkStatusText;
import io.milink.linkmanager.PlanJson;
import io.milink.linkmanager.PlanText;
import io.milink.linkmanager.PlanChangedException;
import io.milink.linkmanager.PlannedStep;
import io.milink.linkmanager.SeedingTransfer;
import io.milink.core.sql.SqlServerConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink link}: list, plan, script, create and delete links from a spec (docs/link.md). */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "List, plan, script, create, delete, watch and fail over the Managed Instance links a spec describes "
                + "(docs/link.md, docs/monitoring.md, docs/failover.md).",
        subcommands = {LinkCommand.ListLinks.class, LinkCommand.Plan.class, LinkCommand.Script.class,
            LinkCommand.Create.class, LinkCommand.Delete.class, LinkCommand.ShowStatus.class,
            LinkMonitorCommand.class, LinkFailoverCommand.class, LinkCutoverCommand.class,
            LinkRotateCertificateCommand.class})
public final class LinkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.COULD_NOT_COMPLETE;
    }

    /** A script to the output, or to {@code --out FILE} when given. */
    static void printOrWrite(CommandSpec spec, Path outFile, String script) {
        if (outFile == null) {
            spec.commandLine().getOut().print(script);
            spec.commandLine().getOut().flush();
            return;
        }
        try {
            Files.writeString(outFile, script);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--out: " + io.milink.core.UnwritableFile
                    .message("the script", outFile, e), e);
        }
    }

    /** Options every link command takes. */
    static final class Common {
        @Option(names = "--spec", paramLabel = "FILE", required = true,
                description = "The link spec (YAML, docs/spec.md): SQL Server, databases, managed instance, names.")
        Path specFile;

        @Mixin
        AzureSignInOptions azure = new AzureSignInOptions();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
        "List the links between the spec's SQL Server and managed instance, whichever tool made them: both halves as "
                + "each side reports them (or the one half left), whether the spec names them, and the spec lines "
                + "(names:) that let plan, create and delete adopt those it names otherwise. Changes nothing.",
        "Exit 0: listed (whatever was found); 2: could not complete."})
    static final class ListLinks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default) or json.")
        String output;

        @Override
        public Integer call() throws Exception {
            boolean json = format(output);
            var linkSpec = LinkTargets.loadSpec(common.specFile, false);
            try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure)) {
                LinkEngine.Listing listing = LinkEngine.list(targets.session(), linkSpec);
                PrintWriter out = spec.commandLine().getOut();
                out.print(json ? LinkListJson.render(listing.inventory(), listing.adoption()) + "\n"
                        : LinkListText.render(listing.inventory(), listing.adoption()));
                out.flush();
                return ExitCodes.OK;
            } catch (java.sql.SQLException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "SQL Server " + linkSpec.sqlServer().displayName()
                        + " did not answer the read of its availability groups: " + e.getMessage() + " (log in as "
                        + "the other link commands do: a sysadmin, or a login that may read the catalog and the "
                        + "dm_hadr_* views)", e);
            } catch (ArmCallException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "the managed instance's links could not be read: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Where a run is, so that a failure escaping it (SQL Server's error, an ARM call's, a check the engine makes) is
     * told as the step it stopped at. The engine is reconcile-style: every step is idempotent and each run plans from
     * what is there, so running the command again finishes the job.
     */
    static final class RunPosition {
        private volatile String step = "reading SQL Server and the managed instance";

        void at(String step) {
            this.step = step;
        }

        UserError stopped(Exception e) {
            return new UserError(ExitCodes.COULD_NOT_COMPLETE, "stopped while " + step + ": " + e.getMessage()
                    + "\nWhat was done before it stays done; run the command again to continue (it reads both sides"
                    + " again and does only what is left).", e);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = {
        "Show what creating the link would do: each object on both sides, what was found, and the exact T-SQL or "
                + "ARM call that would run. Changes nothing.",
        "Exit 0: nothing to do; 1: there are changes (or blocked objects); 2: could not complete."})
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default) or json.")
        String output;

        @Override
        public Integer call() throws Exception {
            boolean json = format(output);
            RunPosition position = new RunPosition();
            try (LinkTargets targets = LinkTargets.open(LinkTargets.loadSpec(common.specFile), common.azure)) {
                LinkPlan plan = LinkEngine.plan(targets.session(), DesiredLinks.from(targets.spec()));
                PrintWriter out = spec.commandLine().getOut();
                out.print(json ? PlanJson.render(plan) + "\n" : PlanText.render(plan));
                out.flush();
                return plan.nothingToDo() ? ExitCodes.OK : ExitCodes.NOT_READY;
            } catch (SQLException | IllegalStateException | ArmCallException e) {
                throw position.stopped(e);
            }
        }
    }

    @Command(name = "script", mixinStandardHelpOptions = true, description = {
        "Print the T-SQL and Azure CLI a DBA can review and run by hand, in order: the same steps 'milink link "
                + "create' runs, generated from the same plan. Changes nothing.",
        "Exit 0: written; 2: could not complete (including a plan with blocked objects)."})
    static final class Script implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--out", paramLabel = "FILE", description = "Write the script to FILE instead of the output.")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            RunPosition position = new RunPosition();
            try (LinkTargets targets = LinkTargets.open(LinkTargets.loadSpec(common.specFile), common.azure)) {
                LinkPlan plan = LinkEngine.plan(targets.session(), DesiredLinks.from(targets.spec()));
                if (!plan.blocked().isEmpty()) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, new LinkBlockedException(plan).getMessage());
                }
                printOrWrite(spec, outFile, LinkScript.render(plan));
                return ExitCodes.OK;
            } catch (SQLException | IllegalStateException | ArmCallException e) {
                throw position.stopped(e);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
        "Create the link: preflight first (refused on any FAIL unless waived with --accept), then each step of the "
                + "plan in order, then wait for seeding. Safe to run again: it continues where a run stopped.",
        "Exit 0: the link replicates (or, with --no-wait, seeding started); 2: could not complete."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--accept", paramLabel = "CHECK_ID",
                description = "Go on although this preflight check FAILs (repeatable), e.g. --accept sql.traceFlags.")
        List<String> accepted = new ArrayList<>();

        @Option(names = "--no-wait", description = "Return once seeding has started instead of waiting for it.")
        boolean noWait;

        @Option(names = "--seeding-timeout", paramLabel = "DURATION", defaultValue = "PT6H",
                description = "How long to wait for seeding (ISO-8601, default ${DEFAULT-VALUE}); it goes on in "
                        + "Azure after that.")
        Duration seedingTimeout;

        @Mixin
        RunJournalOptions journalOptions = new RunJournalOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var linkSpec = LinkTargets.loadSpec(common.specFile);
            RunPosition position = new RunPosition();
            try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
                 JournaledLinkRun journaled = JournaledLinkRun.begin(journalOptions, linkSpec, "create", accepted)) {
                try {
                    int exit = create(out, targets, journaled, position);
                    journaled.succeeded();
                    return exit;
                } catch (Exception e) {
                    journaled.failed(e);
                    throw e;
                }
            } catch (SQLException | IllegalStateException | ArmCallException e) {
                throw position.stopped(e);
            }
        }

        private int create(PrintWriter out, LinkTargets targets, JournaledLinkRun journaled, RunPosition position)
                throws Exception {
            var linkSpec = targets.spec();
            LinkRun run = journaled.run();
            LinkCreateSequence.Narration narration = new LinkCreateSequence.Narration() {
                @Override
                public void say(String sentence) {
                    out.println(sentence);
                    out.flush();
                }

                @Override
                public LinkEngine.Progress progress() {
                    return Create.progress(out, position);
                }
            };
            try {
                LinkCreateSequence.run(targets.session(), linkSpec, run, accepted, "--accept CHECK_ID",
                        (preflight, databases) -> {
                            var mi = linkSpec.managedInstance();
                            // As preflight does: probeNetwork: false (the twins, a host that is not SQL Server's)
                            // probes nothing.
                            boolean probe = mi.probeNetwork();
                            return preflight.collect(SqlServerConnector.forTarget(linkSpec.sqlServer()),
                                    linkSpec.sqlServer().displayName(), databases, probe ? mi : null,
                                    probe ? io.milink.preflight.inventory.NetworkInventory.standard() : null,
                                    targets.session().instance());
                        }, narration);
            } catch (LinkCreateSequence.PreflightRefused e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            } catch (LinkBlockedException e) {
                out.print(PlanText.render(e.plan()));
                out.flush();
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            } catch (LinkFailedException e) {
                throw failed(e);
            }
            // The run's work is done: the seeding wait (hours, perhaps) holds neither the lease nor the journal.
            journaled.succeeded();
            journaled.close();
            List<String> links = linkSpec.linkNames().stream().map(n -> n.distributedAvailabilityGroup()).toList();
            if (!noWait) {
                SeedingProgress seeding = new SeedingProgress(out, System.console() != null, java.time.Instant::now);
                position.at("waiting for seeding");
                try {
                    LinkEngine.awaitSeeding(targets.session(), links, Duration.ofSeconds(5), seedingTimeout,
                            progress(out, seeding, position));
                } catch (LinkFailedException e) {
                    seeding.finish();
                    throw failed(e);
                }
                seeding.finish();
                out.println("Seeding finished: the link replicates.");
            } else {
                out.println("Seeding started (--no-wait); watch it with milink link status --watch, or run create "
                        + "again to wait.");
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** A failed link is replaced by the next create: say how, in this command's terms. */
        private UserError failed(LinkFailedException e) {
            String spec = common.specFile == null ? "FILE" : ShellQuote.bash(common.specFile.toString());
            return new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage() + "\nSee the replacement with 'milink"
                    + " link plan --spec " + spec + "', then run 'milink link create --spec " + spec + "' again.", e);
        }

        static LinkEngine.Progress progress(PrintWriter out, RunPosition position) {
            return progress(out, new SeedingProgress(out, false, java.time.Instant::now), position);
        }

        static LinkEngine.Progress progress(PrintWriter out, SeedingProgress seeding, RunPosition position) {
            return new LinkEngine.Progress() {
                @Override
                public void applying(PlannedStep step) {
                    String doing = switch (step.change()) {
                        case CREATE -> "creating ";
                        case DELETE -> "removing ";
                        case REPLACE -> "replacing ";
                        default -> "changing ";
                    } + step.title();
                    position.at(doing);
                    out.print(PlanText.sign(step.change()) + " " + doing + " ... ");
                    out.flush();
                }

                @Override
                public void accepted(PlannedStep step, AcceptedOperation operation) {
                    // Journaled before this line is printed: from here a rerun waits for it instead of resending.
                    out.print("accepted by Azure, waiting ... ");
                    out.flush();
                }

                @Override
                public void resuming(PendingOperation pending) {
                    position.at("waiting for " + pending.operation().method() + " " + pending.operation().subPath()
                            + ", which an earlier run started");
                    out.println("~ waiting for " + pending.operation().method() + " " + pending.operation().subPath()
                            + ", which Azure accepted for an earlier run at " + pending.acceptedAt()
                            + " (not sent again)");
                    out.flush();
                }

                @Override
                public void applied(PlannedStep step) {
                    position.at("reading both sides again after " + step.title());
                    out.println("done");
                    out.flush();
                }

                @Override
                public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                                    SeedingTransfer transfer) {
                    seeding.report(link, database, transfer);
                }
            };
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {
        "Remove the link on both sides: the link on the instance, then SQL Server's distributed availability group and "
                + "the link's availability group (with --certificates also the certificates each side imported of the "
                + "other). Shows what it will remove and asks first. The instance's database stays, an independent "
                + "read-write copy. While the instance is the primary, refused until its first full backup after "
                + "the failover is confirmed (managedInstance.sql; docs/failover.md).",
        "Exit 0: removed (or nothing to remove); 1: --dry-run with something to remove; 2: could not complete or "
                + "refused."})
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--yes", description = "Do not ask; remove.")
        boolean yes;

        @Option(names = "--dry-run", description = "Only show what would be removed.")
        boolean dryRun;

        @Option(names = "--certificates", description = "Also remove the instance's certificate imported on SQL "
                + "Server and SQL Server's certificate trusted by the instance (the roots, the link certificate and "
                + "the endpoint stay: other links and groups may use them).")
        boolean certificates;

        @Mixin
        RunJournalOptions journalOptions = new RunJournalOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var linkSpec = LinkTargets.loadSpec(common.specFile);
            RunPosition position = new RunPosition();
            try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
                 // The lease first (not for a dry run, which changes nothing): no other run changes the link between
                 // the plan shown here and the removal.
                 JournaledLinkRun journaled = dryRun ? null
                         : JournaledLinkRun.begin(journalOptions, linkSpec, "delete", List.of())) {
                LinkRun run = journaled == null ? null : journaled.run();
                try {
                    int exit = delete(out, targets, run, position);
                    if (journaled != null) {
                        journaled.succeeded();
                    }
                    return exit;
                } catch (Exception e) {
                    if (journaled != null) {
                        journaled.failed(e);
                    }
                    throw e;
                }
            } catch (LinkBlockedException | PlanChangedException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            } catch (SQLException | IllegalStateException | ArmCallException e) {
                throw position.stopped(e);
            }
        }

        /** @param run null for a dry run */
        private int delete(PrintWriter out, LinkTargets targets, LinkRun run, RunPosition position) throws Exception {
            var desire = DesiredLinks.from(targets.spec());
            if (run != null) {
                // An operation an earlier run left in flight ends first, so the plan shown is the one that runs.
                LinkEngine.awaitPendingOperations(targets.session(), run, Create.progress(out, position));
            }
            // An instance that became primary by a failover keeps its link until its first full backup after it.
            var session = io.milink.api.link.InstanceSqlTarget.attach(targets.session(), targets.spec());
            // A dry run takes no lease but reads when the journal says the instance became primary, so that it
            // judges the removal as the real run will.
            java.time.Instant failedOverAt = (run != null ? InstancePrimaryRecord.last(run)
                    : JournaledLinkRun.lastInstancePrimary(journalOptions, targets.spec())).orElse(null);
            var scope = new io.milink.linkmanager.LinkRemovalPlanner.Scope(certificates, true,
                    io.milink.linkmanager.FirstFullBackupGuard.forDelete(session, targets.spec().linkNames(),
                            failedOverAt));
            LinkPlan plan = LinkEngine.planRemoval(session, desire, scope);
            out.print(PlanText.render(plan, "Nothing to do: nothing of the link is left to remove."));
            out.flush();
            if (!plan.blocked().isEmpty()) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, new LinkBlockedException(plan).getMessage());
            }
            if (plan.nothingToDo()) {
                return ExitCodes.OK;
            }
            if (run == null) {
                return ExitCodes.NOT_READY;
            }
            out.println("Removing the link ends replication: each database on the instance becomes an "
                    + "independent read-write copy, and what is written on SQL Server from now on does not reach it.");
            out.flush();
            if (!yes && !confirmed(out)) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was removed: not confirmed (answer "
                        + "'yes', or pass --yes to remove without asking)");
            }
            position.at("reading SQL Server and the managed instance");
            LinkEngine.remove(session, desire, scope, plan, run, Create.progress(out, position));
            out.println("Removed.");
            out.flush();
            return ExitCodes.OK;
        }

        /** Asks on the terminal; without one (a pipeline, a service), there is no one to ask: --yes is needed. */
        private static boolean confirmed(PrintWriter out) {
            java.io.Console console = System.console();
            if (console == null) {
                return false;
            }
            String answer = console.readLine("Remove it? Type yes to go on: ");
            return answer != null && answer.trim().equalsIgnoreCase("yes");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {
        "Show where each database's link is, read from both sides (SQL Server's dm_hadr_* views in one batch, the "
                + "instance's links in one ARM call): phase (Seeding, CatchingUp, Replicating, Disconnected, "
                + "SeedingFailed, Removed), synchronization state, roles, seeding progress, queues, lag, last hardened "
                + "LSN on each side, why it is not healthy, and whether a planned failover could run. Changes nothing "
                + "(docs/monitoring.md).",
        "Exit 0: every database replicates and is healthy; 1: one is not; 2: could not complete."})
    static final class ShowStatus implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default) or json (with --watch: one JSON object per line).")
        String output;

        @Option(names = "--watch", description = "Read again every --interval and redraw, until Ctrl+C.")
        boolean watch;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s",
                description = "Time between reads with --watch: 5s (default), 500ms, 2m, or ISO-8601 (PT5S).")
        String interval;

        @Option(names = "--count", paramLabel = "N",
                description = "With --watch: stop after N reads (the exit code is the last read's).")
        Integer count;

        @Override
        public Integer call() throws Exception {
            boolean json = format(output);
            Duration every = interval(interval);
            if (count != null && count < 1) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--count: expected 1 or more, not " + count);
            }
            var linkSpec = LinkTargets.loadSpec(common.specFile);
            PrintWriter out = spec.commandLine().getOut();
            // Redraw in place only on a terminal; a pipe or a file gets each read after the other.
            boolean redraw = watch && !json && System.console() != null;
            LinkStatusReader reader = new LinkStatusReader(java.time.Clock.systemUTC());
            try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure)) {
                for (int reads = 1; ; reads++) {
                    LinkStatus status = reader.read(targets.session(), linkSpec.linkNames());
                    if (redraw) {
                        out.print("\033[H\033[2J");
                    }
                    out.print(json ? LinkStatusJson.render(status, !watch) + "\n" : LinkStatusText.render(status));
                    if (watch && !json && !redraw) {
                        out.println();
                    }
                    out.flush();
                    int exit = status.healthy() ? ExitCodes.OK : ExitCodes.NOT_READY;
                    if (!watch || count != null && reads >= count) {
                        return exit;
                    }
                    Thread.sleep(every.toMillis());
                }
            } catch (SQLException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "SQL Server " + linkSpec.sqlServer().displayName()
                        + " did not answer the read of the link's status: " + e.getMessage() + " (log in as the "
                        + "other link commands do: a sysadmin, or a login with VIEW SERVER STATE that may read the "
                        + "catalog and the dm_hadr_* views)", e);
            } catch (ArmCallException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "the managed instance's links could not be read: "
                        + e.getMessage(), e);
            }
        }

        /** 5s, 500ms, 2m, 1h, or ISO-8601; at least 1 ms. */
        static Duration interval(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                Duration d;
                if (t.startsWith("pt") || t.startsWith("p")) {
                    d = Duration.parse(text.trim());
                } else if (t.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                } else if (t.endsWith("s")) {
                    d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
                } else if (t.endsWith("m")) {
                    d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
                } else if (t.endsWith("h")) {
                    d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
                } else {
                    throw new NumberFormatException();
                }
                if (d.isNegative() || d.isZero()) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--interval: expected a positive duration such as "
                        + "5s, 500ms, 2m or PT5S, not " + text);
            }
        }
    }

    private static boolean format(String output) {
        return switch (output) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--output: expected text or json, not "
                    + output);
        };
    }
}
