package io.milink.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.milink.core.azure.ArmCallException;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.MigrationCutover;
import io.milink.linkmanager.PlanChangedException;
import io.milink.linkmanager.PlannedFailover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink link cutover}: the one-way migration to the managed instance (docs/failover.md, Migration cutover). */
@Command(name = "cutover", mixinStandardHelpOptions = true, description = {
    "Move the databases to the managed instance for good. The application must stop writing first: the link's name is "
            + "typed to confirm (or --yes). Then the planned failover's gates (synchronous commit, SYNCHRONIZED, LSN "
            + "parity), a planned failover where SQL Server keeps the link (2022 CU13+, 2025) or none (2016-2019: "
            + "removing the link at parity is the cutover), then the instance's first full backup of each database "
            + "(read in its msdb.dbo.backupset over managedInstance.sql; the link is never removed before it), then "
            + "the removal: the instance's link and SQL Server's distributed availability group (and its availability "
            + "group with --drop-availability-group). Ends with the application repoint checklist. Run it again to "
            + "resume: what is done is skipped.",
    "Exit 0: cut over, the link removed; 1: not yet, the instance's first full backup is not confirmed (nothing "
            + "unsafe was done; run it again later); 2: refused or could not complete."})
final class LinkCutoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LinkCommand.Common common = new LinkCommand.Common();

    @Option(names = "--yes", description = "Do not ask: the application has stopped writing (in scripts).")
    boolean yes;

    @Option(names = "--wait-for-backup", paramLabel = "DURATION", defaultValue = "PT0S",
            description = "How long to wait for the instance's first full backup before stopping with exit 1 "
                    + "(ISO-8601, default ${DEFAULT-VALUE}: do not wait).")
    Duration waitForBackup;

    @Option(names = "--backup-poll", paramLabel = "DURATION", defaultValue = "PT1M",
            description = "Time between reads of the instance's backups while waiting (default ${DEFAULT-VALUE}).")
    Duration backupPoll;

    @Option(names = "--drop-availability-group", description = "Also drop the link's availability group on SQL "
            + "Server (only when it holds just the link's database on one replica).")
    boolean dropAvailabilityGroup;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long each failover gate may take (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "How long the hardened LSNs must stay equal (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT2S",
            description = "Time between reads while a gate waits (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the run is journaled (the journal milink "
            + "serve uses). Default: $MILINK_DATA_DIR, else ~/.milink.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (timeout.isNegative() || timeout.isZero() || poll.isNegative() || poll.isZero() || settle.isNegative()
                || waitForBackup.isNegative() || backupPoll.isNegative() || backupPoll.isZero()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--timeout, --poll and --backup-poll must be positive, "
                    + "--settle and --wait-for-backup zero or more");
        }
        if (!yes && System.console() == null) {
            // No one can confirm that the application stopped writing: refused before anything is opened.
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: a cutover asks you to confirm, "
                    + "by typing the link's name on a terminal, that the application has stopped writing to SQL "
                    + "Server, and there is no terminal; in a script, stop the writes first and add --yes.");
        }
        PrintWriter out = spec.commandLine().getOut();
        var linkSpec = LinkTargets.loadSpec(common.specFile);
        List<String> dags = linkSpec.linkNames().stream().map(n -> n.distributedAvailabilityGroup()).distinct()
                .toList();
        MigrationCutover cutover = new MigrationCutover(new LinkStatusReader(Clock.systemUTC()),
                PlannedFailover.Waiter.system());
        MigrationCutover.Options options = new MigrationCutover.Options(new PlannedFailover.Options(timeout, settle,
                poll, null), waitForBackup, backupPoll, dropAvailabilityGroup);
        GateProgress step = new GateProgress(out);
        try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
             JournaledLinkRun journaled = JournaledLinkRun.begin(dataDir, linkSpec, "cutover", List.of())) {
            try {
                LinkSession session = InstanceSqlTarget.attach(targets.session(), linkSpec);
                var desire = io.milink.linkmanager.DesiredLinks.from(linkSpec);
                MigrationCutover.Preview preview = cutover.preview(session, linkSpec.linkNames(), desire, options);
                out.println("Migration cutover of " + String.join(", ", linkSpec.databases()) + " from SQL Server "
                        + linkSpec.sqlServer().displayName() + " to the managed instance, one way: the link is "
                        + "removed at the end. It will, in order:");
                preview.steps().forEach(s -> out.println("  - " + s));
                if (preview.path() != MigrationCutover.Path.FINISH_REMOVAL) {
                    out.println("The application must have stopped writing to SQL Server.");
                }
                out.flush();
                if (!yes && !GateProgress.nameTyped("Has the application stopped writing? Type the link's name (%s)"
                        + " to cut over: ", String.join(",", dags))) {
                    throw new PlannedFailover.RefusedException("nothing was changed: the link's name was not typed "
                            + "(type " + String.join(",", dags) + " once the application has stopped writing, or pass "
                            + "--yes in a script)");
                }
                MigrationCutover.Result result = cutover.run(session, linkSpec.linkNames(), desire, preview,
                        journaled.run(), options, new MigrationCutover.Progress(step,
                                LinkCommand.Create.progress(out, new LinkCommand.RunPosition())));
                String fqdn = instanceHost(targets, linkSpec);
                boolean instancePrimary = result.failedOverAt() != null || result.outcome()
                        == MigrationCutover.Outcome.DONE;
                if (result.outcome() == MigrationCutover.Outcome.DONE) {
                    out.println("Cut over: the link is removed; " + String.join(", ", linkSpec.databases())
                            + (linkSpec.databases().size() == 1 ? " is" : " are") + " read-write on the managed "
                            + "instance" + (result.lsns().isEmpty() ? "" : "; hardened LSNs at parity: "
                            + result.lsns().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().sqlServer())
                            .reduce((a, b) -> a + ", " + b).orElse("")) + ".");
                } else {
                    out.println("Not yet: the link stays until the instance's first full backup of each database is "
                            + "confirmed" + (result.failedOverAt() != null ? " (the instance is the primary since "
                            + result.failedOverAt() + "; replication to SQL Server goes on meanwhile)"
                            : " (nothing was changed)") + ". Run milink link cutover again later, or with "
                            + "--wait-for-backup; it goes on from here.");
                }
                if (instancePrimary) {
                    printRepointChecklist(out, fqdn, result.path());
                }
                out.flush();
                journaled.succeeded();
                return result.outcome() == MigrationCutover.Outcome.DONE ? ExitCodes.OK : ExitCodes.NOT_READY;
            } catch (Exception e) {
                journaled.failed(e);
                throw e;
            }
        } catch (PlannedFailover.GateTimeoutException | PlannedFailover.RefusedException | LinkBlockedException
                 | PlanChangedException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (SQLException | ArmCallException | IllegalStateException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "stopped at '" + step.current() + "': " + e.getMessage()
                    + "\nRead milink link status before anything else: the replication mode, the roles (after "
                    + "'Failing over') or the link itself (after 'Removing the link') may have changed. Running the "
                    + "cutover again goes on from what is there.", e);
        }
    }

    /**
     * What nothing does for you after the move (Microsoft Learn, "Migrate databases with the link" and "Fail over a
     * link"; mi-link-workflow.md §5.2 step 5, §5.7): the application's connection, and what lives outside the
     * database.
     */
    static void printRepointChecklist(PrintWriter out, String fqdn, MigrationCutover.Path path) {
        out.println();
        out.println("Application repoint checklist (Microsoft Learn, 'Migrate databases with the link' and 'Fail "
                + "over a link'):");
        out.println("  1. Connection strings: point the applications at the managed instance, " + fqdn
                + " (port 1433 inside its virtual network); nothing repoints them for you.");
        out.println("  2. Logins: create the server logins the applications use on the instance and map them to the "
                + "database users; logins are not replicated.");
        out.println("  3. SQL Server Agent jobs, linked servers, credentials and other server-level objects: "
                + "recreate them on the instance.");
        out.println("  4. Change data capture, transactional replication, Service Broker routes and log shipping: "
                + "set them up again on the instance.");
        out.println("  5. " + (path == MigrationCutover.Path.REMOVE_AT_PARITY
                ? "SQL Server's copy of the database no longer replicates and stays read-write: keep every "
                + "application off it (there is no fail back from SQL Server 2016-2019)."
                : "Once the link is removed, SQL Server's copy no longer replicates: keep every application off it."));
    }

    private static String instanceHost(LinkTargets targets, io.milink.core.spec.LinkSpec linkSpec) {
        if (linkSpec.managedInstance().fqdn() != null) {
            return linkSpec.managedInstance().fqdn();
        }
        try {
            String fqdn = targets.session().instance().instance().fqdn();
            return fqdn == null ? "the instance's host name" : fqdn;
        } catch (ArmCallException e) {
            return "the instance's host name";
        }
    }



}
