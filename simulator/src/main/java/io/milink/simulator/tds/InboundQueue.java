package io.milink.simulator.tds;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.milink.simulator.engine.Cancellation;

/**
 * Reads client messages on its own thread once the connection is logged in, so that an ATTENTION (0x06) sent
 * while a request executes is noticed at once (tds-protocol.md §5.6): it flips the running request's
 * {@link Cancellation}. An ATTENTION arriving between requests is queued like any message.
 */
final class InboundQueue {
    private static final System.Logger LOG = System.getLogger(InboundQueue.class.getName());
    private static final Object END = new Object();

    private final PacketChannel channel;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean executing;
    private volatile boolean cancelled;

    InboundQueue(PacketChannel channel, String threadName) {
        this.channel = channel;
        this.thread = new Thread(this::readLoop, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    private void readLoop() {
        try {
            readMessages();
        } finally {
            clientGone();
        }
    }

    /** The client went away (or the server is closing): a running request has nobody left to answer. */
    private synchronized void clientGone() {
        if (executing) {
            cancelled = true;
        }
    }

    private void readMessages() {
        try {
            while (true) {
                TdsMessage m = channel.readMessage();
                if (m == null) {
                    break;
                }
                if (m.type() == TdsMessage.ATTENTION && attentionDuringRequest()) {
                    continue;
                }
                queue.add(m);
            }
        } catch (IOException | TdsProtocolException e) {
            queue.add(e);
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TDS reader failed: " + e);
            queue.add(e);
            return;
        }
        queue.add(END);
    }

    private synchronized boolean attentionDuringRequest() {
        if (executing) {
            cancelled = true;
            return true;
        }
        return false;
    }

    /**
     * The next message; null when the client closed the connection.
     *
     * @throws IOException when reading failed (malformed packet, reset)
     */
    TdsMessage take() throws IOException, InterruptedException {
        Object next = queue.take();
        if (next == END) {
            return null;
        }
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (TdsMessage) next;
    }

    /** Marks a request as executing; the returned cancellation turns true when an ATTENTION arrives. */
    synchronized Cancellation beginRequest() {
        executing = true;
        cancelled = false;
        return () -> cancelled;
    }

    /** @return true when an ATTENTION arrived while the request executed */
    synchronized boolean endRequest() {
        executing = false;
        boolean wasCancelled = cancelled;
        cancelled = false;
        return wasCancelled;
    }
}
