package io.milink.linkmanager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * Makes a link what its spec asks, reconcile-style: observe both sides, plan, apply each change in order, observe
 * again. Every action is idempotent and the plan is made from what is really there, so a run that stopped half-way
 * is finished by running again. Nothing runs while any object is blocked.
 */
public final class LinkEngine {

    /** What a waiting user sees. */
    public interface Progress {
        void applying(PlannedStep step);

        void applied(PlannedStep step);

        void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database);

        Progress SILENT = new Progress() {
            @Override
            public void applying(PlannedStep step) {
            }

            @Override
            public void applied(PlannedStep step) {
            }

            @Override
            public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database) {
            }
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
     * Applies the plan's changes in order, then observes again and checks that nothing is left to do.
     *
     * @throws LinkBlockedException when an object cannot be made; nothing ran
     */
    public static Result create(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                Progress progress) throws Exception {
        LinkPlan before = plan(session, desire);
        if (!before.blocked().isEmpty()) {
            throw new LinkBlockedException(before);
        }
        List<PlannedStep> applied = applyChanges(session, before, progress);
        LinkPlan after = plan(session, desire);
        if (!after.nothingToDo()) {
            throw new IllegalStateException("the link's objects are not all as planned after the run: "
                    + after.changes().stream().map(PlannedStep::title).toList() + " still to do; run again");
        }
        return new Result(before, applied, after);
    }

    /** Runs the plan's changes in order; a failure stops the run there (a rerun plans from what is there). */
    private static List<PlannedStep> applyChanges(LinkSession session, LinkPlan plan, Progress progress)
            throws Exception {
        List<PlannedStep> applied = new ArrayList<>();
        for (PlannedStep step : plan.changes()) {
            progress.applying(step);
            step.action().apply(session);
            applied.add(step);
            progress.applied(step);
        }
        return applied;
    }

    /** Observes both sides and plans the link's removal. Changes nothing. */
    public static LinkPlan planRemoval(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                       boolean certificates) throws Exception {
        SqlServerObservation sql = SqlServerObserver.observe(session.sql());
        InstanceObservation mi = InstanceObserver.observe(session.instance(), session.arm());
        return LinkRemovalPlanner.plan(desire.apply(sql), sql, mi, certificates);
    }

    /**
     * Removes what {@code plan} (from {@link #planRemoval}) lists, in order, then checks nothing of it is left.
     *
     * @throws LinkBlockedException when a removal is refused (the instance is primary); nothing ran
     */
    public static Result remove(LinkSession session, Function<SqlServerObservation, DesiredLink> desire,
                                boolean certificates, Progress progress) throws Exception {
        LinkPlan before = planRemoval(session, desire, certificates);
        if (!before.blocked().isEmpty()) {
            throw new LinkBlockedException(before);
        }
        List<PlannedStep> applied = applyChanges(session, before, progress);
        LinkPlan after = planRemoval(session, desire, certificates);
        if (!after.nothingToDo()) {
            throw new IllegalStateException("some of the link is still there after the removal: "
                    + after.changes().stream().map(PlannedStep::title).toList() + "; run delete again");
        }
        return new Result(before, applied, after);
    }

    /**
     * Waits until every database of the links has finished seeding (ARM's replicaState is no longer CreatingLink or
     * Seeding, nor missing), reporting each poll; gives up after {@code timeout} and says how far it got.
     */
    public static void awaitSeeding(LinkSession session, List<String> links, Duration pollInterval, Duration timeout,
                                    Progress progress) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            boolean seeding = false;
            for (String name : links) {
                DistributedAvailabilityGroup link = session.arm().links().get(name).orElseThrow(
                        () -> new IllegalStateException("link " + name + " is gone from the instance"));
                // No database reported yet is not finished either.
                seeding |= link.databases().isEmpty();
                for (DistributedAvailabilityGroup.LinkDatabase db : link.databases()) {
                    progress.seeding(name, db);
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
                        + " Watch it with milink link status, or run create again to wait.");
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
