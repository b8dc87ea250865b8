package io.milink.api.service;

import io.milink.linkmanager.LinkStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each link's last status read, served again for a short while, so that dashboards polling {@code GET /v1/links}
 * every second do not each send SQL Server a batch and Azure an ARM call. A failover's If-Match is always compared
 * with a fresh read, never with this.
 */
final class LinkStatusCache {

    private record Entry(LinkStatus status, Instant readAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    LinkStatusCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The status read less than the time to live ago, if there is one. */
    Optional<LinkStatus> fresh(String link) {
        Entry entry = entries.get(link);
        if (entry == null || !entry.readAt().plus(ttl).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.status());
    }

    void put(String link, LinkStatus status) {
        entries.put(link, new Entry(status, clock.instant()));
    }

    /** Forgets a link's status: an operation changed the link, or the link is gone. */
    void invalidate(String link) {
        entries.remove(link);
    }
}
