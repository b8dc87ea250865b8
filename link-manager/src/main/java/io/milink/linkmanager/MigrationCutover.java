package io.milink.linkmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.journal.LinkRun;
import io.milink.linkmanager.FirstFullBackupGuard.Need;
import io.milink.linkmanager.FirstFullBackupGuard.Verdict;

/**
 * A one-way migration to the managed instance (docs/failover.md, Migration cutover; mi-link-workflow.md §5.5): the
 * planned failover's gates (synchronous commit, SYNCHRONIZED, LSN parity: {@link PlannedFailover}), then, as the SQL
 * Server build allows, a planned failover that keeps the link (2022 CU13+ and 2025) or none (2016–2019 and older 2022
 * builds, where removing the link at LSN parity is the cutover), then the instance's first-full-backup guard
 * ({@link FirstFullBackupGuard}), then the link's removal: the instance's link, SQL Server's distributed availability
 * group, and optionally the link's availability group. It resumes: a run after a failover made the instance primary
 * skips the gates and the failover, and a run after a half-done removal finishes it. When the backup guard holds, it
 * stops with nothing unsafe done ({@link Outcome#WAITING_FOR_BACKUP}). Blocking: call from a worker thread.
 */
public final class MigrationCutover {

    /** How the move to the instance is made. */
    public enum Path {
        /** Planned failover (the link kept), then the removal: SQL Server 2022 CU13+ and 2025. */
        FAILOVER_THEN_REMOVE,
        /** The removal at LSN parity is the cutover: SQL Server 2016–2019, and 2022 builds before CU13. */
        REMOVE_AT_PARITY,
        /** The instance's link is already gone: only SQL Server's side of the removal is left. */
        FINISH_REMOVAL
    }

    public enum Outcome {
        /** The link is removed; the instance's database is the read-write primary. */
        DONE,
        /** The backup guard holds; nothing unsafe was done, and a later run goes on from here. */
        WAITING_FOR_BACKUP
    }

    /**
     * @param gates                  the failover gates' timeout, settle time and poll (the mode after is not used)
     * @param waitForBackup          how long to wait for the instance's first full backup (zero: do not wait)
     * @param backupPoll             the time between reads of the instance's backups while waiting
     * @param dropAvailabilityGroups also drop the link's availability group on SQL Server
     */
    public record Options(PlannedFailover.Options gates, Duration waitForBackup, Duration backupPoll,
                          boolean dropAvailabilityGroups) {
        public Options {
            Objects.requireNonNull(gates, "gates");
            Objects.requireNonNull(waitForBackup, "waitForBackup");
            Objects.requireNonNull(backupPoll, "backupPoll");
        }
    }

    /** What the run will do, shown before it asks: the path and each change it may make, in order. */
    public record Preview(Path path, List<String> steps, List<PlannedStep> removal) {
    }

    /**
     * @param failedOverAt when the instance became primary (this run's failover or an earlier one's); null when the
     *                     path has no failover
     * @param lsns         each database's hardened LSNs at parity, when this run reached it
     */
    public record Result(Outcome outcome, Path path, Map<String, Verdict> backups, List<PlannedStep> removed,
                         Instant failedOverAt, Map<String, LinkStatus.HardenedLsns> lsns) {
    }

    /** What a waiting user sees: the gates as the failover names them, and each removal step. */
    public record Progress(PlannedFailover.Progress gates, LinkEngine.Progress removal) {
    }

    private final LinkStatusReader reader;
    private final PlannedFailover.Waiter waiter;
    private final PlannedFailover failover;

    public MigrationCutover(LinkStatusReader reader, PlannedFailover.Waiter waiter) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.failover = new PlannedFailover(reader, waiter);
    }

    /** Reads both sides and says what {@link #run} would do. Changes nothing. */
    public Preview preview(LinkSession session, List<DatabaseLinkNames> links,
                           Function<SqlServerObservation, DesiredLink> desire, Options options) throws Exception {
        Path path = path(session, links);
        // Planned as if the backup were confirmed: the guard decides at the removal, and can only take steps away.
        Map<String, Verdict> assumed = new LinkedHashMap<>();
        links.forEach(l -> assumed.put(l.database(), new Verdict(l.database(), true, "to be confirmed")));
        LinkPlan removal = LinkEngine.planRemoval(session, desire, new LinkRemovalPlanner.Scope(false,
                options.dropAvailabilityGroups(), assumed));
        if (!removal.blocked().isEmpty()) {
            throw new LinkBlockedException(removal);
        }
        List<String> steps = new ArrayList<>();
        String dbs = links.stream().map(DatabaseLinkNames::database).collect(Collectors.joining(", "));
        switch (path) {
            case FAILOVER_THEN_REMOVE -> {
                if (instanceRole(session, links).equals("Primary")) {
                    steps.add("the instance is already the primary of " + dbs + ": no failover");
                } else {
                    steps.add("the failover gates: synchronous commit on both sides, SYNCHRONIZED, LSN parity");
                    steps.add("planned failover to the instance (ALTER AVAILABILITY GROUP ... FAILOVER on SQL Server)");
                }
                steps.add("wait for the instance's first full backup of " + dbs + " after the failover");
            }
            case REMOVE_AT_PARITY -> {
                steps.add("check the instance has a full backup of " + dbs + " (else stop here, nothing changed)");
                steps.add("the failover gates: synchronous commit on both sides, SYNCHRONIZED, LSN parity");
            }
            case FINISH_REMOVAL -> steps.add("the instance's link is already removed: finish on SQL Server");
        }
        removal.changes().forEach(s -> steps.add("remove " + s.title() + ": " + s.action().shown()));
        return new Preview(path, steps, removal.changes());
    }

    /** Runs it; see the class comment. {@code shown} is the preview the user confirmed. */
    public Result run(LinkSession session, List<DatabaseLinkNames> links,
                      Function<SqlServerObservation, DesiredLink> desire, Preview shown, LinkRun run, Options options,
                      Progress progress) throws Exception {
        Path path = path(session, links);
        if (path != shown.path()) {
            throw new PlanChangedException("the link changed since the cutover was shown (it would now " + path
                    + ", not " + shown.path() + "); nothing was changed. Run it again to see what it would do now.");
        }
        List<String> dbs = links.stream().map(DatabaseLinkNames::database).toList();
        Map<String, LinkStatus.HardenedLsns> lsns = Map.of();
        Instant failedOverAt = null;
        Map<String, Verdict> backups = Map.of();
        PlannedFailover.Parity parity = null;
        switch (path) {
            case FAILOVER_THEN_REMOVE -> {
                if (instanceRole(session, links).equals("Primary")) {
                    refuseSplitBrain(session, links);
                    failedOverAt = InstancePrimaryRecord.last(run).orElse(null);
                    progress.gates().note("The instance is already the primary of " + String.join(", ", dbs)
                            + (failedOverAt == null ? " (milink has no record of when it became so)"
                            : " since " + failedOverAt) + ": no failover.");
                } else {
                    PlannedFailover.Result failed = failover.run(session, links, options.gates(), progress.gates());
                    lsns = failed.lsnsAtFailover();
                    failedOverAt = waiter.now();
                    InstancePrimaryRecord.record(run, dbs, failedOverAt);
                }
                backups = awaitBackups(session, dbs, Need.AFTER_FAILOVER, failedOverAt, options, progress.gates());
            }
            case REMOVE_AT_PARITY -> {
                // The guard first: here it does not depend on anything the run changes, so a run that must wait
                // changes nothing at all.
                backups = awaitBackups(session, dbs, Need.ANY_FULL_BACKUP, null, options, progress.gates());
                if (FirstFullBackupGuard.notConfirmed(backups).isEmpty()) {
                    parity = failover.reachParity(session, links, options.gates(), progress.gates());
                    lsns = parity.lsns();
                }
            }
            case FINISH_REMOVAL -> { }
        }
        if (!FirstFullBackupGuard.notConfirmed(backups).isEmpty()) {
            return new Result(Outcome.WAITING_FOR_BACKUP, path, backups, List.of(), failedOverAt, lsns);
        }
        LinkRemovalPlanner.Scope scope = new LinkRemovalPlanner.Scope(false, options.dropAvailabilityGroups(), backups);
        LinkPlan removal = LinkEngine.planRemoval(session, desire, scope);
        Set<String> previewed = shown.removal().stream().map(PlannedStep::id).collect(Collectors.toSet());
        List<String> unshown = removal.changes().stream().map(PlannedStep::id).filter(id -> !previewed.contains(id))
                .toList();
        if (!removal.blocked().isEmpty() || !unshown.isEmpty()) {
            if (parity != null) {
                progress.gates().note("Replication mode put back as it was: " + parity.restoreModes(session) + ".");
            }
            if (!removal.blocked().isEmpty()) {
                throw new LinkBlockedException(removal);
            }
            throw new PlanChangedException("the removal would now also change " + unshown + ", which was not shown; "
                    + "nothing was removed. Run the cutover again to see what it would do now.");
        }
        progress.gates().gate("Removing the link");
        LinkEngine.Result removed = LinkEngine.remove(session, desire, scope, removal, run, progress.removal());
        progress.gates().passed(removed.applied().isEmpty() ? "nothing was left to remove"
                : removed.applied().size() + " object(s) removed");
        return new Result(Outcome.DONE, path, backups, removed.applied(), failedOverAt, lsns);
    }

    /** Waits, up to the option's time, until the guard confirms every database's backup. */
    private Map<String, Verdict> awaitBackups(LinkSession session, List<String> dbs, Need need, Instant failedOverAt,
                                              Options options, PlannedFailover.Progress progress)
            throws InterruptedException {
        Map<String, Need> needs = new LinkedHashMap<>();
        dbs.forEach(db -> needs.put(db, need));
        progress.gate("Waiting for the instance's first full backup");
        Instant deadline = waiter.now().plus(options.waitForBackup());
        String told = null;
        while (true) {
            Map<String, Verdict> verdicts = FirstFullBackupGuard.evaluate(session.instanceSql(), needs, failedOverAt);
            List<Verdict> open = FirstFullBackupGuard.notConfirmed(verdicts);
            if (open.isEmpty()) {
                progress.passed(verdicts.values().stream().map(Verdict::evidence).collect(Collectors.joining("; ")));
                return verdicts;
            }
            String now = open.stream().map(Verdict::evidence).collect(Collectors.joining("\n  "));
            // Without the endpoint, or without a record of the failover, waiting cannot change the answer.
            boolean hopeless = session.instanceSql() == null || need == Need.AFTER_FAILOVER && failedOverAt == null;
            if (hopeless || !waiter.now().isBefore(deadline)) {
                progress.note("  not yet: " + now);
                return verdicts;
            }
            if (!now.equals(told)) {
                progress.note("  not yet: " + now);
                told = now;
            }
            waiter.sleep(options.backupPoll());
        }
    }

    /** The path from the instance's links and SQL Server's build. */
    private Path path(LinkSession session, List<DatabaseLinkNames> links) throws Exception {
        String role = instanceRole(session, links);
        if (role.equals("none")) {
            return Path.FINISH_REMOVAL;
        }
        if (role.equals("Primary")) {
            return Path.FAILOVER_THEN_REMOVE;
        }
        String build = PlannedFailover.productVersion(session.sql());
        return PlannedFailover.buildAtLeast(build, PlannedFailover.TSQL_FAILOVER_BUILD) ? Path.FAILOVER_THEN_REMOVE
                : Path.REMOVE_AT_PARITY;
    }

    /** Primary, Secondary, or none (no link on the instance); a mix, or a link partly gone, is refused. */
    private static String instanceRole(LinkSession session, List<DatabaseLinkNames> links) throws Exception {
        Set<String> roles = new java.util.TreeSet<>();
        for (String dag : links.stream().map(DatabaseLinkNames::distributedAvailabilityGroup).distinct().toList()) {
            Optional<DistributedAvailabilityGroup> link = session.arm().links().get(dag);
            roles.add(link.map(l -> "Primary".equalsIgnoreCase(l.instanceLinkRole()) ? "Primary" : "Secondary")
                    .orElse("none"));
        }
        if (roles.size() != 1) {
            throw new PlannedFailover.RefusedException("nothing was changed: the spec's links are not all in the same"
                    + " state on the instance (" + roles + "); cut them over with one spec per state");
        }
        return roles.iterator().next();
    }

    /** After a forced failover both sides may be primary: that is recovered first (docs/failover.md), not removed. */
    private void refuseSplitBrain(LinkSession session, List<DatabaseLinkNames> links) throws Exception {
        List<String> both = reader.read(session, links).databases().stream()
                .filter(d -> "PRIMARY".equals(d.sqlServerRole()) && "PRIMARY".equals(d.managedInstanceRole()))
                .map(LinkStatus.DatabaseStatus::name).toList();
        if (!both.isEmpty()) {
            throw new PlannedFailover.RefusedException("nothing was changed: both SQL Server and the instance are "
                    + "primary for " + String.join(", ", both) + " (split brain); recover as docs/failover.md says "
                    + "before the cutover removes the link");
        }
    }
}
