package io.milink.api.service;

import io.milink.api.rehearsal.RehearsalFailed;
import io.milink.journal.OperationJournal;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.Scope;
import io.vertx.core.WorkerExecutor;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs accepted preflight operations on their own worker pool, journaling each step. The pool is small and the
 * number of unfinished jobs bounded, so a burst of requests gets a 503 instead of an ever-growing queue.
 */
public final class PreflightJobs {

    private static final System.Logger LOG = System.getLogger(PreflightJobs.class.getName());

    /**
     * What to check, said in the operation's first event, how to collect its facts (blocking), and the scope the
     * report's verdict is given in.
     */
    public record Job(String description, FactsCollector collector, Scope scope) {
        /** A check of the whole link. */
        public Job(String description, FactsCollector collector) {
            this(description, collector, Scope.LINK);
        }
    }

    @FunctionalInterface
    public interface FactsCollector {
        Facts collect(Preflight preflight);
    }

    private final OperationJournal operations;
    private final WorkerExecutor preflightWorker;
    private final int maxUnfinished;
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Set when the service stops: a job failing from then on most likely failed because the process is stopping. */
    private volatile boolean stopping;
    private final Consumer<Report> succeeded;

    public PreflightJobs(OperationJournal operations, WorkerExecutor preflightWorker, int maxUnfinished) {
        this(operations, preflightWorker, maxUnfinished, report -> { });
    }

    /** @param succeeded told of each report stored by a succeeded preflight (the metrics count its checks) */
    public PreflightJobs(OperationJournal operations, WorkerExecutor preflightWorker, int maxUnfinished,
                         Consumer<Report> succeeded) {
        this.operations = operations;
        this.preflightWorker = preflightWorker;
        this.maxUnfinished = maxUnfinished;
        this.succeeded = succeeded;
    }

    /** Reserves a place for one more job; false when saturated (the caller answers 503 with Retry-After). */
    public boolean tryReserve() {
        if (unfinished.incrementAndGet() > maxUnfinished) {
            unfinished.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a reservation that did not become a job (the request was refused after all). */
    public void release() {
        finished();
    }

    /** Runs a reserved job for an operation already journaled as Queued. */
    public void submit(String operationId, Job job) {
        preflightWorker.executeBlocking(() -> {
            run(operationId, job);
            return null;
        }, false).onComplete(done -> {
            finished();
            if (done.failed()) {
                // An Error escaped run() (or the journal failed): still end the operation rather than leave it
                // Running until the next restart. On a worker, since the journal blocks.
                LOG.log(Level.ERROR, "preflight operation " + operationId + " failed unexpectedly", done.cause());
                preflightWorker.executeBlocking(() -> operations.fail(operationId, "unexpected error ("
                        + done.cause().getClass().getSimpleName() + "); the service log has the details"), false);
            }
        });
    }

    /** One place fewer taken; wakes {@link #awaitIdle}. */
    private void finished() {
        synchronized (unfinished) {
            unfinished.decrementAndGet();
            unfinished.notifyAll();
        }
    }

    /**
     * Waits until no job is unfinished or {@code grace} has passed; true when all finished. From now on a job that
     * fails unexpectedly is journaled as interrupted by the stop (a JVM that is shutting down refuses new threads and
     * shutdown hooks, which a twin rehearsal needs), not as a bug.
     */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (unfinished) {
            while (unfinished.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                unfinished.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void run(String operationId, Job job) {
        if (!operations.start(operationId)) {
            return; // Canceled while queued.
        }
        try {
            operations.addEvent(operationId, "collecting facts from " + job.description());
            Preflight preflight = Preflight.standard();
            Facts facts = job.collector().collect(preflight);
            Report report = preflight.evaluate(facts, job.scope());
            operations.addEvent(operationId, "checks evaluated: " + report.verdict().label());
            if (operations.succeedWithReport(operationId, report, ReportJson.write(report))) {
                succeeded.accept(report);
            }
        } catch (RehearsalFailed | JobFailed e) {
            operations.fail(operationId, e.getMessage());
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.log(Level.WARNING, "preflight operation " + operationId + " ended by the stop: " + e);
                operations.fail(operationId, OperationJournal.INTERRUPTED_REASON);
                return;
            }
            LOG.log(Level.ERROR, "preflight operation " + operationId + " failed unexpectedly", e);
            operations.fail(operationId, "unexpected error (" + e.getClass().getSimpleName() + "); the service log "
                    + "has the details");
        }
    }
}
