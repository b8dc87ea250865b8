package io.milink.linkmanager;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The link between one SQL Server and one managed instance at one moment, per database, from both sides' own words:
 * SQL Server's dm_hadr_* views and ARM's {@code distributedAvailabilityGroups} (docs/monitoring.md). Made by
 * {@link LinkStatusReader}; rendered by {@link LinkStatusText} and {@link LinkStatusJson}.
 *
 * @param sqlServer       SQL Server's {@code @@SERVERNAME}
 * @param managedInstance the instance's name
 * @param observedAt      when it was read
 */
public record LinkStatus(String sqlServer, String managedInstance, Instant observedAt, List<DatabaseStatus> databases) {

    public LinkStatus {
        databases = List.copyOf(databases);
    }

    /** Every database replicates and is healthy: {@code milink link status} exits 0. */
    public boolean healthy() {
        return !databases.isEmpty() && databases.stream().allMatch(DatabaseStatus::healthy);
    }

    /** Every database passes the planned-failover gates. */
    public boolean ready() {
        return !databases.isEmpty() && databases.stream().allMatch(d -> d.readiness().ready());
    }

    /**
     * One database of the link.
     *
     * @param link                   the distributed availability group, also the link's name on the instance
     * @param synchronizationState   SQL Server's word for the secondary: SYNCHRONIZING, SYNCHRONIZED (synchronous
     *                               commit only), NOT SYNCHRONIZING, ...; null when SQL Server shows no row
     * @param synchronizationHealth  HEALTHY, PARTIALLY_HEALTHY, NOT_HEALTHY (SQL Server's, else the instance's)
     * @param sqlServerRole          PRIMARY or SECONDARY; null when unknown
     * @param managedInstanceRole    PRIMARY or SECONDARY; null when unknown
     * @param replicaState           the instance's {@code replicaState}, as it says it (a free string)
     * @param seedingPercent         the instance's seeding progress (else SQL Server's bytes), null when unknown
     * @param seeding                SQL Server's running seeding operation, null when there is none
     * @param logSendQueueKb         log not yet sent to the secondary (KB), as the primary sees it
     * @param redoQueueKb            log hardened but not yet redone on the secondary (KB)
     * @param lagSeconds             how far the secondary is behind, in seconds (SQL Server's
     *                               {@code secondary_lag_seconds}, or the instance's when it is primary)
     * @param lastCommitTime         the last commit the secondary redid, as SQL Server's view gives it (its local
     *                               time, as the DMV does)
     * @param reasons                why it is not healthy, in words, with the documented fix where there is one
     */
    public record DatabaseStatus(String name, String link, LinkPhase phase, String synchronizationState,
                                 String synchronizationHealth, String sqlServerRole, String managedInstanceRole,
                                 ReplicationModes replicationMode, String replicaState, Integer seedingPercent,
                                 Seeding seeding, Long logSendQueueKb, Long redoQueueKb, Long lagSeconds,
                                 HardenedLsns lastHardenedLsn, LocalDateTime lastCommitTime, List<String> reasons,
                                 Readiness readiness) {
        public DatabaseStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(phase, "phase");
            reasons = List.copyOf(reasons);
        }

        /** Replicating, healthy on both sides, and nothing to say against it. */
        public boolean healthy() {
            return phase == LinkPhase.REPLICATING && reasons.isEmpty();
        }
    }

    /**
     * The replication mode each side says: SQL Server's DAG members' {@code availability_mode_desc}
     * (SYNCHRONOUS_COMMIT, ASYNCHRONOUS_COMMIT, or MIXED when its members differ), the instance's
     * {@code replicationMode} (Sync, Async). Either null when that side has no link.
     */
    public record ReplicationModes(String sqlServer, String managedInstance) {
        public boolean synchronous() {
            return "SYNCHRONOUS_COMMIT".equals(sqlServer) && "Sync".equalsIgnoreCase(managedInstance);
        }
    }

    /** Each side's own last hardened LSN (decimal text, as both report it); null when that side does not say. */
    public record HardenedLsns(String sqlServer, String managedInstance) {
    }

    /**
     * SQL Server's running seeding operation ({@code sys.dm_hadr_physical_seeding_stats}).
     *
     * @param etaSeconds what is left at the current rate; null when the rate is zero
     */
    public record Seeding(long transferredBytes, long databaseSizeBytes, long bytesPerSecond, Long etaSeconds) {
    }

    /**
     * The planned-failover gates (mi-link-workflow.md §4.4, §5.2): replicating, synchronous commit on both sides,
     * SYNCHRONIZED, the same last hardened LSN on both sides. {@code blockedBy} names each gate that fails, in words.
     */
    public record Readiness(boolean ready, List<String> blockedBy) {
        public Readiness {
            blockedBy = List.copyOf(blockedBy);
        }
    }
}
