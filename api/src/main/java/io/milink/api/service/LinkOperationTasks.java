package io.milink.api.service;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.milink.journal.Journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which replica runs which link operation: each is a db-scheduler one-time task in the journal's database
 * ({@code scheduled_tasks}), its instance and data the operation's id. Whichever replica picks it runs it (or resumes
 * it from the link engine's journal) and renews the task's heartbeat while it runs; when a replica stops renewing it
 * (killed, its machine gone, cut off from the database), another replica's scheduler revives the task after
 * {@link Timings#takeoverAfter()} and runs it, and the operation goes on from its journaled steps. A replica that stops
 * gracefully hands its tasks back at once. A recurring sweep, run by one replica at a time, gives a task to any
 * unfinished link operation that has none (its replica died between journaling it and scheduling it) and fails the
 * preflights of replicas that are gone.
 */
final class LinkOperationTasks {

    static final String TASK = "link-operation";
    static final String SWEEP = "journal-sweep";

    /**
     * How the replicas keep and take over work; every replica on one journal must use the same, since each judges
     * the others' heartbeats by its own.
     *
     * @param heartbeat        how often a replica renews the tasks it runs
     * @param missedHeartbeats after this many missed renewals (at least 4) a task is another replica's to take
     * @param polling          how often a replica looks for due tasks (a replica picks what it accepted at once)
     * @param sweep            how often one replica sweeps the journal (below)
     */
    record Timings(Duration heartbeat, int missedHeartbeats, Duration polling, Duration sweep) {

        /** A dead replica's operation is taken over within about half a minute (docs/operations.md). */
        static final Timings DEFAULTS = new Timings(Duration.ofSeconds(5), 4, Duration.ofSeconds(2),
                Duration.ofMinutes(1));

        Timings {
            if (missedHeartbeats < 4) {
                throw new IllegalArgumentException("missedHeartbeats must be at least 4 (db-scheduler's minimum)");
            }
        }

        /** When a task whose replica stopped renewing it becomes another's (checked every two heartbeats). */
        Duration takeoverAfter() {
            return heartbeat.multipliedBy(missedHeartbeats);
        }
    }

    /** What running a link operation came to. */
    enum Outcome {
        /** It ended (or had ended): its task goes. */
        ENDED,
        /** This replica is stopping and did not finish it: the task is due again at once, for another replica. */
        HANDED_BACK,
        /** Another replica took the task over (this one missed its heartbeats, paused): the task is that one's now. */
        LOST
    }

    /** Runs one link operation by id; blocking, on a scheduler thread. */
    @FunctionalInterface
    interface Runner {
        Outcome run(String operationId);
    }

    /** The journal's periodic upkeep, run by one replica at a time. */
    @FunctionalInterface
    interface Sweep {
        void run(Predicate<String> replicaGone);
    }

    private final Scheduler scheduler;
    private final CustomTask<String> task;
    private final Journal journal;
    private final String replica;

    /**
     * @param replica this replica's name: what it writes in {@code picked_by} and its journal sessions show
     * @param threads link operations this replica runs at once
     */
    LinkOperationTasks(Journal journal, String replica, int threads, Timings timings, Runner runner, Sweep sweep) {
        this.journal = journal;
        this.replica = replica;
        this.task = Tasks.custom(TASK, String.class)
                // A replica that stopped heartbeating: the task is due again now, for whichever replica picks it.
                .onDeadExecutionRevive()
                .execute((instance, context) -> switch (runner.run(instance.getData())) {
                    case ENDED -> new CompletionHandler.OnCompleteRemove<>();
                    case HANDED_BACK -> (complete, operations) -> operations.reschedule(complete, Instant.now());
                    case LOST -> (complete, operations) -> { };
                });
        RecurringTask<Void> sweeping = Tasks.recurring(SWEEP, FixedDelay.of(timings.sweep()))
                .execute((instance, context) -> sweep.run(this::gone));
        var builder = Scheduler.create(journal.dataSource(), List.of(task))
                .startTasks(sweeping)
                .schedulerName(new SchedulerName.Fixed(replica))
                .threads(threads)
                .heartbeatInterval(timings.heartbeat())
                .missedHeartbeatsLimit(timings.missedHeartbeats())
                .pollingInterval(timings.polling())
                // A replica that accepted an operation picks it at once instead of at its next poll.
                .enableImmediateExecution()
                .alwaysPersistTimestampInUTC()
                // The service stops it (LinkJobs.stop), after asking the operations to end.
                .shutdownMaxWait(Duration.ofSeconds(1));
        JournalSchedulers.pollingFor(builder, journal);
        this.scheduler = builder.build();
    }

    /**
     * Before {@link #start}: makes sure each of {@code unfinished} (link operation ids) has a task. On H2, whose file
     * one process holds at a time, a task still marked picked was picked by a process that has ended, so it is due
     * again at once rather than after the missed heartbeats.
     *
     * @return how many of them no replica is running now (they are picked up next)
     */
    int prepare(List<String> unfinished) {
        JournalSchedulers.handBackTasksOfEndedProcess(journal, "scheduled_tasks");
        int waiting = 0;
        for (String id : unfinished) {
            var existing = scheduler.getScheduledExecution(task.instanceId(id));
            if (existing.isEmpty()) {
                schedule(id);
                waiting++;
            } else if (!existing.get().isPicked()) {
                waiting++;
            }
        }
        return waiting;
    }

    void start() {
        scheduler.start();
    }

    /**
     * Runs the operation on whichever replica picks it; nothing when it has a task already. Blocking (the journal).
     */
    void schedule(String operationId) {
        scheduler.scheduleIfNotExists(task.instance(operationId, operationId), Instant.now());
    }

    /**
     * The replica that runs the operation's task now, when it is not this one (this one was judged dead and the task
     * taken over); null otherwise. Blocking (the journal).
     */
    String takenOverBy(String operationId) {
        return scheduler.getScheduledExecution(task.instanceId(operationId))
                .filter(execution -> execution.isPicked() && !replica.equals(execution.getPickedBy()))
                .map(execution -> execution.getPickedBy()).orElse(null);
    }

    /**
     * Stops picking tasks and waits up to {@code grace} for the ones running here, which were asked to end; a task
     * still running after that is taken over by another replica once its heartbeat is missed.
     */
    boolean stop(Duration grace) {
        // db-scheduler waits twice its shutdownMaxWait (then interrupts); the builder set one second, and the
        // operations were asked to end before this, so this mostly waits for them to hand their tasks back.
        // No new task from now on: one picked now would only be handed back.
        scheduler.pause();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!scheduler.getCurrentlyExecuting().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean ended = scheduler.getCurrentlyExecuting().isEmpty();
        scheduler.stop();
        return ended;
    }

    /** The replicas whose work is this one's to end: on H2 every other (one process holds it), else the unconnected. */
    private boolean gone(String owner) {
        if (replica.equals(owner)) {
            return false;
        }
        return journal.connectedSessionNames().map(live -> !live.contains(owner)).orElse(true);
    }

    /** For the sweep at start: the same judgement, this replica included (it has accepted nothing yet). */
    Predicate<String> goneReplicas() {
        return this::gone;
    }
}
