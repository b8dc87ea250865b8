package io.milink.linkmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.ArmOperationFailedException;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.journal.LinkRun;
import io.milink.journal.PendingOperation;

/**
 * Makes a link what its spec asks, reconcile-style: observe both sides, plan, apply each change in order, observe
 * again. Every action is idempotent and the plan is made from what is really there, so a run that stopped half-way
 * is finished by running again. Nothing runs while any object is blocked. Each step is journaled in a {@link LinkRun}
 * before and after it runs, and each ARM operation Azure accepted with its status URL, so that a run restarted after
 * a crash waits for that operation instead of sending it again.
 */
public final class LinkEngine {

    /** What a waiting user sees. Each method does nothing unless overridden. */
    public interface Progress {
        default void applying(PlannedStep step) {
        }

        default void applied(PlannedStep step) {
        }

        /**
         * One poll of a database's seeding.
         *
         * @param transfer SQL Server's view of the same seeding (bytes and rate), or null when it has no running
         *                 operation for the database (not started, finished, or a SQL Server that does not say)
         */
        default void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                             SeedingTransfer transfer) {
        }

        /** Azure accepted the step's long-running operation (journaled); milink now waits for it. */
        default void accepted(PlannedStep step, AcceptedOperation operation) {
        }

        /** Before planning: an operation an earlier run started is awaited instead of being sent again. */
        default void resuming(PendingOperation operation) {
        }

        Progress SILENT = new Progress() {
        };
    }

    /** A run's outcome: the plan it started from, the steps it applied, the plan it ended with. */
    public record Result(LinkPlan before, List<PlannedStep> applied, LinkPlan after) {
    }

    private LinkEngine() {
    }

    /** Observes both sides (one T-SQL round trip, a few ARM reads) and plans. Changes nothing. */
    public static LinkPlan plan(LinkSession session, Function<SqlServerObservation, DesiredLink> desire)
            throws Exception {
        SqlServerObservation sql = SqlServerObserver.observe(session.sql());
        InstanceObservation mi = InstanceObserver.observe(session.instance(), session.arm());
        return LinkPlanner.plan(desire.apply(sql), sql, mi);
    }

    /**
     * Waits for the ARM operations earlier runs on this target started and never saw end, then applies the plan's
     * changes in order, each recorded in {@code run} before and after it runs, then observes again and checks that
     * nothing is left to do. The caller owns {@code run} (begins it, records how it ended, closes it).
     *
     * @throws LinkBlockedException when an object cannot be made; nothing ran
     * @throws LinkFailedException  when a link the run created failed at once on the instance
     */
    public static Result create(LinkSession session, Function<SqlServerObservation, DesiredLink> desire, LinkRun run,
                                Progress progress) throws Exception {
        awaitPendingOperations(session, run, progress);
        SqlServerObservation sql = SqlServerObserver.observe(session.sql());
        InstanceObservation mi = InstanceObserver.observe(session.instance(), session.arm());
        DesiredLink desired = desire.apply(sql);
        LinkPlan before = LinkPlanner.plan(desired, sql, mi);
        if (!before.blocked().isEmpty()) {
            throw new LinkBlockedException(before);
        }
        List<PlannedStep> applied = applyChanges(session, before, run, progress);
        // The closing check reads SQL Server whole again (one batch) and, of the instance, what the steps change.
        SqlServerObservation sqlAfter = SqlServerObserver.observe(session.sql());
        LinkPlan after = LinkPlanner.plan(desire.apply(sqlAfter), sqlAfter,
                InstanceObserver.observeAfterChanges(mi, session.instance(), session.arm(), desired));
        // A link can fail within seconds of its creation (an unreachable endpoint, a name taken): that is the
        // failure to report, not the replacement the next plan shows for it.
        for (PlannedStep step : after.changes()) {
            if (step.action() instanceof ReplaceInstanceLink replace) {
                throw new LinkFailedException(replace.removal().name(), replace.failed());
            }
        }
        if (!after.nothingToDo()) {
            throw new IllegalStateException("the link's objects are not all as planned after the run: "
                    + after.changes().stream().map(PlannedStep::title).toList() + " still to do; run again");
        }
        return new Result(before, applied, after);
    }

    /**
     * An operation Azure accepted for a run that then stopped goes on in Azure: sending its request again could start
     * a second one (a second link, a delete racing a create). Wait for it to end first; one that ended Failed is
     * settled as such and the plan, made afterwards from what is there, does the step again.
     */
    public static void awaitPendingOperations(LinkSession session, LinkRun run, Progress progress) throws Exception {
        for (PendingOperation pending : run.pendingOperations()) {
            progress.resuming(pending);
            try {
                session.arm().awaitOperation(pending.operation());
                run.operationSettled(pending, "Succeeded");
            } catch (ArmOperationFailedException e) {
                run.operationSettled(pending, "Failed: " + e.getMessage());
            }
        }
    }

    /** Runs the plan's changes in order; a failure stops the run there (a rerun plans from what is there). */
    static List<PlannedStep> applyChanges(LinkSession session, LinkPlan plan, LinkRun run,
                                                  Progress progress) throws Exception {
        List<PlannedStep> applied = new ArrayList<>();
        for (PlannedStep step : plan.changes()) {
            progress.applying(step);
            run.stepStarted(step.id(), step.change().name(), step.action().shown());
            try {
                step.action().apply(session, operation -> {
                    run.operationAccepted(step.id(), operation);
                    progress.accepted(step, operation);
                });
            } catch (Exception e) {
                run.stepFailed(step.id(), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                throw e;
            }
            run.stepFinished(step.id());
            applied.add(step);
            progress.applied(step);
        }
        return applied;
    }

    /** Observes both sides and plans the link's removal. Changes nothing. */
    public static LinkPlan planRemoval(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                       boolean certificates) throws Exception {
        return planRemoval(session, desire, LinkRemovalPlanner.Scope.delete(certificates));
    }

    /** Observes both sides and plans a removal of {@code scope}. Changes nothing. */
    public static LinkPlan planRemoval(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                       LinkRemovalPlanner.Scope scope) throws Exception {
        SqlServerObservation sql = SqlServerObserver.observe(session.sql());
        InstanceObservation mi = InstanceObserver.observe(session.instance(), session.arm());
        return LinkRemovalPlanner.plan(desire.apply(sql), sql, mi, scope);
    }

    /**
     * Removes what {@code confirmed} (a plan from {@link #planRemoval} the user was shown) lists, in order, then checks
     * nothing of it is left. The removal is planned again first: when it is not what was confirmed, nothing is removed.
     *
     * @throws LinkBlockedException when a removal is refused (the instance is primary); nothing ran
     */
    public static Result remove(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                boolean certificates, LinkPlan confirmed, LinkRun run, Progress progress)
            throws Exception {
        return remove(session, desire, LinkRemovalPlanner.Scope.delete(certificates), confirmed, run, progress);
    }

    /** {@link #remove(LinkSession, Function, boolean, LinkPlan, LinkRun, Progress)} of {@code scope}. */
    public static Result remove(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                LinkRemovalPlanner.Scope scope, LinkPlan confirmed, LinkRun run, Progress progress)
            throws Exception {
        awaitPendingOperations(session, run, progress);
        LinkPlan before = planRemoval(session, desire, scope);
        if (!before.blocked().isEmpty()) {
            throw new LinkBlockedException(before);
        }
        if (!sameChanges(before, confirmed)) {
            // Removal is confirmed by a person: never remove what they were not shown.
            throw new PlanChangedException("the link changed since the removal was shown (now: "
                    + before.changes().stream().map(PlannedStep::title).toList() + "); nothing was removed. Run delete "
                    + "again to see what it would remove now.");
        }
        List<PlannedStep> applied = applyChanges(session, before, run, progress);
        LinkPlan after = planRemoval(session, desire, scope);
        if (!after.nothingToDo()) {
            throw new IllegalStateException("some of the link is still there after the removal: "
                    + after.changes().stream().map(PlannedStep::title).toList() + "; run delete again");
        }
        return new Result(before, applied, after);
    }

    /** Whether two plans make the same changes with the same statements. */
    private static boolean sameChanges(LinkPlan a, LinkPlan b) {
        return a.changes().stream().map(LinkEngine::change).toList()
                .equals(b.changes().stream().map(LinkEngine::change).toList());
    }

    private static List<String> change(PlannedStep step) {
        return List.of(step.id(), step.change().name(), step.action().shown());
    }

    /** What {@code milink link list} shows: the links found on both sides, and how they relate to a spec. */
    public record Listing(LinkInventory inventory, LinkAdoption.Result adoption) {
    }

    /**
     * Lists the links on both sides (one T-SQL round trip, one ARM list) and compares them with the spec; when the
     * spec covers some of them, observes both sides as {@link #plan} does to show what plan would do with the spec
     * (or with the lines that adopt them). Changes nothing.
     */
    public static Listing list(LinkSession session, io.milink.core.spec.LinkSpec spec) throws Exception {
        LinkInventory inventory = LinkInventory.read(session.sql(), session.arm());
        LinkAdoption.Result result = LinkAdoption.assess(spec, inventory);
        if (result.adopted() != null && !result.adoptableDatabases().isEmpty()) {
            result = LinkAdoption.verify(result, SqlServerObserver.observe(session.sql()),
                    InstanceObserver.observe(session.instance(), session.arm()));
        }
        return new Listing(inventory, result);
    }

    /**
     * Waits until every database of the links has finished seeding (ARM's replicaState is no longer CreatingLink or
     * Seeding, nor missing), reporting each poll; gives up after {@code timeout} and says how far it got.
     *
     * @throws LinkFailedException when a link's creation or seeding failed: creating it again replaces it
     */
    public static void awaitSeeding(LinkSession session, List<String> links, Duration pollInterval, Duration timeout,
                                    Progress progress) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean seeding = false;
            // SQL Server's side of the same seeding, for bytes and throughput: one query per poll. It only feeds the
            // progress bar: a refusal (no VIEW SERVER STATE) or a dropped connection must not end the wait.
            Map<String, SeedingTransfer> transfers;
            try {
                transfers = SeedingTransfer.read(session.sql());
            } catch (java.sql.SQLException e) {
                transfers = Map.of();
            }
            for (String name : links) {
                DistributedAvailabilityGroup link = session.arm().links().get(name).orElseThrow(
                        () -> new IllegalStateException("link " + name + " is gone from the instance"));
                // No database reported yet is not finished either.
                seeding |= link.databases().isEmpty();
                for (DistributedAvailabilityGroup.LinkDatabase db : link.databases()) {
                    progress.seeding(name, db, db.databaseName() == null ? null
                            : transfers.get(SeedingTransfer.key(db.databaseName())));
                    if (LinkPlanner.creationFailed(db)) {
                        throw new LinkFailedException(name, db);
                    }
                    String state = db.replicaState() == null ? "" : db.replicaState();
                    if (state.contains("Error")) {
                        throw new IllegalStateException("link " + name + ": seeding of " + db.databaseName()
                                + " failed (" + state + "): " + db.mostRecentLinkError());
                    }
                    seeding |= stillSeeding(db);
                }
            }
            if (!seeding) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("seeding has not finished after " + timeout + "; it goes on in Azure."
                        + " Watch it with milink link status --watch, or run create again to wait.");
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /**
     * Whether a database of a link is still being seeded. ARM reports no replicaState before the instance has one to
     * report (the contract marks it read-only, not required): that is not finished either, so it counts as seeding.
     */
    static boolean stillSeeding(DistributedAvailabilityGroup.LinkDatabase db) {
        String state = db.replicaState() == null ? "" : db.replicaState().trim();
        return state.isEmpty() || state.equals("CreatingLink") || state.equals("Seeding");
    }
}
