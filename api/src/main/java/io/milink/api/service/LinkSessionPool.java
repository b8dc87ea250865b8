package io.milink.api.service;

import io.milink.linkmanager.LinkSession;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The open sessions (a SQL Server connection and the instance's ARM clients) the link monitors of this replica read
 * with, kept between reads and shared by the links of one pair: every link of one SQL Server and one instance, asked
 * for with the same request, reads through the same few sessions, one read at a time on each. So 200 links of one
 * SQL Server cost this replica as many connections as it reads links at once, not 200, and a connection is not opened
 * again for each read. A session unused for a while is closed (the links it served may be read by another replica
 * now). Thread-safe.
 */
final class LinkSessionPool {

    /** Opens a session; blocking. */
    @FunctionalInterface
    interface Opener {
        LinkSession open() throws Exception;
    }

    private record Idle(LinkSession session, long since) {
    }

    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private final long idleNanos;
    private int open;
    private boolean closed;

    /** @param idleFor a session unused this long is closed by {@link #closeIdle()} */
    LinkSessionPool(Duration idleFor) {
        this.idleNanos = idleFor.toNanos();
    }

    /** An idle session of {@code key}, or a new one; give it back with {@link #release}. Blocking when it opens one. */
    LinkSession borrow(String key, Opener opener) throws Exception {
        synchronized (this) {
            Deque<Idle> sessions = idle.get(key);
            if (sessions != null && !sessions.isEmpty()) {
                return sessions.pop().session();
            }
        }
        LinkSession session = opener.open();
        synchronized (this) {
            open++;
        }
        return session;
    }

    /** Gives a session back; a broken one (a read through it failed) or one given back after {@link #close} is closed. */
    void release(String key, LinkSession session, boolean broken) {
        synchronized (this) {
            if (!broken && !closed) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(new Idle(session, System.nanoTime()));
                return;
            }
            open--;
        }
        ServiceLinkTargets.close(session);
    }

    /** Closes the sessions idle longer than the pool keeps them. */
    void closeIdle() {
        List<LinkSession> closing = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Deque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
                Deque<Idle> sessions = it.next();
                // Pushed on top when given back: the oldest are at the bottom.
                while (!sessions.isEmpty() && now - sessions.peekLast().since() > idleNanos) {
                    closing.add(sessions.removeLast().session());
                }
                if (sessions.isEmpty()) {
                    it.remove();
                }
            }
            open -= closing.size();
        }
        closing.forEach(ServiceLinkTargets::close);
    }

    /** Sessions open now, idle or lent. */
    synchronized int open() {
        return open;
    }

    /** Closes every idle session; those lent out are closed when given back. */
    void close() {
        List<LinkSession> closing = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(sessions -> sessions.forEach(s -> closing.add(s.session())));
            open -= closing.size();
            idle.clear();
        }
        closing.forEach(ServiceLinkTargets::close);
    }
}
