package io.milink.simulator.link;

/** Where a database of a link is in its life. */
public enum ReplicationPhase {
    /** Automatic seeding copies the database to the secondary. */
    SEEDING,
    /** Seeded; the secondary hardens the log written since seeding started. */
    CATCHING_UP,
    /** Caught up: the secondary keeps up with the primary (SYNCHRONIZING, or SYNCHRONIZED in synchronous commit). */
    SYNCHRONIZING,
    /** Seeding failed (or was cancelled after 6 days); the link must be dropped and made again. */
    SEEDING_FAILED
}
