package io.milink.api.service;

import java.time.Duration;

/**
 * Limits that keep connections and streams from piling up, the readiness drain on shutdown (docs/api.md, Limits), and
 * how often link operations read both sides while they wait. Constants of the service, not flags; tests shorten them.
 *
 * @param idleTimeout      a connection with no bytes either way for this long is closed
 * @param heartbeat        an event stream writes a comment this often, so it is never idle while it waits
 * @param maxEventStreams  event streams open at once; beyond, {@code /events} answers 503 with Retry-After
 * @param readinessDrain   on shutdown, how long {@code /health/ready} answers 503 before the server stops accepting,
 *                         so a load balancer that probes it stops sending requests first (only when it was probed)
 * @param linkPoll         between two reads of a link while an operation waits (seeding, a failover's gates)
 * @param failoverSettle   how long a planned failover wants equal hardened LSNs before it fails over
 * @param statusCacheTtl   how long a link's status read is served again to readers (dashboards polling); past it,
 *                         the last status is served while one read renews it, up to twice this (LinkStatusCache)
 */
record ServiceLimits(Duration idleTimeout, Duration heartbeat, int maxEventStreams, Duration readinessDrain,
                     Duration linkPoll, Duration failoverSettle, Duration statusCacheTtl) {

    /**
     * Idle 2 min (well above the 15 s heartbeat), 64 streams (each polls the journal every 200 ms), 5 s drain; a link
     * read every 2 s while an operation waits (the CLI's failover --poll), LSNs settled 5 s (the CLI's --settle), a
     * status served again for 2 s.
     */
    static final ServiceLimits DEFAULTS = new ServiceLimits(Duration.ofMinutes(2), Duration.ofSeconds(15), 64,
            Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2));

    ServiceLimits {
        if (maxEventStreams < 1) {
            throw new IllegalArgumentException("maxEventStreams must be at least 1");
        }
    }

    ServiceLimits withHeartbeat(Duration value) {
        return new ServiceLimits(idleTimeout, value, maxEventStreams, readinessDrain, linkPoll, failoverSettle,
                statusCacheTtl);
    }

    ServiceLimits withMaxEventStreams(int value) {
        return new ServiceLimits(idleTimeout, heartbeat, value, readinessDrain, linkPoll, failoverSettle,
                statusCacheTtl);
    }

    ServiceLimits withReadinessDrain(Duration value) {
        return new ServiceLimits(idleTimeout, heartbeat, maxEventStreams, value, linkPoll, failoverSettle,
                statusCacheTtl);
    }

    /** Link statuses served again for this long (tests of the status cache). */
    ServiceLimits withStatusCacheTtl(Duration value) {
        return new ServiceLimits(idleTimeout, heartbeat, maxEventStreams, readinessDrain, linkPoll, failoverSettle,
                value);
    }

    /** Link operations that read both sides more often and settle sooner (tests on twins). */
    ServiceLimits withLinkTimings(Duration poll, Duration settle) {
        return new ServiceLimits(idleTimeout, heartbeat, maxEventStreams, readinessDrain, poll, settle,
                statusCacheTtl);
    }
}
