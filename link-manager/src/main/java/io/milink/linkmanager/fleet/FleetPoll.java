package io.milink.linkmanager.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One poll of a fleet: every link's reading, and what each source cost.
 *
 * @param number    1 for the poller's first poll, then 2, 3, …
 * @param startedAt when the poll started (the poller's clock)
 * @param took      from start to the last link combined (monotonic time)
 * @param readings  every link of the fleet, in the fleet's order
 * @param sources   each SQL Server read and each instance list of this poll
 */
public record FleetPoll(long number, Instant startedAt, Duration took, Map<MonitoredLink, LinkReading> readings,
                        List<SourceRead> sources) {

    /** What one source is. */
    public enum SourceKind { SQL_SERVER, MANAGED_INSTANCE }

    /**
     * One source's read in this poll.
     *
     * @param took  how long it took; null when it was still running from an earlier poll and not started again
     * @param error what went wrong, in words; null when it answered
     */
    public record SourceRead(SourceKind kind, String key, Duration took, String error) {
        public boolean answered() {
            return error == null;
        }
    }

    public FleetPoll {
        readings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readings));
        sources = List.copyOf(sources);
    }

    /** How many links could not be read this poll. */
    public long unreadable() {
        return readings.values().stream().filter(r -> r instanceof LinkReading.Unreadable).count();
    }
}
