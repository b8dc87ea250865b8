package io.milink.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.milink.api.link.InstanceSqlTarget;
import io.milink.api.link.LinkCutoverSequence;
import io.milink.core.azure.ArmCallException;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkEngine;
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

    @Mixin
    RunJournalOptions journalOptions = new RunJournalOptions();

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
        LinkEngine.Progress removal = LinkCommand.Create.progress(out, new LinkCommand.RunPosition());
        try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
             JournaledLinkRun journaled = JournaledLinkRun.begin(journalOptions, linkSpec, "cutover", List.of())) {
            try {
                LinkSession session = InstanceSqlTarget.attach(targets.session(), linkSpec);
                LinkCutoverSequence.Outcome outcome = LinkCutoverSequence.run(session, linkSpec, journaled.run(),
                        cutover, options, preview -> {
                            out.flush();
                            if (!yes && !GateProgress.nameTyped("Has the application stopped writing? Type the "
                                    + "link's name (%s) to cut over: ", String.join(",", dags))) {
                                throw new PlannedFailover.RefusedException("nothing was changed: the link's name was "
                                        + "not typed (type " + String.join(",", dags) + " once the application has "
                                        + "stopped writing, or pass --yes in a script)");
                            }
                        }, "Run milink link cutover again later, or with --wait-for-backup",
                        new LinkCutoverSequence.Narration() {
                            @Override
                            public void say(String sentence) {
                                out.println(sentence);
                                out.flush();
                            }

                            @Override
                            public PlannedFailover.Progress gates() {
                                return step;
                            }

                            @Override
                            public LinkEngine.Progress removal() {
                                return removal;
                            }
                        });
                journaled.succeeded();
                return outcome.cutOver() ? ExitCodes.OK : ExitCodes.NOT_READY;
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
}
