package io.milink.netprobe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking facade over {@link PortProbe} for the CLI and preflight: owns a small Vert.x instance (or borrows a
 * long-lived one, as the service does, so a preflight does not start a Vert.x of its own) and waits for the sweep on
 * the calling thread, which must not be an event loop (waiting there would stall the event loop a sweep may run on).
 * A plain thread or a Vert.x worker thread (the service's preflight jobs) may wait.
 */
public final class BlockingPortProbe implements AutoCloseable {

    private final Vertx vertx;
    /** Whether {@link #close} closes {@link #vertx}: only when this probe started it. */
    private final boolean ownsVertx;
    private final PortProbe probe;

    public BlockingPortProbe() {
        this(HostResolver.system());
    }

    public BlockingPortProbe(HostResolver resolver) {
        // One event loop drives thousands of non-blocking connects; two workers are enough for DNS.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        this.ownsVertx = true;
        this.probe = new PortProbe(vertx, resolver);
    }

    /** Sweeps on {@code vertx}, which the caller owns and closes ({@link #close} leaves it running). */
    public BlockingPortProbe(Vertx vertx, HostResolver resolver) {
        this.vertx = vertx;
        this.ownsVertx = false;
        this.probe = new PortProbe(vertx, resolver);
    }

    /**
     * Sweeps and waits. An interrupt cancels the sweep (ports not yet started are not probed).
     *
     * @throws IllegalStateException    when called on a Vert.x event loop
     * @throws IllegalArgumentException when the host is empty
     */
    public ProbeReport probe(String host, PortSet ports, ProbeOptions options) throws InterruptedException {
        return probe(host, ports, options, ProbeListener.NONE);
    }

    public ProbeReport probe(String host, PortSet ports, ProbeOptions options, ProbeListener listener)
            throws InterruptedException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("BlockingPortProbe waits for the sweep; call it from a plain thread or a "
                    + "worker thread, or use PortProbe on an event loop");
        }
        PortProbe.Sweep sweep = probe.start(host, ports, options, listener);
        CompletableFuture<ProbeReport> future = sweep.result().toCompletionStage().toCompletableFuture();
        try {
            return future.get(worstCase(ports, options).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            sweep.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the sweep failed unexpectedly: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            sweep.cancel();
            throw new IllegalStateException("the sweep did not finish within " + worstCase(ports, options)
                    + " (every connect is bounded by the timeout; this is a bug)", e);
        }
    }

    /** Every wave of connects is bounded by the timeout; DNS gets a minute (the resolver's own retries). */
    static Duration worstCase(PortSet ports, ProbeOptions options) {
        long waves = (ports.size() + options.concurrency() - 1) / options.concurrency();
        return options.connectTimeout().multipliedBy(waves + 1).plusSeconds(60);
    }

    @Override
    public void close() {
        if (!ownsVertx) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort: the sweep's sockets are already closed.
        }
    }
}
