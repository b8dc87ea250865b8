package io.milink.api.service;

import io.milink.journal.LinkStatuses;
import io.milink.journal.OperationJournal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges finished operations (with their events and reports) older than the configured number of days, and the last
 * statuses of links removed as long ago: once at start, then every {@link #PERIOD_MILLIS} on the journal's worker pool, never on an event loop. The audit log is
 * kept: it is the record of who did what, and small (docs/operations.md, Retention).
 */
final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final long PERIOD_MILLIS = 60 * 60 * 1000L;

    private final OperationJournal operations;
    private final LinkStatuses statuses;
    private final int days;
    private final Clock clock;

    /** @param statuses the links' last statuses; null to purge operations only */
    Retention(OperationJournal operations, LinkStatuses statuses, int days, Clock clock) {
        this.operations = operations;
        this.statuses = statuses;
        this.days = days;
        this.clock = clock;
    }

    Retention(OperationJournal operations, int days, Clock clock) {
        this(operations, null, days, clock);
    }

    /** Purges now, on the calling (blocking) thread; returns how many operations went. */
    int purge() {
        if (days == 0) {
            return 0;
        }
        java.time.Instant cutoff = clock.instant().minus(days, ChronoUnit.DAYS);
        int purged = operations.purgeFinishedBefore(cutoff);
        int forgotten = statuses == null ? 0 : statuses.purgeRemovedBefore(cutoff);
        if (forgotten > 0) {
            LOG.atInfo().addKeyValue("removedLinks", forgotten).addKeyValue("retentionDays", days)
                    .log("forgot the statuses of {} link(s) removed more than {} days ago", forgotten, days);
        }
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
