package io.milink.simulator.link;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault of the link world, at a simulated time after the world started.
 *
 * @param kind     what goes wrong
 * @param at       when, as simulated time since the world started
 * @param duration how long a window fault lasts (partition, restart, log full); zero = from {@code at} on, for good
 *                 (a seeding failure is a one-off and ignores it)
 * @param database the database a database fault applies to (seeding failure, log full); null = every database
 * @param message  the failure message of a seeding failure (sys.dm_hadr_physical_seeding_stats.failure_message)
 */
public record LinkFault(Kind kind, Duration at, Duration duration, String database, String message) {

    public enum Kind {
        /** The network between the two sides drops everything: both report the replicas DISCONNECTED. */
        PARTITION,
        /** The managed instance restarts: disconnected for the duration; seeding in progress starts over. */
        MANAGED_INSTANCE_RESTART,
        /** Automatic seeding fails with {@code message} (failure_state 15, "seeding"). */
        SEEDING_FAILURE,
        /** The primary database's transaction log fills up: error 9002, replication stops until it has space. */
        LOG_FULL
    }

    public LinkFault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        duration = duration == null ? Duration.ZERO : duration;
        if (at.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("fault times must not be negative");
        }
    }

    boolean activeAt(Duration sinceStart) {
        return sinceStart.compareTo(at) >= 0 && (duration.isZero() || sinceStart.compareTo(at.plus(duration)) < 0);
    }

    boolean appliesTo(String databaseName) {
        return database == null || database.equalsIgnoreCase(databaseName);
    }
}
