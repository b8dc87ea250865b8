package io.milink.api.service;

import io.milink.api.cli.ScenarioArgument;
import io.milink.api.cli.TwinRehearsal;
import io.milink.api.cli.UserError;
import io.milink.api.service.journal.OperationJournal;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.vertx.core.WorkerExecutor;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs accepted preflight operations on their own worker pool, journaling each step. The pool is small and the
 * number of unfinished jobs bounded, so a burst of requests gets a 503 instead of an ever-growing queue.
 */
public final class PreflightJobs {

    private static final System.Logger LOG = System.getLogger(PreflightJobs.class.getName());

    private final OperationJournal operations;
    private final WorkerExecutor preflightWorker;
    private final int maxUnfinished;
    private final AtomicInteger unfinished = new AtomicInteger();
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
        unfinished.decrementAndGet();
    }

    /** Runs a reserved job for an operation already journaled as Queued. */
    public void submit(String operationId, ScenarioArgument scenario, List<String> databases) {
        preflightWorker.executeBlocking(() -> {
            run(operationId, scenario, databases);
            return null;
        }, false).onComplete(done -> {
            unfinished.decrementAndGet();
            if (done.failed()) {
                // An Error escaped run() (or the journal failed): still end the operation rather than leave it
                // Running until the next restart. On a worker, since the journal blocks.
                LOG.log(Level.ERROR, "preflight operation " + operationId + " failed unexpectedly", done.cause());
                preflightWorker.executeBlocking(() -> operations.fail(operationId, "unexpected error ("
                        + done.cause().getClass().getSimpleName() + "); the service log has the details"), false);
            }
        });
    }

    private void run(String operationId, ScenarioArgument scenario, List<String> databases) {
        if (!operations.start(operationId)) {
            return; // Canceled while queued.
        }
        try {
            operations.addEvent(operationId, "collecting facts from twin '" + scenario.displayName() + "'");
            Preflight preflight = Preflight.standard();
            Facts facts = TwinRehearsal.collect(preflight, scenario, databases);
            Report report = preflight.evaluate(facts);
            operations.addEvent(operationId, "checks evaluated: " + (report.ready() ? "READY" : "NOT READY"));
            if (operations.succeedWithReport(operationId, report, ReportJson.write(report))) {
                succeeded.accept(report);
            }
        } catch (UserError e) {
            operations.fail(operationId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "preflight operation " + operationId + " failed unexpectedly", e);
            operations.fail(operationId, "unexpected error (" + e.getClass().getSimpleName() + "); the service log "
                    + "has the details");
        }
    }
}
