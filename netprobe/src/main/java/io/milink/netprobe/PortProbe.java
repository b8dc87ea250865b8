package io.milink.netprobe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A parallel TCP connect sweep of one host's ports, non-blocking, on a Vert.x event loop.
 *
 * <p>The name is resolved once, with the operating system's resolver on a worker thread (it blocks), and only the
 * first address is probed: that is the address a client connecting by name would use, and probing every address
 * would multiply the connections the user asked for. At most {@code concurrency} connects are in flight; each is
 * bounded by the connect timeout (Netty's, set through {@link NetClientOptions#setConnectTimeout}). A connection
 * that opens is closed at once, without sending a byte.
 *
 * <p>The caller owns the {@link Vertx}. For a blocking call from a plain thread, see {@link BlockingPortProbe}; for a
 * sweep that needs no Vert.x at all, {@link SelectorPortProbe}.
 */
public final class PortProbe {

    private final Vertx vertx;
    private final HostResolver resolver;

    public PortProbe(Vertx vertx) {
        this(vertx, HostResolver.system());
    }

    public PortProbe(Vertx vertx, HostResolver resolver) {
        this.vertx = vertx;
        this.resolver = resolver;
    }

    /** Sweeps the ports; the future never fails for a network outcome (those are verdicts). */
    public Future<ProbeReport> probe(String host, PortSet ports, ProbeOptions options) {
        return start(host, ports, options, ProbeListener.NONE).result();
    }

    /**
     * Starts a sweep that can be cancelled: {@link Sweep#cancel()} stops starting new connects; those in flight
     * finish (each within the timeout) and the report lists only the ports probed, with {@code cancelled} set.
     *
     * @throws IllegalArgumentException when the host is empty
     */
    public Sweep start(String host, PortSet ports, ProbeOptions options, ProbeListener listener) {
        String name = HostResolver.requireHost(host);
        Sweep sweep = new Sweep(name, ports, options, listener);
        sweep.context.runOnContext(v -> sweep.resolveThenConnect());
        return sweep;
    }

    /** One running sweep. */
    public final class Sweep {
        private final String host;
        private final List<Integer> ports;
        private final ProbeOptions options;
        private final ProbeListener listener;
        private final Context context = vertx.getOrCreateContext();
        private final Promise<ProbeReport> done = Promise.promise();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final long startNanos = System.nanoTime();
        // Touched only on this sweep's context (one event-loop thread): no locks needed.
        private PortResult[] results;
        private int next;
        private int inFlight;
        private NetClient client;
        private DnsFacts dns;
        private InetAddress target;

        private Sweep(String host, PortSet ports, ProbeOptions options, ProbeListener listener) {
            this.host = host;
            this.ports = ports.ports();
            this.options = options;
            this.listener = listener;
        }

        public Future<ProbeReport> result() {
            return done.future();
        }

        /** Starts no more connects; the result completes when those in flight have finished. */
        public void cancel() {
            cancelled.set(true);
        }

        private void resolveThenConnect() {
            // getaddrinfo blocks: run it on a worker, never on the event loop.
            context.<InetAddress[]>executeBlocking(() -> {
                try {
                    return resolver.lookup(host);
                } catch (UnknownHostException e) {
                    dns = DnsFacts.unresolved(host, e.getMessage());
                    return new InetAddress[0];
                }
            }, false).onComplete(ar -> {
                if (ar.failed()) {
                    dns = DnsFacts.unresolved(host, String.valueOf(ar.cause()));
                } else if (ar.result().length == 0) {
                    if (dns == null) {
                        dns = DnsFacts.unresolved(host, "no addresses");
                    }
                } else {
                    List<ResolvedAddress> list = new ArrayList<>();
                    for (InetAddress a : ar.result()) {
                        list.add(ResolvedAddress.of(a));
                    }
                    dns = DnsFacts.resolved(host, list);
                    target = ar.result()[0];
                }
                connectAll();
            });
        }

        private void connectAll() {
            results = new PortResult[ports.size()];
            if (target == null) {
                // Nothing can be sent to a name that does not resolve: every asked port is UNRESOLVED.
                for (int i = 0; i < results.length; i++) {
                    results[i] = new PortResult(ports.get(i), ProbeVerdict.UNRESOLVED, 0);
                }
                finish();
                return;
            }
            client = vertx.createNetClient(new NetClientOptions()
                    .setConnectTimeout(Math.toIntExact(Math.max(1, options.connectTimeout().toMillis()))));
            int lanes = Math.min(options.concurrency(), ports.size());
            for (int i = 0; i < lanes; i++) {
                launchNext();
            }
            if (lanes == 0) {
                finish();
            }
        }

        private void launchNext() {
            if (cancelled.get() || next >= ports.size()) {
                if (inFlight == 0) {
                    finish();
                }
                return;
            }
            int index = next++;
            int port = ports.get(index);
            inFlight++;
            listener.started(port);
            long begin = System.nanoTime();
            client.connect(SocketAddress.inetSocketAddress(new InetSocketAddress(target, port))).onComplete(ar -> {
                long end = System.nanoTime();
                ProbeVerdict verdict;
                if (ar.succeeded()) {
                    verdict = ProbeVerdict.OPEN;
                    ar.result().close();
                } else {
                    verdict = VerdictClassifier.classify(ar.cause());
                }
                PortResult result = PortResult.timed(port, verdict, begin, end);
                results[index] = result;
                inFlight--;
                listener.finished(result);
                launchNext();
            });
        }

        private boolean finished;

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            ProbeReport report = ProbeReport.ofSweep(host, dns, results, options,
                    (System.nanoTime() - startNanos) / 1_000_000.0, cancelled.get());
            Future<Void> closed = client == null ? Future.succeededFuture() : client.close();
            closed.onComplete(ignored -> done.complete(report));
        }
    }
}
