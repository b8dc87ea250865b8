package io.milink.api.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the service reads each registered link, and how its replicas keep and take over work
 * (docs/operations.md, "Running several replicas"). Every replica on one journal must use the same heartbeat and
 * missed-heartbeat limit: each judges the others' heartbeats by its own.
 *
 * @param monitorInterval  each registered link is read once per interval, by one replica (its status for the event
 *                         streams and the dashboard, its alerts)
 * @param monitorThreads   links this replica reads at once
 * @param heartbeat        how often a replica renews the work it runs (link operations and reads)
 * @param missedHeartbeats after this many missed renewals (at least 4) the work is another replica's to take
 */
public record ReplicaSettings(Duration monitorInterval, int monitorThreads, Duration heartbeat,
                             int missedHeartbeats) {

    /** The shortest interval and heartbeat accepted (declared before DEFAULTS, which checks against it): shorter ones would load the journal for nothing. */
    static final Duration SHORTEST = Duration.ofMillis(100);

    /**
     * A link read every 10 s by 4 threads (a read is one SQL Server batch and one ARM list, well under a second; 4
     * threads keep up with about 400 links a replica), renewed every 5 s, taken over after 4 missed renewals (20 s).
     */
    public static final ReplicaSettings DEFAULTS = new ReplicaSettings(Duration.ofSeconds(10), 4,
            Duration.ofSeconds(5), 4);

    public ReplicaSettings {
        Objects.requireNonNull(monitorInterval, "monitorInterval");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (monitorInterval.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("the monitor interval must be at least 100 ms");
        }
        if (heartbeat.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("the heartbeat must be at least 100 ms");
        }
        if (monitorThreads < 1 || monitorThreads > 64) {
            throw new IllegalArgumentException("monitor threads must be 1 to 64");
        }
        if (missedHeartbeats < 4) {
            throw new IllegalArgumentException("missed heartbeats must be at least 4");
        }
    }

    public ReplicaSettings withMonitorInterval(Duration value) {
        return new ReplicaSettings(value, monitorThreads, heartbeat, missedHeartbeats);
    }

    public ReplicaSettings withHeartbeat(Duration value) {
        return new ReplicaSettings(monitorInterval, monitorThreads, value, missedHeartbeats);
    }

    /** When work whose replica stopped renewing it becomes another's. */
    public Duration takeoverAfter() {
        return heartbeat.multipliedBy(missedHeartbeats);
    }

    /**
     * How often a replica looks for due link reads: a tenth of the interval (so a read is at most that late), between
     * 100 ms and 2 s.
     */
    Duration monitorPolling() {
        Duration tenth = monitorInterval.dividedBy(10);
        return tenth.compareTo(SHORTEST) < 0 ? SHORTEST : tenth.compareTo(Duration.ofSeconds(2)) > 0
                ? Duration.ofSeconds(2) : tenth;
    }

    /** The link operations' timings (their polling and sweep are the service's own). */
    LinkOperationTasks.Timings operationTimings() {
        Duration polling = LinkOperationTasks.Timings.DEFAULTS.polling();
        return new LinkOperationTasks.Timings(heartbeat, missedHeartbeats,
                heartbeat.compareTo(polling) < 0 ? heartbeat : polling, LinkOperationTasks.Timings.DEFAULTS.sweep());
    }
}
