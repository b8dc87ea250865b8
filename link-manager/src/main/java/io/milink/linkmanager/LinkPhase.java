package io.milink.linkmanager;

/**
 * Where one database of a link is, read from both sides (docs/monitoring.md; mi-link-workflow.md §4.4). The names
 * are what {@code milink link status} prints and its JSON carries: a script may match on them.
 */
public enum LinkPhase {
    /** The database is being copied to the secondary (automatic seeding); replication starts when it is done. */
    SEEDING("Seeding"),
    /** Seeded; the secondary hardens the log written since seeding started. */
    CATCHING_UP("CatchingUp"),
    /** Caught up: the secondary keeps up with the primary. The one healthy phase. */
    REPLICATING("Replicating"),
    /** Replication does not flow: the other side is not connected, or the database is not synchronizing. */
    DISCONNECTED("Disconnected"),
    /** Seeding failed; the link cannot recover by itself and must be removed and made again. */
    SEEDING_FAILED("SeedingFailed"),
    /** One half of the link, or both, is gone: removed on the instance, on SQL Server, or never made. */
    REMOVED("Removed");

    private final String label;

    LinkPhase(String label) {
        this.label = label;
    }

    /** The phase's name as milink prints it. */
    public String label() {
        return label;
    }
}
