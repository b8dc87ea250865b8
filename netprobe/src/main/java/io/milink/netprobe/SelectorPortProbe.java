package io.milink.netprobe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A parallel TCP connect sweep of one host's ports on plain java.nio: non-blocking connects on one {@link Selector},
 * driven by the calling thread, which the sweep holds until every port has a verdict. It starts no thread and no
 * Vert.x or Netty: for a command that only sweeps, loading and starting those (and the logging they bring up) cost
 * more than the connects themselves (bench/README.md, StartupBench).
 *
 * <p>The rules are {@link PortProbe}'s: the name is resolved once with the {@link HostResolver} and only the first
 * address is probed; at most {@code concurrency} connects are in flight; each has its own deadline, one connect
 * timeout after it started; a connection that opens is closed at once, without sending a byte. Failures become
 * verdicts through {@link VerdictClassifier}, so both probes say the same about the same port.
 *
 * <p>Resolution and the wait block the calling thread: run it on a plain thread or a worker thread, never on an
 * event loop ({@link BlockingPortProbe} checks that).
 */
public final class SelectorPortProbe {

    private final HostResolver resolver;

    public SelectorPortProbe() {
        this(HostResolver.system());
    }

    public SelectorPortProbe(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** Sweeps the ports and waits; a network outcome is a verdict, never an exception. */
    public ProbeReport probe(String host, PortSet ports, ProbeOptions options) throws InterruptedException {
        return sweep(host, ports, options, ProbeListener.NONE).run();
    }

    /**
     * A sweep to {@link Sweep#run() run}, which another thread (or the listener) can {@link Sweep#cancel() cancel}.
     * Nothing is resolved or sent before it runs.
     *
     * @throws IllegalArgumentException when the host is empty
     */
    public Sweep sweep(String host, PortSet ports, ProbeOptions options, ProbeListener listener) {
        return new Sweep(HostResolver.requireHost(host), ports.ports(), options, listener);
    }

    /** One sweep; it runs once. */
    public final class Sweep {
        private final String host;
        private final List<Integer> ports;
        private final ProbeOptions options;
        private final ProbeListener listener;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean started = new AtomicBoolean();
        /** Set while the connects run, so that a cancel from another thread can end a wait at once. */
        private volatile Selector selector;

        private Sweep(String host, List<Integer> ports, ProbeOptions options, ProbeListener listener) {
            this.host = host;
            this.ports = ports;
            this.options = options;
            this.listener = listener;
        }

        /**
         * Starts no more connects; those in flight finish (each within the timeout) and the report lists only the
         * ports probed, with {@code cancelled} set. Safe from any thread, and from the listener.
         */
        public void cancel() {
            cancelled.set(true);
            Selector waiting = selector;
            if (waiting != null) {
                waiting.wakeup();
            }
        }

        /**
         * Resolves, connects and waits on the calling thread; the listener is told on this thread too. An interrupt
         * abandons the sweep: the connects in flight are closed unfinished and no report is made.
         *
         * @throws IllegalStateException when the sweep already ran
         * @throws UncheckedIOException  when the operating system gives no selector (out of file descriptors)
         */
        public ProbeReport run() throws InterruptedException {
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("a sweep runs once; start another for another sweep");
            }
            long startNanos = System.nanoTime();
            PortResult[] results = new PortResult[ports.size()];
            Resolution resolution = resolve();
            if (resolution.target == null) {
                // Nothing can be sent to a name that does not resolve: every asked port is UNRESOLVED.
                for (int i = 0; i < results.length; i++) {
                    results[i] = new PortResult(ports.get(i), ProbeVerdict.UNRESOLVED, 0);
                }
            } else {
                try (Selector opened = Selector.open()) {
                    selector = opened;
                    new Connects(opened, resolution.target, results).run();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot wait for the sweep's connects: " + e.getMessage(), e);
                } finally {
                    selector = null;
                }
            }
            return ProbeReport.ofSweep(host, resolution.dns, results, options,
                    (System.nanoTime() - startNanos) / 1_000_000.0, cancelled.get());
        }

        private record Resolution(DnsFacts dns, InetAddress target) {
        }

        private Resolution resolve() {
            try {
                InetAddress[] found = resolver.lookup(host);
                if (found == null || found.length == 0) {
                    return new Resolution(DnsFacts.unresolved(host, "no addresses"), null);
                }
                List<ResolvedAddress> addresses = new ArrayList<>(found.length);
                for (InetAddress a : found) {
                    addresses.add(ResolvedAddress.of(a));
                }
                return new Resolution(DnsFacts.resolved(host, addresses), found[0]);
            } catch (UnknownHostException e) {
                return new Resolution(DnsFacts.unresolved(host, e.getMessage()), null);
            } catch (RuntimeException e) {
                // A resolver that fails otherwise (a security policy, a broken name service) did not resolve the name
                // either; PortProbe reports it the same way.
                return new Resolution(DnsFacts.unresolved(host, String.valueOf(e)), null);
            }
        }

        /** The connect loop of one run: launches up to the bound, waits for answers or the earliest deadline. */
        private final class Connects {
            private final Selector selector;
            private final InetAddress target;
            private final PortResult[] results;
            private final long timeoutNanos = options.connectTimeout().toNanos();
            /**
             * Connects started, oldest first, until they expire; those answered meanwhile are skipped when they reach
             * the head. Every connect gets the same timeout and they start in time order, so this is also deadline
             * order: the head is always the next to expire.
             */
            private final ArrayDeque<Attempt> byDeadline = new ArrayDeque<>();
            private int inFlight;
            private int next;

            Connects(Selector selector, InetAddress target, PortResult[] results) {
                this.selector = selector;
                this.target = target;
                this.results = results;
            }

            void run() throws IOException, InterruptedException {
                try {
                    while (true) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException("the sweep of " + host + " was interrupted");
                        }
                        while (!cancelled.get() && next < ports.size() && inFlight < options.concurrency()) {
                            launch(next++);
                        }
                        if (inFlight == 0) {
                            return;
                        }
                        dropAnswered();
                        long untilDeadline = byDeadline.peekFirst().deadline - System.nanoTime();
                        if (untilDeadline > 0) {
                            // Rounded up: waking a little before the deadline would only mean waiting again.
                            selector.select((untilDeadline + 999_999) / 1_000_000);
                        } else {
                            selector.selectNow();
                        }
                        for (SelectionKey key : selector.selectedKeys()) {
                            answered((Attempt) key.attachment());
                        }
                        selector.selectedKeys().clear();
                        expire(System.nanoTime());
                    }
                } finally {
                    for (Attempt unfinished : byDeadline) {
                        closeQuietly(unfinished.channel);
                    }
                }
            }

            private void launch(int index) throws InterruptedException {
                int port = ports.get(index);
                listener.started(port);
                long begin = System.nanoTime();
                SocketChannel channel = null;
                try {
                    channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    if (channel.connect(new InetSocketAddress(target, port))) {
                        done(index, port, ProbeVerdict.OPEN, begin, channel);
                        return;
                    }
                    Attempt attempt = new Attempt(index, port, channel, begin, begin + timeoutNanos);
                    channel.register(selector, SelectionKey.OP_CONNECT, attempt);
                    byDeadline.addLast(attempt);
                    inFlight++;
                } catch (ClosedByInterruptException e) {
                    throw interrupted(e);
                } catch (IOException e) {
                    // Refused or unroutable at once, or no socket to be had: all that is known is no connection.
                    done(index, port, VerdictClassifier.classify(e), begin, channel);
                }
            }

            private void answered(Attempt attempt) {
                if (attempt.finished) {
                    return;
                }
                ProbeVerdict verdict;
                try {
                    verdict = attempt.channel.finishConnect() ? ProbeVerdict.OPEN : null;
                } catch (IOException e) {
                    verdict = VerdictClassifier.classify(e);
                }
                if (verdict == null) {
                    return; // a spurious wake-up: still connecting, and its deadline still holds
                }
                finish(attempt, verdict);
            }

            private void expire(long now) {
                dropAnswered();
                while (!byDeadline.isEmpty() && byDeadline.peekFirst().deadline <= now) {
                    // No answer at all within the timeout: something on the path dropped the SYN.
                    finish(byDeadline.removeFirst(), ProbeVerdict.FILTERED);
                    dropAnswered();
                }
            }

            private void dropAnswered() {
                while (!byDeadline.isEmpty() && byDeadline.peekFirst().finished) {
                    byDeadline.removeFirst();
                }
            }

            private void finish(Attempt attempt, ProbeVerdict verdict) {
                attempt.finished = true;
                inFlight--;
                done(attempt.index, attempt.port, verdict, attempt.begin, attempt.channel);
            }

            private void done(int index, int port, ProbeVerdict verdict, long begin, SocketChannel channel) {
                long end = System.nanoTime();
                closeQuietly(channel);
                PortResult result = PortResult.timed(port, verdict, begin, end);
                results[index] = result;
                listener.finished(result);
            }
        }
    }

    /** One connect in flight, until it is answered or expires. */
    private static final class Attempt {
        final int index;
        final int port;
        final SocketChannel channel;
        final long begin;
        final long deadline;
        boolean finished;

        Attempt(int index, int port, SocketChannel channel, long begin, long deadline) {
            this.index = index;
            this.port = port;
            this.channel = channel;
            this.begin = begin;
            this.deadline = deadline;
        }
    }

    private static InterruptedException interrupted(ClosedByInterruptException e) {
        InterruptedException interrupted = new InterruptedException("the sweep was interrupted");
        interrupted.initCause(e);
        return interrupted;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The verdict is already known; a failed close leaves nothing to report.
        }
    }
}
