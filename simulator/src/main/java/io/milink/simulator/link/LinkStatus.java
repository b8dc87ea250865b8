package io.milink.simulator.link;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one link at one simulated instant, from which both twins draw what they show: the SQL Server
 * twin's dm_hadr_* rows and the ARM twin's {@code DistributedAvailabilityGroupDatabase} entries. Both come from the
 * same numbers, so they agree.
 *
 * @param name                the distributed availability group (= link) name
 * @param onSqlServer         whether SQL Server has the distributed availability group
 * @param onManagedInstance   whether the managed instance has the link (the ARM resource)
 * @param sqlServerRole       SQL Server's role in the distributed group
 * @param managedInstanceRole the managed instance's role
 * @param connected           whether the two sides are connected now
 * @param synchronousCommit   whether the primary commits synchronously to the secondary
 * @param instanceSynchronousCommit the instance's own setting (ARM {@code replicationMode}), in force while it is
 *                            primary
 * @param lastError           the most recent connection error, or null
 * @param lastErrorTime       when it happened
 */
public record LinkStatus(String name, boolean onSqlServer, boolean onManagedInstance, LinkRole sqlServerRole,
                         LinkRole managedInstanceRole, boolean connected, boolean synchronousCommit,
                         boolean instanceSynchronousCommit,
                         LinkError lastError, Instant lastErrorTime, List<DatabaseStatus> databases) {

    /** Both sides claim to be primary: a forced failover while the old primary was still up (split brain). */
    public boolean splitBrain() {
        return sqlServerRole == LinkRole.PRIMARY && managedInstanceRole == LinkRole.PRIMARY;
    }

    /**
     * One database of the link.
     *
     * @param synchronizationState the secondary's state as the primary sees it: NOT SYNCHRONIZING, SYNCHRONIZING
     *                             or SYNCHRONIZED (an asynchronous secondary never reports SYNCHRONIZED)
     * @param synchronizationHealth NOT_HEALTHY, PARTIALLY_HEALTHY or HEALTHY
     * @param primaryLsn           the primary's end of log (its last hardened LSN)
     * @param secondaryHardenedLsn the secondary's last hardened LSN
     * @param logSendQueueBytes    log the secondary has not hardened yet
     * @param lagSeconds           how far the secondary is behind, in seconds of the primary's log
     */
    public record DatabaseStatus(String name, ReplicationPhase phase, String synchronizationState,
                                 String synchronizationHealth, BigDecimal primaryLsn, BigDecimal secondaryHardenedLsn,
                                 BigDecimal secondaryRedoneLsn, BigDecimal seedingStartLsn, Instant lastCommitTime,
                                 Instant lastHardenedTime, Instant lastRedoneTime, long logSendQueueBytes,
                                 long logSendRateBytes, long redoQueueBytes, long redoRateBytes, long lagSeconds,
                                 long databaseSizeBytes, long seededBytes, int seedingPercent, long seedingRateBytes,
                                 Instant seedingStarted, Instant seedingCompleted, Instant seedingEstimatedCompletion,
                                 int seedingAttempts, int failureState, String failureMessage, Instant failureTime,
                                 boolean logFull) {

        public boolean hardenedLsnsEqual() {
            return primaryLsn.compareTo(secondaryHardenedLsn) == 0;
        }
    }
}
