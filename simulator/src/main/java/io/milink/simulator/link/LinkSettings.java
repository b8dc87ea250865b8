package io.milink.simulator.link;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rates and faults of a link world: the {@code link:} section of a scenario (docs/simulator.md).
 *
 * @param seedingBytesPerSecond  how fast automatic seeding copies the database, and the link's bandwidth for
 *                               sending log afterwards
 * @param workloadBytesPerSecond log the simulated application writes on the primary database of each link
 * @param redoBytesPerSecond     how fast the secondary redoes hardened log
 * @param networkLatency         one-way latency between SQL Server and the managed instance: log written in the
 *                               last {@code networkLatency} is in flight, never hardened on an asynchronous secondary
 * @param faults                 faults at given simulated times
 * @param instanceFirstFullBackupAfter how long after a database becomes available on the managed instance (seeded
 *                               there), or the instance becomes its primary (failover), or the link is removed (the
 *                               copy becomes read-write), the instance's automatic full backup of it finishes
 */
public record LinkSettings(long seedingBytesPerSecond, long workloadBytesPerSecond, long redoBytesPerSecond,
                           Duration networkLatency, List<LinkFault> faults, Duration instanceFirstFullBackupAfter) {

    public static final long MB = 1024L * 1024L;

    /**
     * How long the instance's automatic full backup of a database takes to finish by default. Azure does not
     * publish when the first automatic full backup of a linked database runs; five minutes is the twin's choice
     * (UNCONFIRMED), and {@code instanceFirstFullBackupAfter} describes a slow one.
     */
    public static final Duration DEFAULT_FIRST_FULL_BACKUP_AFTER = Duration.ofMinutes(5);

    /** 100 MB/s seeding (about 350 GB an hour, a fast link), 1 MB/s of log, 20 ms latency, no faults. */
    public static final LinkSettings DEFAULTS = new LinkSettings(100 * MB, MB, 200 * MB, Duration.ofMillis(20),
            List.of());

    public LinkSettings {
        Objects.requireNonNull(networkLatency, "networkLatency");
        Objects.requireNonNull(instanceFirstFullBackupAfter, "instanceFirstFullBackupAfter");
        faults = List.copyOf(faults);
        if (seedingBytesPerSecond <= 0 || redoBytesPerSecond <= 0 || workloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("rates must be positive (the workload may be 0)");
        }
        if (instanceFirstFullBackupAfter.isNegative()) {
            throw new IllegalArgumentException("instanceFirstFullBackupAfter must not be negative");
        }
    }

    /** With the default time to the instance's first full backup. */
    public LinkSettings(long seedingBytesPerSecond, long workloadBytesPerSecond, long redoBytesPerSecond,
                        Duration networkLatency, List<LinkFault> faults) {
        this(seedingBytesPerSecond, workloadBytesPerSecond, redoBytesPerSecond, networkLatency, faults,
                DEFAULT_FIRST_FULL_BACKUP_AFTER);
    }

    public LinkSettings withFaults(List<LinkFault> newFaults) {
        return new LinkSettings(seedingBytesPerSecond, workloadBytesPerSecond, redoBytesPerSecond, networkLatency,
                newFaults, instanceFirstFullBackupAfter);
    }
}
