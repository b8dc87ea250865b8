package io.milink.api.service;

import io.milink.journal.OperationJournal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges finished operations (with their events and reports) older than the configured number of days: once at
 * start, then every {@link #PERIOD_MILLIS} on the journal's worker pool, never on an event loop. The audit log is
 * kept: it is the record of who did what, and small (docs/operations.md, Retention).
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final long PERIOD_MILLIS = 60 * 60 * 1000L;

    private final OperationJournal operations;
    private final int days;
    private final Clock clock;

    Retention(OperationJournal operations, int days, Clock clock) {
        this.operations = operations;
        this.days = days;
        this.clock = clock;
    }

    /** Purges now, on the calling (blocking) thread; returns how many operations went. */
    int purge() {
        if (days == 0) {
            return 0;
        }
        int purged = operations.purgeFinishedBefore(clock.instant().minus(days, ChronoUnit.DAYS));
        if (purged > 0) {
            LOG.atInfo().addKeyValue("purged", purged).addKeyValue("retentionDays", days)
                    .log("purged {} finished operation(s) older than {} days", purged, days);
        }
        return purged;
    }

    /** Purges every {@link #PERIOD_MILLIS} on {@code journalWorker}; nothing to schedule when kept forever. */
    void schedule(Vertx vertx, WorkerExecutor journalWorker) {
        if (days == 0) {
            return;
        }
        vertx.setPeriodic(PERIOD_MILLIS, PERIOD_MILLIS, timer -> journalWorker.executeBlocking(this::purge, false)
                .onFailure(e -> LOG.error("retention purge failed; retrying in an hour", e)));
    }
}
