package io.milink.api.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands the per-request access lines (logger {@code io.milink.api.service.access}) to a thread of its own, which
 * encodes and writes them through the appenders attached here; every other event is passed to those appenders at
 * once, on the thread that logged it, as if this appender were not there.
 *
 * <p>Why: {@code milink serve} answers HTTP on one event loop, and writing the access line there took 13 % of that
 * loop's time under load (logback's JsonEncoder, its garbage, a write to stderr per line; bench/README.md,
 * ServiceLoadBench); here it takes 5 % (building and queueing the event). The encoding costs the same CPU on the
 * writer thread: this helps where the service has a core to spare for it. The line itself does not change: the same appender and encoder write it, and the event's thread name, message and key-value pairs are
 * fixed on the logging thread before it is queued ({@link ILoggingEvent#prepareForDeferredProcessing}), so
 * {@code threadName} still names the event loop. Access lines may come out a little after the warnings and errors
 * logged around them; each line carries its timestamp.
 *
 * <p>When the queue is full (stderr does not keep up, or the machine is saturated), access lines are <em>dropped</em>
 * rather than blocking the event loop: one slow log reader must not stall every caller of the service. Nothing else
 * is ever dropped, and the loss is not silent: once the queue has room again, a WARN line (logger
 * {@code io.milink.api.logging}) says how many access lines were lost.
 *
 * <p>No line is lost at exit: the JVM kills the writer thread (a daemon) once the shutdown hooks have run, so a hook
 * registered at the first access line turns this appender synchronous (access lines logged from then on, by requests
 * still finishing while the service stops, are written on the logging thread, after the queue) and waits until the
 * writer has emptied the queue, at most {@link #setMaxFlushMillis maxFlushMillis}. A {@link #stop} (logback
 * reconfiguring or its context stopping) empties the queue the same way.
 */
public final class AccessLinesOffTheEventLoop extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    /** The logger of {@code io.milink.api.service.http.AccessLog}. */
    static final String ACCESS_LOGGER = "io.milink.api.service.access";

    /** Between batches while lines keep coming: at 20,000 requests a second, about 20 lines a batch. */
    private static final long BATCH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** About a second of pauses without a line, then the writer blocks until the next one. */
    private static final int IDLE_PAUSES_BEFORE_BLOCKING = 1000;

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final AtomicLong dropped = new AtomicLong();
    /** Queued and not yet written; read by the exit hook and {@link #stop} to wait for the queue to empty. */
    private final AtomicLong pending = new AtomicLong();
    private int queueSize = 8192;
    private int maxFlushMillis = 2000;
    private BlockingQueue<ILoggingEvent> queue;
    /** Started at the first access line, so CLI commands, which log none, start no thread. */
    private volatile Thread writer;
    /** Set at JVM exit and by {@link #stop}: access lines are then written on the logging thread. */
    private volatile boolean synchronous;

    /** At most this many access lines wait to be written (default 8192: about a quarter second at 30,000 req/s). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the exit and {@link #stop} wait for queued lines to be written (default 2000 ms). */
    public void setMaxFlushMillis(int maxFlushMillis) {
        this.maxFlushMillis = maxFlushMillis;
    }

    @Override
    public void start() {
        if (queueSize < 1) {
            addError("queueSize must be at least 1");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        synchronous = false;
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!ACCESS_LOGGER.equals(event.getLoggerName())) {
            appenders.appendLoopOnAppenders(event);
            return;
        }
        // Counted before the flag is read; the exit hook sets the flag before it reads the count (both volatile), so
        // either this line sees the flag or the hook waits for this line.
        pending.incrementAndGet();
        if (synchronous) {
            pending.decrementAndGet();
            awaitWritten();
            appenders.appendLoopOnAppenders(event);
            return;
        }
        event.prepareForDeferredProcessing(); // the thread name, now, on the event loop
        if (writer == null && !startWriter()) {
            pending.decrementAndGet(); // the JVM is exiting already: nothing may be left in a queue
            appenders.appendLoopOnAppenders(event);
            return;
        }
        if (!queue.offer(event)) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    /** @return false when the JVM is already exiting: the line is then written at once */
    private synchronized boolean startWriter() {
        if (writer != null) {
            return true;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::writeSynchronouslyFromNowOn,
                    "milink-access-log-exit"));
        } catch (IllegalStateException exiting) {
            synchronous = true;
            return false;
        }
        Thread thread = new Thread(this::writeQueued, "milink-access-log");
        thread.setDaemon(true); // never keeps a stopped service's JVM alive; the exit hook empties the queue instead
        thread.start();
        writer = thread;
        return true;
    }

    /**
     * Writes what is queued, in batches. While lines keep coming, the writer never waits on the queue: it sleeps
     * {@link #BATCH_PAUSE_NANOS} between batches, so the event loop's offer wakes no thread (a wake-up per line, a
     * futex call and two context switches, cost the event loop more than the encoding it moved away). Only after a
     * second without lines does it block until the next one.
     */
    private void writeQueued() {
        BlockingQueue<ILoggingEvent> from = queue;
        List<ILoggingEvent> batch = new ArrayList<>();
        int idle = 0;
        while (true) {
            if (from.drainTo(batch) == 0) {
                try {
                    if (++idle < IDLE_PAUSES_BEFORE_BLOCKING) {
                        TimeUnit.NANOSECONDS.sleep(BATCH_PAUSE_NANOS);
                        continue;
                    }
                    batch.add(from.take());
                } catch (InterruptedException e) {
                    return; // stop(): it has waited for the queue already
                }
            }
            idle = 0;
            for (ILoggingEvent event : batch) {
                try {
                    appenders.appendLoopOnAppenders(event);
                } finally {
                    pending.decrementAndGet();
                }
            }
            batch.clear();
            if (dropped.get() > 0 && from.remainingCapacity() > queueSize / 2) {
                reportDrops();
            }
        }
    }

    /** Says how many access lines were dropped since the last time it said so; nothing when none were. */
    private void reportDrops() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            // Through this appender's own context (the service's logback configuration), as any other line.
            ((LoggerContext) getContext()).getLogger("io.milink.api.logging").warn("{} access line(s) dropped: "
                    + "standard error did not keep up with the requests ({} lines were waiting)", lost, queueSize);
        }
    }

    private void writeSynchronouslyFromNowOn() {
        synchronous = true;
        awaitWritten();
    }

    /** Waits, at most maxFlushMillis, until every queued line is written, so synchronous lines come after them. */
    private void awaitWritten() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxFlushMillis);
        while (pending.get() > 0 && writer != null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        synchronous = true;
        awaitWritten();
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
            writer = null;
            try {
                // It may be saying how many lines it dropped: let it finish, so the count is said once.
                thread.join(maxFlushMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Drops the writer did not get to report (the queue emptied just as the stop came): said now, in line.
        reportDrops();
        super.stop();
    }

    /** Access lines dropped since the last WARN about them (tests). */
    long droppedNotReported() {
        return dropped.get();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
