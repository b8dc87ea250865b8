package io.milink.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.ForcedFailover;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.PlannedFailover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink link failover}: the planned failover and its gates (docs/failover.md). */
@Command(name = "failover", mixinStandardHelpOptions = true, description = {
    "Fail the link over to the other side. Planned (no data loss): switch to synchronous commit on both sides, wait "
            + "for SYNCHRONIZED, wait for equal last hardened LSNs on both sides that stay equal for --settle, fail "
            + "over (T-SQL FAILOVER on SQL Server 2022 CU13+, else Azure's planned failover from the instance as "
            + "primary), verify both sides swapped roles, then set the replication mode. A gate that does not pass "
            + "within --timeout stops the run before any role changes and puts the replication mode back. With "
            + "--check: only say whether a planned failover could run now. Forced (--type forced --allow-data-loss, may lose "
            + "data): shows both sides' last hardened LSNs and what may be lost, asks for the link's name to be typed "
            + "(or --yes), fails over to the secondary side (Azure ForcedAllowDataLoss to the instance, T-SQL "
            + "FORCE_FAILOVER_ALLOW_DATA_LOSS to SQL Server), checks the roles and reports split brain with its "
            + "recovery (docs/failover.md).",
    "Exit 0: failed over (--check: ready); 1: --check: not ready; 2: could not complete, refused (forced without "
            + "--allow-data-loss, or without a terminal and --yes), or a gate timed out."})
final class LinkFailoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LinkCommand.Common common = new LinkCommand.Common();

    @Option(names = "--type", paramLabel = "TYPE", required = true,
            description = "planned (no data loss) or forced (may lose data; needs --allow-data-loss).")
    String type;

    @Option(names = "--check", description = "Change nothing: read both sides once and say whether a planned "
            + "failover could run now, and which gates block it.")
    boolean check;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "How long each gate may take (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "How long the hardened LSNs must stay equal before the failover (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT2S",
            description = "Time between reads while a gate waits (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--replication-mode", paramLabel = "MODE",
            description = "async or sync after the failover; default: the mode the link had before.")
    String replicationMode;

    @Option(names = "--allow-data-loss", description = "With --type forced: accept that log not yet hardened on the "
            + "secondary is lost.")
    boolean allowDataLoss;

    @Option(names = "--yes", description = "Do not ask; fail over (a forced failover otherwise asks for the link's name to be "
            + "typed on a terminal).")
    boolean yes;

    @Option(names = "--to", paramLabel = "SIDE", description = "With --type planned: the side that must end up primary, "
            + "instance or sql-server. When it already is, nothing is done (exit 0): a rerun after a crash never fails "
            + "back. Without it, the failover goes to whichever side is secondary now.")
    String to;

    @Mixin
    RunJournalOptions journalOptions = new RunJournalOptions();

    @Override
    public Integer call() throws Exception {
        boolean planned = switch (type) {
            case "planned" -> true;
            case "forced" -> false;
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--type: expected planned or forced, not "
                    + type);
        };
        if (!planned) {
            // Refused before anything is opened: a forced failover is never a default or a typo away.
            if (!allowDataLoss) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: a forced failover may lose "
                        + "every transaction the secondary has not hardened, and can leave both sides primary (split "
                        + "brain). If that is what you mean (the primary is lost), add --allow-data-loss; otherwise "
                        + "run --type planned, which loses nothing (docs/failover.md).");
            }
            if (check) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--check reads the planned-failover gates; a forced "
                        + "failover has none (it runs whatever the secondary has)");
            }
            if (!yes && System.console() == null) {
                // No one can type the link's name here (a pipeline, a service): refused before anything is opened.
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: a forced failover asks you to "
                        + "type the link's name on a terminal, and there is none; in a script, add --yes.");
            }
            return forced();
        }
        ReplicationMode after = replicationMode == null ? null : switch (replicationMode) {
            case "async" -> ReplicationMode.ASYNC;
            case "sync" -> ReplicationMode.SYNC;
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--replication-mode: expected async or sync,"
                    + " not " + replicationMode);
        };
        if (timeout.isNegative() || timeout.isZero() || poll.isNegative() || poll.isZero() || settle.isNegative()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--timeout and --poll must be positive and --settle zero "
                    + "or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        var linkSpec = LinkTargets.loadSpec(common.specFile);
        PlannedFailover failover = new PlannedFailover(new LinkStatusReader(Clock.systemUTC()),
                PlannedFailover.Waiter.system());
        if (check) {
            try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure)) {
                List<Blocker> blockers = failover.check(targets.session(), linkSpec.linkNames());
                out.println("Planned failover check, " + String.join(", ", linkSpec.databases()) + ":");
                if (blockers.isEmpty()) {
                    out.println("ready: a planned failover could run now (every gate passes).");
                } else {
                    out.println("not ready; blocked by:");
                    blockers.forEach(b -> out.println("  - " + b));
                }
                out.flush();
                return blockers.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_READY;
            } catch (SQLException | ArmCallException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "the link's status could not be read: "
                        + e.getMessage(), e);
            }
        }
        GateProgress step = new GateProgress(out);
        try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
             JournaledLinkRun journaled = JournaledLinkRun.begin(journalOptions, linkSpec, "failover", List.of())) {
            try {
                if (to != null) {
                    String primaryRole = targetSide(to);
                    var status = new LinkStatusReader(Clock.systemUTC()).read(targets.session(),
                            linkSpec.linkNames());
                    boolean already = !status.databases().isEmpty() && status.databases().stream().allMatch(d ->
                            "PRIMARY".equals(primaryRole.equals("instance") ? d.managedInstanceRole()
                                    : d.sqlServerRole()));
                    if (already) {
                        out.println("Nothing to do: the " + (primaryRole.equals("instance") ? "managed instance"
                                : "SQL Server") + " is already the primary of " + String.join(", ",
                                linkSpec.databases()) + " (--to " + to + ").");
                        out.flush();
                        journaled.succeeded();
                        return ExitCodes.OK;
                    }
                }
                out.println("Planned failover of " + String.join(", ", linkSpec.databases()) + " between SQL Server "
                        + linkSpec.sqlServer().displayName() + " and the managed instance; the application must "
                        + "stop writing first, and be repointed to the new primary after.");
                out.flush();
                if (!yes && !confirmed()) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "nothing was changed: not confirmed (answer "
                            + "'yes', or pass --yes to fail over without asking)");
                }
                PlannedFailover.Result result = failover.run(targets.session(), linkSpec.linkNames(),
                        new PlannedFailover.Options(timeout, settle, poll, after), step);
                if (result.mechanism() == PlannedFailover.Mechanism.TSQL_ON_SQL_SERVER) {
                    // When the instance became primary: a later link delete or cutover waits for a backup after it.
                    io.milink.linkmanager.InstancePrimaryRecord.record(journaled.run(), linkSpec.databases(),
                            java.time.Instant.now());
                }
                out.println("Failed over (" + (result.mechanism() == PlannedFailover.Mechanism.TSQL_ON_SQL_SERVER
                        ? "T-SQL FAILOVER on SQL Server" : "Azure planned failover") + "); hardened LSNs at the "
                        + "failover: " + result.lsnsAtFailover().entrySet().stream().map(e -> e.getKey() + " "
                        + e.getValue().sqlServer() + " on both sides").reduce((a, b) -> a + ", " + b).orElse("")
                        + ". Repoint the application to the new primary.");
                out.flush();
                journaled.succeeded();
                return ExitCodes.OK;
            } catch (Exception e) {
                journaled.failed(e);
                throw e;
            }
        } catch (PlannedFailover.GateTimeoutException | PlannedFailover.RefusedException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (SQLException | ArmCallException | IllegalStateException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "stopped at '" + step.current() + "': " + e.getMessage()
                    + "\nRead milink link status before anything else: the replication mode (and, after 'Failing "
                    + "over', the roles) may have changed.", e);
        }
    }

    /**
     * The forced failover (docs/failover.md, Forced failover): journaled under the instance's lease; both sides' last
     * hardened LSNs and the possible loss read and shown first, the link's name typed (or --yes), the LSNs read again
     * and kept in the journal's step, then the failover, the roles checked, and split brain reported with its recovery.
     */
    private Integer forced() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var linkSpec = LinkTargets.loadSpec(common.specFile);
        List<String> dags = linkSpec.linkNames().stream().map(n -> n.distributedAvailabilityGroup()).distinct()
                .toList();
        ForcedFailover failover = new ForcedFailover(new LinkStatusReader(Clock.systemUTC()));
        GateProgress step = new GateProgress(out);
        try (LinkTargets targets = LinkTargets.open(linkSpec, common.azure);
             JournaledLinkRun journaled = JournaledLinkRun.begin(journalOptions, linkSpec, "forced-failover", List.of())) {
            try {
                ForcedFailover.Assessment seen = failover.assess(targets.session(), linkSpec.linkNames());
                out.println("FORCED failover of " + String.join(", ", linkSpec.databases()) + " to "
                        + seen.target().words() + " (link " + String.join(", ", dags) + "). Data may be lost.");
                printAssessment(out, seen);
                out.flush();
                if (!yes && !GateProgress.nameTyped("Type the link's name (%s) to force the failover: ",
                        String.join(",", dags))) {
                    throw new PlannedFailover.RefusedException("nothing was changed: the link's name was not typed "
                            + "(type " + String.join(",", dags) + ", or pass --yes in a script)");
                }
                // Read again: a person may have taken minutes to answer, and the journal keeps what the failover ran on.
                ForcedFailover.Assessment at = yes ? seen : failover.assess(targets.session(), linkSpec.linkNames());
                if (at.target() != seen.target()) {
                    throw new PlannedFailover.RefusedException("nothing was changed: the roles changed while asking; "
                            + "read milink link status and run it again");
                }
                if (at != seen) {
                    out.println("At the failover:");
                    printAssessment(out, at);
                }
                String stepId = "forced-failover";
                step.at("Forcing the failover");
                journaled.run().stepStarted(stepId, "forced-failover", "force the failover to " + at.target().words()
                        + " (" + (at.target() == ForcedFailover.Target.MANAGED_INSTANCE ? "Azure failover, "
                        + "failoverType ForcedAllowDataLoss" : "ALTER AVAILABILITY GROUP ... "
                        + "FORCE_FAILOVER_ALLOW_DATA_LOSS on SQL Server") + "); before it: " + at.lsnText()
                        + (at.lossRisk().isEmpty() ? "" : "; may be lost: " + String.join("; ", at.lossRisk())));
                ForcedFailover.Result result;
                try {
                    result = failover.run(targets.session(), linkSpec.linkNames(), at, step);
                } catch (Exception e) {
                    journaled.run().stepFailed(stepId, String.valueOf(e.getMessage()));
                    throw e;
                }
                journaled.run().stepFinished(stepId);
                if (at.target() == ForcedFailover.Target.MANAGED_INSTANCE) {
                    io.milink.linkmanager.InstancePrimaryRecord.record(journaled.run(), linkSpec.databases(),
                            java.time.Instant.now());
                }
                out.println("Forced over to " + at.target().words() + "; hardened LSNs before it: " + at.lsnText()
                        + ". Repoint the application to the new primary.");
                if (!result.splitBrain().isEmpty()) {
                    out.println();
                    out.println("SPLIT BRAIN: both SQL Server and the managed instance are PRIMARY for "
                            + String.join(", ", result.splitBrain()) + "; replication is stopped. Make sure nothing "
                            + "writes to the old primary, then recover as documented (docs/failover.md):");
                    result.recovery().forEach(line -> out.println("  " + line));
                }
                out.flush();
                journaled.succeeded();
                return ExitCodes.OK;
            } catch (Exception e) {
                journaled.failed(e);
                throw e;
            }
        } catch (PlannedFailover.RefusedException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (SQLException | ArmCallException | IllegalStateException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "stopped at '" + step.current() + "': " + e.getMessage()
                    + "\nRead milink link status before anything else: after 'Forcing the failover' the roles may "
                    + "have changed.", e);
        }
    }

    private static void printAssessment(PrintWriter out, ForcedFailover.Assessment a) {
        a.before().databases().forEach(d -> out.println("  " + d.name() + ": last hardened LSN SQL Server "
                + (d.lastHardenedLsn().sqlServer() == null ? "unknown" : d.lastHardenedLsn().sqlServer())
                + ", instance " + (d.lastHardenedLsn().managedInstance() == null ? "unknown"
                : d.lastHardenedLsn().managedInstance())));
        if (a.lossRisk().isEmpty()) {
            out.println("  possible loss: none seen (same hardened LSN on both sides, no queue at the last read)");
        } else {
            a.lossRisk().forEach(r -> out.println("  possible loss: " + r));
        }
    }

    /** Asks on the terminal for the link's name; without one, nothing was typed. */
    /** instance or sql-server, as --to names them. */
    private static String targetSide(String to) {
        return switch (to) {
            case "instance", "managed-instance" -> "instance";
            case "sql-server", "sqlserver" -> "sql-server";
            default -> throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--to: expected instance or sql-server, not "
                    + to);
        };
    }




    /** Asks on the terminal; without one (a pipeline, a service), there is no one to ask: --yes is needed. */
    private static boolean confirmed() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("Fail over now? Type yes to go on: ");
        return answer != null && answer.trim().equalsIgnoreCase("yes");
    }
}
