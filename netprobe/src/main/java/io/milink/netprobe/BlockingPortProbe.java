package io.milink.netprobe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking sweep for the CLI and preflight: waits for the sweep on the calling thread, which must not be an event
 * loop (waiting there would stall every other task of that loop). A plain thread or a Vert.x worker thread (the
 * service's preflight jobs) may wait.
 *
 * <p>By default the sweep runs on the calling thread itself ({@link SelectorPortProbe}), so a command that only sweeps
 * never starts Vert.x or Netty. Given a long-lived Vert.x (the service's), the sweep runs on its event loop
 * ({@link PortProbe}) and this thread only waits for the result.
 */
public final class BlockingPortProbe implements AutoCloseable {

    /** Null when the sweep runs on the calling thread. */
    private final PortProbe onVertx;
    private final SelectorPortProbe onCallingThread;

    public BlockingPortProbe() {
        this(HostResolver.system());
    }

    public BlockingPortProbe(HostResolver resolver) {
        this.onVertx = null;
        this.onCallingThread = new SelectorPortProbe(resolver);
    }

    /** Sweeps on {@code vertx}, which the caller owns and closes ({@link #close} leaves it running). */
    public BlockingPortProbe(Vertx vertx, HostResolver resolver) {
        this.onVertx = new PortProbe(vertx, resolver);
        this.onCallingThread = null;
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

    /** As {@link #probe(String, PortSet, ProbeOptions)}, telling the listener as each connect starts and ends. */
    public ProbeReport probe(String host, PortSet ports, ProbeOptions options, ProbeListener listener)
            throws InterruptedException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("BlockingPortProbe waits for the sweep; call it from a plain thread or a "
                    + "worker thread, or use PortProbe on an event loop");
        }
        if (onVertx == null) {
            return onCallingThread.sweep(host, ports, options, listener).run();
        }
        return waitFor(onVertx.start(host, ports, options, listener), ports, options);
    }

    private static ProbeReport waitFor(PortProbe.Sweep sweep, PortSet ports, ProbeOptions options)
            throws InterruptedException {
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

    /** Nothing to release: each sweep closes its own sockets, and a borrowed Vert.x stays its owner's. */
    @Override
    public void close() {
    }
}
