package io.milink.api.service;

import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusJson;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each link's last status read, served again for a short while, so that dashboards polling {@code GET /v1/links}
 * every second do not each send SQL Server a batch and Azure an ARM call. A failover's If-Match is always compared
 * with a fresh read, never with this.
 *
 * <p>A status is fresh for the time to live after it was read. Past that, the first reader is told to read the link
 * again in the background while it and the others are still served the last status, until the new one lands or the
 * status is twice the time to live old; past that, readers wait for a read of their own. So polling readers are not
 * held up by the read every time to live, SQL Server and Azure still see at most one read per time to live, and no
 * status older than twice the time to live is served.
 *
 * <p>An operation that changes a link (create, failover, delete) invalidates its status when it ends, and a read
 * that started before an invalidation does not store what it read: once an operation has ended, no reader is served
 * what the link was before it, and a removed link is not served at all.
 */
final class LinkStatusCache {

    /** What {@code GET /v1/links/{name}} answers for a status: computed once per read, not once per request. */
    /**
     * @param body the JSON, sent as it is to every reader of this answer: Vert.x writes a view of a buffer and leaves
     *             the buffer itself untouched, so one buffer serves them all without a copy per response (a copy was
     *             a third of what a status read allocated); never written to after it is made
     */
    record Answer(LinkStatus status, String etag, Buffer body) {
        static Answer of(LinkStatus status) {
            return new Answer(status, LinkStatusEtag.of(status),
                    Buffer.buffer(LinkStatusJson.render(status, false).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * What a reader may send now.
     *
     * @param refresh this reader is the one to read the link again (in the background); at most one is told so at
     *                a time
     */
    record Served(Answer answer, boolean refresh) {
    }

    private record Entry(Answer answer, Instant readAt, boolean refreshing) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts invalidations; a read stores its status only if none happened since it started. */
    private final AtomicLong generation = new AtomicLong();

    LinkStatusCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Taken before a read of a link starts and given back to {@link #put}. */
    long generation() {
        return generation.get();
    }

    /** The status read less than the time to live ago, if there is one. */
    Optional<LinkStatus> fresh(String link) {
        Entry entry = entries.get(link);
        if (entry == null || !entry.readAt().plus(ttl).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.answer().status());
    }

    /**
     * The answer a reader may be sent without reading the link: fresh, or (while one background read runs) less than
     * twice the time to live old. Empty when the reader must read the link itself.
     */
    Optional<Served> serve(String link) {
        Entry entry = entries.get(link);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.readAt().plus(ttl).isAfter(now)) {
            return Optional.of(new Served(entry.answer(), false));
        }
        if (!entry.readAt().plus(ttl.multipliedBy(2)).isAfter(now)) {
            return Optional.empty();
        }
        if (entry.refreshing()) {
            return Optional.of(new Served(entry.answer(), false));
        }
        // Exactly one reader wins the swap and reads; an entry replaced or removed meanwhile wins nobody.
        boolean claimed = entries.replace(link, entry, new Entry(entry.answer(), entry.readAt(), true));
        return Optional.of(new Served(entry.answer(), claimed));
    }

    /**
     * Stores a status read that started at {@code generation}, unless the link was invalidated since: an operation
     * that ended meanwhile may have changed (or removed) what the read saw.
     */
    void put(String link, LinkStatus status, long generation) {
        Answer answer = Answer.of(status);
        // Under the entry's lock, so an invalidation either comes first (and this stores nothing) or removes it after.
        entries.compute(link, (key, old) -> this.generation.get() == generation
                ? new Entry(answer, clock.instant(), false) : old);
    }

    /** Forgets a link's status: an operation changed the link, or the link is gone. */
    void invalidate(String link) {
        // First the count, then the removal: a read that started before this cannot store after it.
        generation.incrementAndGet();
        entries.remove(link);
    }
}
