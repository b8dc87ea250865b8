package io.milink.api.service;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.milink.journal.Journal;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Which replica reads which link: each registered link's monitor is a db-scheduler task in the journal's database
 * ({@code monitor_tasks}, V8), its instance the link's name and its data what the monitor remembers between reads.
 * Whichever replica picks a due read makes it and schedules the next one an interval later; so each link is read once
 * per interval by exactly one replica, and the replicas share the links between them as their threads free up. When a
 * replica dies, the reads it had not started yet are due as ever and the others pick them; the ones it was making are
 * revived after the missed heartbeats. A scheduler of its own (own table, own threads), so link reads never wait behind
 * link operations, which hold their threads while they seed for hours. A recurring sweep, one replica at a time, gives
 * a read to every registered link that has none (it was registered by a replica that died before it scheduled one,
 * or before this version).
 */
final class LinkMonitorTasks {

    private static final System.Logger LOG = System.getLogger(LinkMonitorTasks.class.getName());

    static final String TABLE = "monitor_tasks";
    static final String TASK = "link-monitor";
    static final String SWEEP = "link-monitor-sweep";
    /**
     * How often one replica checks that every registered link has its read and that nothing else is shown: six
     * intervals, between 1 s and 1 min.
     */
    static Duration sweepEvery(Duration interval) {
        Duration six = interval.multipliedBy(6);
        return six.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : six.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : six;
    }

    /** What a read came to. */
    sealed interface Outcome {
    }

    /**
     * The link was read (or could not be, which is a reading too): read it again an interval later.
     *
     * @param memory what the next read needs from this one
     */
    record Next(String memory) implements Outcome {
    }

    /** The link is no longer registered: its reads end. */
    record Gone() implements Outcome {
    }

    /** This replica is stopping: the read is due again at once, for another replica. */
    record HandedBack(String memory) implements Outcome {
    }

    /** Reads one link; blocking, on a scheduler thread. Returns what came of it, never throws for a link's trouble. */
    @FunctionalInterface
    interface Reader {
        Outcome read(String link, String memory);
    }

    /** The sweep's two halves: the links to read (the registered ones), and forgetting every other. */
    interface Sweep {
        Collection<String> registered();

        /**
         * Marks removed the links read before that are not in {@code registered} (their reads have ended), and
         * resolves the alerts still open for links not registered.
         */
        void forgetAllBut(Collection<String> registered);
    }

    private final Scheduler scheduler;
    private final Journal journal;
    private final CustomTask<String> task;
    private final Duration interval;

    LinkMonitorTasks(Journal journal, String replica, ReplicaSettings settings, Reader reader, Sweep sweep) {
        this.interval = settings.monitorInterval();
        this.journal = journal;
        this.task = Tasks.custom(TASK, String.class)
                // A replica that stopped heartbeating mid-read: the read is due again now, for whichever picks it.
                .onDeadExecutionRevive()
                // A read that threw (the journal refused a write): tried again an interval later, never dropped.
                .onFailure((complete, operations) -> operations.reschedule(complete, Instant.now().plus(interval)))
                .execute((instance, context) -> {
                    Outcome outcome = reader.read(instance.getId(), instance.getData());
                    if (outcome instanceof Next next) {
                        Instant planned = context.getExecution().getExecutionTime();
                        return (complete, operations) -> operations.reschedule(complete, nextRead(planned,
                                Instant.now(), interval), next.memory());
                    }
                    if (outcome instanceof HandedBack back) {
                        return (complete, operations) -> operations.reschedule(complete, Instant.now(),
                                back.memory());
                    }
                    return new CompletionHandler.OnCompleteRemove<>();
                });
        RecurringTask<Void> sweeping = Tasks.recurring(SWEEP, FixedDelay.of(sweepEvery(interval)))
                .execute((instance, context) -> sweep(sweep));
        var builder = Scheduler.create(journal.dataSource(), List.of(task))
                .tableName(TABLE)
                .startTasks(sweeping)
                .schedulerName(new SchedulerName.Fixed(replica))
                .threads(settings.monitorThreads())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .pollingInterval(settings.monitorPolling())
                // What a monitor remembers is JSON text: stored as UTF-8, never through Java serialization, so
                // whoever can write the journal's database cannot make a replica deserialize objects.
                .serializer(Utf8Text.SERIALIZER)
                .alwaysPersistTimestampInUTC()
                .shutdownMaxWait(Duration.ofSeconds(1));
        JournalSchedulers.pollingFor(builder, journal);
        this.scheduler = builder.build();
    }

    /**
     * When a link is read next: an interval after its planned read, so late reads do not drift the schedule; but never
     * sooner than half an interval after this one ended, so a replica catching up does not read a link twice in a row.
     */
    static Instant nextRead(Instant planned, Instant now, Duration interval) {
        Instant onSchedule = planned.plus(interval);
        Instant earliest = now.plus(interval.dividedBy(2));
        return onSchedule.isBefore(earliest) ? earliest : onSchedule;
    }

    /** The link is read from now on, by whichever replica picks it first (now). Blocking (the journal). */
    void watch(String link) {
        scheduler.scheduleIfNotExists(task.instance(link, "{}"), Instant.now());
    }

    /** Makes sure each of {@code links} has its read. Blocking (the journal). */
    void watchAll(Collection<String> links) {
        for (String link : links) {
            try {
                watch(link);
            } catch (RuntimeException e) {
                // Another replica scheduled it between the look and the write; or the journal did not answer, and
                // the next sweep tries again.
                LOG.log(Level.DEBUG, "the read of link " + link + " was not scheduled now: " + e);
            }
        }
    }

    private void sweep(Sweep sweep) {
        Collection<String> registered = sweep.registered();
        watchAll(registered);
        sweep.forgetAllBut(registered);
    }

    /**
     * Starts picking due reads. On H2, whose file one process holds at a time, a read still marked picked was picked
     * by a process that has ended: it is due again at once rather than after the missed heartbeats.
     */
    void start() {
        JournalSchedulers.handBackTasksOfEndedProcess(journal, TABLE);
        scheduler.start();
    }

    /** Stops picking reads and waits up to {@code grace} for the ones being made (each takes well under a second). */
    void stop(Duration grace) {
        scheduler.pause();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!scheduler.getCurrentlyExecuting().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.stop();
    }

    /** Task data as UTF-8 text; only text is ever stored. */
    static final class Utf8Text implements Serializer {
        static final Utf8Text SERIALIZER = new Utf8Text();

        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> clazz, byte[] serializedData) {
            if (clazz != String.class) {
                throw new IllegalArgumentException("a link monitor's data is text, not " + clazz.getName());
            }
            return clazz.cast(serializedData == null ? null : new String(serializedData, StandardCharsets.UTF_8));
        }
    }
}
