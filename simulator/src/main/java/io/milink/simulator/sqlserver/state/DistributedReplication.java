package io.milink.simulator.sqlserver.state;

import java.util.Optional;

import io.milink.simulator.link.LinkStatus;

/**
 * What the SQL Server twin asks of the replication behind its distributed availability groups (the link world).
 * The twin calls these methods while holding {@link InstanceState#lock()}, after its own syntax, permission,
 * existence and version checks passed; a {@link HadrException} refuses the statement with that SQL Server error.
 * Whoever changes what {@link #isPrimary} answers outside a statement calls {@link InstanceState#changed()} (under
 * the lock) so the catalog views refresh.
 */
public interface DistributedReplication {

    /** ALTER AVAILABILITY GROUP [dag] FAILOVER run on this instance. Throws HadrException to refuse. */
    void failover(String dagName);

    /** ALTER AVAILABILITY GROUP [dag] FORCE_FAILOVER_ALLOW_DATA_LOSS run on this instance. */
    void forceFailover(String dagName);

    /** ALTER AVAILABILITY GROUP [dag] SET (ROLE = SECONDARY) run on this instance. */
    void demote(String dagName);

    /** After ALTER … MODIFY AVAILABILITY GROUP ON changed the stored availability modes. */
    void modesChanged(String dagName);

    /** Before DROP AVAILABILITY GROUP of a distributed group (after the twin's own checks passed). */
    void dropped(String dagName);

    /** Whether this instance is the DAG's primary (global primary). */
    boolean isPrimary(String dagName);

    /**
     * What replicates behind the DAG now, when the other side has ever joined or tried to: the dm_hadr_* rows come
     * from it. Empty: the DAG stands alone (its remote member never connected).
     */
    default Optional<LinkStatus> status(String dagName) {
        return Optional.empty();
    }

    /**
     * {@link #status} of every DAG the other side has joined or tried to, at one instant: the catalog reads them all
     * at once rather than moving the world once per DAG.
     */
    default java.util.List<LinkStatus> statuses() {
        return java.util.List.of();
    }

    /** Brings the replication up to now before the catalog is read (it may call {@link InstanceState#changed()}). */
    default void refresh() {
    }

    /** No link world: role changes are refused as the twin's limitation (50000), this side is always primary. */
    DistributedReplication NONE = new DistributedReplication() {
        private HadrException unsupported(String what) {
            return new HadrException(50000, "The SQL Server twin does not support this statement: " + what
                    + " without a replication behind the distributed availability group. It is valid T-SQL that the"
                    + " twin does not model (a limitation of the twin, not a SQL Server error; see"
                    + " docs/simulator-tsql.md).");
        }

        @Override
        public void failover(String dagName) {
            throw unsupported("ALTER AVAILABILITY GROUP ... FAILOVER");
        }

        @Override
        public void forceFailover(String dagName) {
            throw unsupported("ALTER AVAILABILITY GROUP ... FORCE_FAILOVER_ALLOW_DATA_LOSS");
        }

        @Override
        public void demote(String dagName) {
            throw unsupported("ALTER AVAILABILITY GROUP ... SET (ROLE = SECONDARY)");
        }

        @Override
        public void modesChanged(String dagName) {
            // nothing replicates, so nothing changes pace
        }

        @Override
        public void dropped(String dagName) {
            // nothing to stop
        }

        @Override
        public boolean isPrimary(String dagName) {
            return true;
        }

        @Override
        public String toString() {
            return "DistributedReplication.NONE";
        }
    };
}
