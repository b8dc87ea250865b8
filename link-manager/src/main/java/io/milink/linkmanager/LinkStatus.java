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
     * @param signals                what the monitor's alerts read besides the phase; never null
     */
    public record DatabaseStatus(String name, String link, LinkPhase phase, String synchronizationState,
                                 String synchronizationHealth, String sqlServerRole, String managedInstanceRole,
                                 ReplicationModes replicationMode, String replicaState, Integer seedingPercent,
                                 Seeding seeding, Long logSendQueueKb, Long redoQueueKb, Long lagSeconds,
                                 HardenedLsns lastHardenedLsn, LocalDateTime lastCommitTime, List<String> reasons,
                                 Readiness readiness, Signals signals) {
        public DatabaseStatus {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(phase, "phase");
            reasons = List.copyOf(reasons);
            signals = signals == null ? Signals.NONE : signals;
        }

        /** Without the alerts' signals ({@link Signals#NONE}). */
        public DatabaseStatus(String name, String link, LinkPhase phase, String synchronizationState,
                              String synchronizationHealth, String sqlServerRole, String managedInstanceRole,
                              ReplicationModes replicationMode, String replicaState, Integer seedingPercent,
                              Seeding seeding, Long logSendQueueKb, Long redoQueueKb, Long lagSeconds,
                              HardenedLsns lastHardenedLsn, LocalDateTime lastCommitTime, List<String> reasons,
                              Readiness readiness) {
            this(name, link, phase, synchronizationState, synchronizationHealth, sqlServerRole, managedInstanceRole,
                    replicationMode, replicaState, seedingPercent, seeding, logSendQueueKb, redoQueueKb, lagSeconds,
                    lastHardenedLsn, lastCommitTime, reasons, readiness, null);
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

    /**
     * What the monitor's alerts read besides the phase, from the same SQL Server batch and ARM list (docs/monitoring.md,
     * "Alerts"). Dates are on the reader's clock: SQL Server's own dates are placed by how long before SQL Server's
     * now they were.
     *
     * @param seedingStartedAt      the latest automatic seeding attempt's start ({@code sys.dm_hadr_automatic_seeding})
     * @param firstSeedingStartedAt the earliest attempt of the link still in that view: the six-day cancel counts from
     *                              the link's creation
     * @param lastLogBackupAt       the start of the database's latest log backup within 7 days ({@code msdb.dbo.backupset})
     * @param logUsedPercent        {@code DBCC SQLPERF(LOGSPACE)}'s "Log Space Used (%)"
     * @param logReuseWait          {@code sys.databases.log_reuse_wait_desc}
     * @param certificates          the link's certificates with their expiry: SQL Server's endpoint certificate, the
     *                              instance's imported on SQL Server, SQL Server's as the instance reports it
     */
    public record Signals(Instant seedingStartedAt, Instant firstSeedingStartedAt, Instant lastLogBackupAt,
                          Double logUsedPercent, String logReuseWait, List<CertificateValidity> certificates) {
        public static final Signals NONE = new Signals(null, null, null, null, null, List.of());

        public Signals {
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }

        /** The link holds the log: its truncation waits on the availability replica. */
        public boolean logHeldByLink() {
            return "AVAILABILITY_REPLICA".equalsIgnoreCase(logReuseWait);
        }

        /** A log backup started after the current seeding attempt did, while the database is still seeding. */
        public boolean logBackupDuringSeeding(LinkPhase phase) {
            return phase == LinkPhase.SEEDING && seedingStartedAt != null && lastLogBackupAt != null
                    && lastLogBackupAt.isAfter(seedingStartedAt);
        }
    }

    /** Whose certificate, as the alerts and reasons name it. */
    public enum CertificateRole {
        SQL_SERVER_ENDPOINT("sqlServerEndpoint", "SQL Server's link certificate",
                "rotate it before then: 'milink link rotate-certificate --spec F' writes the script (a new certificate "
                        + "trusted by the instance first, then the endpoint switched to it; docs/certificates.md, "
                        + "\"Rotating the SQL Server link certificate\")"),
        INSTANCE_ON_SQL_SERVER("instanceOnSqlServer", "the instance's certificate imported on SQL Server",
                "Azure rotates the instance's own certificate; import its current one on SQL Server under the "
                        + "instance's FQDN before this copy expires (docs/certificates.md)"),
        SQL_SERVER_ON_INSTANCE("sqlServerOnInstance", "SQL Server's certificate as the instance trusts it",
                "rotate SQL Server's link certificate: 'milink link rotate-certificate --spec F' writes the script "
                        + "(docs/certificates.md, \"Rotating the SQL Server link certificate\")");

        private final String id;
        private final String label;
        private final String remedy;

        CertificateRole(String id, String label, String remedy) {
            this.id = id;
            this.label = label;
            this.remedy = remedy;
        }

        /** The role's name in JSON and event keys. */
        public String id() {
            return id;
        }

        public String label() {
            return label;
        }

        /** What to do before it expires. */
        public String remedy() {
            return remedy;
        }
    }

    /** One certificate of the link and when it expires. */
    public record CertificateValidity(CertificateRole role, String name, Instant expiry) {
        public CertificateValidity {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(expiry, "expiry");
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
