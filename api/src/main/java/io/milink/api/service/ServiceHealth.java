package io.milink.api.service;

import io.milink.journal.Journal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /health/live} and {@code /health/ready} on vertx-health-check. Live: the process answers (an event loop ran
 * this). Ready: the journal answers a query and the service is not shutting down, so a load balancer stops sending
 * work before the server stops accepting it.
 */
final class ServiceHealth {

    /** A journal that has not answered within this is as good as down for a load balancer. */
    private static final long JOURNAL_CHECK_TIMEOUT_MILLIS = 2_000;

    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final HealthCheckHandler live;
    private final HealthCheckHandler ready;

    private final AtomicBoolean probed = new AtomicBoolean();

    /**
     * @param healthWorker a small pool of its own: on the shared journal pool, busy event streams and requests could
     *                     queue the probe past its timeout and make a healthy service look down
     */
    ServiceHealth(Vertx vertx, Journal journal, WorkerExecutor healthWorker) {
        live = HealthCheckHandler.create(vertx).register("eventLoop", promise -> promise.complete(Status.OK()));
        ready = HealthCheckHandler.create(vertx)
                .register("journal", JOURNAL_CHECK_TIMEOUT_MILLIS, promise -> healthWorker
                        .executeBlocking(journal::isHealthy, false)
                        .otherwise(false)
                        .onSuccess(up -> promise.complete(up ? Status.OK() : Status.KO())))
                .register("accepting", promise -> promise.complete(shuttingDown.get() ? Status.KO() : Status.OK()));
    }

    HealthCheckHandler live() {
        return live;
    }

    io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> ready() {
        return ctx -> {
            probed.set(true);
            ready.handle(ctx);
        };
    }

    /** True once something (a load balancer, an orchestrator) has asked whether the service is ready. */
    boolean readinessProbed() {
        return probed.get();
    }

    /** From now on, ready answers 503. */
    void shuttingDown() {
        shuttingDown.set(true);
    }
}
