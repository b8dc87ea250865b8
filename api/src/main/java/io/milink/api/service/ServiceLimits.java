package io.milink.api.service;

import java.time.Duration;

/**
 * Limits that keep connections and streams from piling up, and the readiness drain on shutdown (docs/api.md,
 * Limits). Constants of the service, not flags; tests shorten them.
 *
 * @param idleTimeout      a connection with no bytes either way for this long is closed
 * @param heartbeat        an event stream writes a comment this often, so it is never idle while it waits
 * @param maxEventStreams  event streams open at once; beyond, {@code /events} answers 503 with Retry-After
 * @param readinessDrain   on shutdown, how long {@code /health/ready} answers 503 before the server stops accepting,
 *                         so a load balancer that probes it stops sending requests first (only when it was probed)
 */
record ServiceLimits(Duration idleTimeout, Duration heartbeat, int maxEventStreams, Duration readinessDrain) {

    /** Idle 2 min (well above the 15 s heartbeat), 64 streams (each polls the journal every 200 ms), 5 s drain. */
    static final ServiceLimits DEFAULTS =
            new ServiceLimits(Duration.ofMinutes(2), Duration.ofSeconds(15), 64, Duration.ofSeconds(5));

    ServiceLimits {
        if (maxEventStreams < 1) {
            throw new IllegalArgumentException("maxEventStreams must be at least 1");
        }
    }

    ServiceLimits withHeartbeat(Duration value) {
        return new ServiceLimits(idleTimeout, value, maxEventStreams, readinessDrain);
    }

    ServiceLimits withMaxEventStreams(int value) {
        return new ServiceLimits(idleTimeout, heartbeat, value, readinessDrain);
    }

    ServiceLimits withReadinessDrain(Duration value) {
        return new ServiceLimits(idleTimeout, heartbeat, maxEventStreams, value);
    }
}
