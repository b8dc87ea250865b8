package io.milink.netprobe;

import java.time.Duration;

/**
 * How a sweep runs: the per-connect timeout and how many connects may be in flight at once.
 *
 * <p>The timeout bounds a FILTERED port's cost: the documented Test-NetConnection waits about 21 s per dropped port
 * (issue 5), so with a bounded number in flight a whole filtered range costs about one timeout per
 * {@code ceil(ports / concurrency)}.
 */
public record ProbeOptions(Duration connectTimeout, int concurrency) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Covers the default port set (5022 + 11000-11999 = 1,001 ports) in one wave, so a fully filtered sweep ends in
     * about one timeout, the goal issue 5 sets (1.2 x one timeout), instead of ten (33 s at 100 in flight, measured).
     */
    public static final int DEFAULT_CONCURRENCY = 1_024;
    /** More than this many half-open sockets looks like a port scan to IDS and can exhaust local ephemeral ports. */
    public static final int MAX_CONCURRENCY = 2_000;

    public ProbeOptions {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("the connect timeout must be positive");
        }
        if (connectTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("a connect timeout over 2 minutes is longer than the operating "
                    + "system's own SYN retries; use at most 120s");
        }
        if (connectTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the connect timeout must be at least 1 ms");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
    }

    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY);
    }
}
