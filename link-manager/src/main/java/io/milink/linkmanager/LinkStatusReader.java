package io.milink.linkmanager;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.LinkStatus.CertificateRole;
import io.milink.linkmanager.LinkStatus.CertificateValidity;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;
import io.milink.linkmanager.LinkStatus.HardenedLsns;
import io.milink.linkmanager.LinkStatus.Readiness;
import io.milink.linkmanager.LinkStatus.ReplicationModes;
import io.milink.linkmanager.LinkStatus.Seeding;
import io.milink.linkmanager.LinkStatus.Signals;

/**
 * Reads a link's status from both sides, one request each per poll: SQL Server in one batch of read-only queries
 * (the dm_hadr_* views as Microsoft Learn documents them; mi-link-workflow.md §4.1, §4.2), the instance with one ARM
 * list of its {@code distributedAvailabilityGroups} (§4.3), then maps each database to a {@link LinkPhase} by the
 * reference's phase table (§4.4). Blocking: call from a worker thread.
 */
public final class LinkStatusReader {

    /**
     * The batch; its result sets come in this order. Nothing from the spec is in it: filtering is done here. The first
     * six describe the links; the last four (log space, what holds the log, recent log backups, certificates) and the
     * server's clock in the first feed the monitor's alerts (docs/monitoring.md, "Alerts"), in the same round trip.
     */
    static final String BATCH = """
            SET NOCOUNT ON;
            SELECT @@SERVERNAME AS server_name, SYSDATETIME() AS local_now;
            SELECT ag.name, ag.is_distributed, r.replica_server_name, r.availability_mode_desc
              FROM sys.availability_groups AS ag
              LEFT JOIN sys.availability_replicas AS r ON r.group_id = ag.group_id;
            SELECT ag.name, rs.is_local, rs.role_desc, rs.connected_state_desc, rs.synchronization_health_desc,
                   rs.last_connect_error_number, rs.last_connect_error_description, rs.last_connect_error_timestamp
              FROM sys.availability_groups AS ag
              JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.group_id = ag.group_id
             WHERE ag.is_distributed = 1;
            SELECT ag.name, d.name AS database_name, drs.is_local, drs.synchronization_state_desc,
                   drs.synchronization_health_desc, drs.last_hardened_lsn, drs.log_send_queue_size,
                   drs.redo_queue_size, drs.last_commit_time, drs.secondary_lag_seconds
              FROM sys.dm_hadr_database_replica_states AS drs
              JOIN sys.availability_groups AS ag ON ag.group_id = drs.group_id
              JOIN sys.databases AS d ON d.database_id = drs.database_id;
            SELECT ps.local_database_name, ps.role_desc, ps.internal_state_desc, ps.transferred_size_bytes,
                   ps.database_size_bytes, ps.transfer_rate_bytes_per_second, ps.failure_code, ps.failure_message
              FROM sys.dm_hadr_physical_seeding_stats AS ps;
            SELECT ag.name, s.start_time, s.current_state, s.failure_state, s.failure_state_desc, s.error_code
              FROM sys.dm_hadr_automatic_seeding AS s
              JOIN sys.availability_groups AS ag ON ag.group_id = s.ag_id;
            DBCC SQLPERF(LOGSPACE) WITH NO_INFOMSGS;
            SELECT d.name, d.log_reuse_wait_desc FROM sys.databases AS d;
            SELECT b.database_name, MAX(b.backup_start_date) AS last_log_backup_start
              FROM msdb.dbo.backupset AS b
             WHERE b.type = 'L' AND b.backup_start_date >= DATEADD(DAY, -7, GETDATE())
             GROUP BY b.database_name;
            SELECT c.name, c.expiry_date, e.name AS endpoint_name
              FROM master.sys.certificates AS c
              LEFT JOIN sys.database_mirroring_endpoints AS e ON e.certificate_id = c.certificate_id;
            """;

    private static final int RESULT_SETS = 10;
    /** A partner certificate this close to expiry is reported: the link fails when it expires (§7.2). */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);
    /** The log this full, held back by the link, is reported; the alerts' defaults are the same. */
    static final double LOG_WARNING_PERCENT = 80;
    /** The log this full is reported whatever holds it: at 100 % replication stops (§7.5). */
    static final double LOG_CRITICAL_PERCENT = 95;

    private final Clock clock;

    public LinkStatusReader(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The status of the given databases' links: one SQL Server batch, one ARM list. */
    public LinkStatus read(LinkSession session, List<DatabaseLinkNames> links) throws SQLException,
            ArmCallException {
        SqlServerSide sql = readSqlServer(session.sql());
        List<DistributedAvailabilityGroup> instance = session.arm().links().list();
        return combine(sql, instance, session.arm().ref().name(), links, clock.instant());
    }

    // --- SQL Server's side, as the batch returns it -------------------------------------------------------------

    record Member(String replicaServerName, String availabilityMode) {
    }

    record Group(String name, boolean distributed, List<Member> members) {
    }

    record ReplicaRow(String group, boolean local, String role, String connectedState, String health,
                      Integer lastConnectErrorNumber, String lastConnectErrorDescription) {
    }

    record DatabaseRow(String group, String database, boolean local, String synchronizationState, String health,
                       String lastHardenedLsn, Long logSendQueueKb, Long redoQueueKb, LocalDateTime lastCommitTime,
                       Long lagSeconds) {
    }

    record SeedingRow(String database, String role, String internalState, long transferredBytes, long sizeBytes,
                      long bytesPerSecond, Integer failureCode, String failureMessage) {
        boolean failed() {
            return failureCode != null || failureMessage != null || "Failed".equalsIgnoreCase(internalState);
        }
    }

    record AutomaticSeedingRow(String group, LocalDateTime started, String currentState, Integer failureState,
                               String failureStateDesc, Integer errorCode) {
    }

    /** {@code DBCC SQLPERF(LOGSPACE)}'s row and {@code sys.databases.log_reuse_wait_desc} of one database. */
    record LogSpaceRow(String database, Double usedPercent, String reuseWait) {
    }

    /** A certificate in master; {@code endpoint} names the mirroring endpoint that authenticates with it, if any. */
    record CertificateRow(String name, LocalDateTime expiry, String endpoint) {
    }

    /**
     * SQL Server's whole link state from one {@link #readSqlServer} batch, for every link it has.
     *
     * @param localNow       SQL Server's own clock ({@code SYSDATETIME()}): its other dates are compared with it, so
     *                       neither time zones nor the two machines' clocks matter
     * @param lastLogBackups per database (lower case), the start of its latest log backup within 7 days (local time)
     */
    public record SqlServerSide(String serverName, Map<String, Group> groups, List<ReplicaRow> replicas,
                         List<DatabaseRow> databases, List<SeedingRow> seeding, List<AutomaticSeedingRow> history,
                         LocalDateTime localNow, Map<String, LogSpaceRow> logSpace,
                         Map<String, LocalDateTime> lastLogBackups, List<CertificateRow> certificates) {

        SqlServerSide(String serverName, Map<String, Group> groups, List<ReplicaRow> replicas,
                      List<DatabaseRow> databases, List<SeedingRow> seeding, List<AutomaticSeedingRow> history) {
            this(serverName, groups, replicas, databases, seeding, history, null, Map.of(), Map.of(), List.of());
        }
    }

    /**
     * SQL Server's side of every link it has, in one batch (one round trip). A monitor of many links reads each
     * SQL Server once per poll with this and {@link #combine}s the result per link.
     */
    public static SqlServerSide readSqlServer(Connection connection) throws SQLException {
        List<List<Map<String, Object>>> r = BatchResults.read(connection, BATCH, RESULT_SETS, "the link status read");
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(1)) {
            String name = (String) row.get("name");
            Group g = groups.computeIfAbsent(key(name), k -> new Group(name, bit(row.get("is_distributed")),
                    new ArrayList<>()));
            if (row.get("replica_server_name") != null) {
                g.members().add(new Member((String) row.get("replica_server_name"),
                        (String) row.get("availability_mode_desc")));
            }
        }
        List<ReplicaRow> replicas = new ArrayList<>();
        for (Map<String, Object> row : r.get(2)) {
            replicas.add(new ReplicaRow((String) row.get("name"), bit(row.get("is_local")),
                    (String) row.get("role_desc"), (String) row.get("connected_state_desc"),
                    (String) row.get("synchronization_health_desc"), integer(row.get("last_connect_error_number")),
                    (String) row.get("last_connect_error_description")));
        }
        List<DatabaseRow> databases = new ArrayList<>();
        for (Map<String, Object> row : r.get(3)) {
            databases.add(new DatabaseRow((String) row.get("name"), (String) row.get("database_name"),
                    bit(row.get("is_local")), (String) row.get("synchronization_state_desc"),
                    (String) row.get("synchronization_health_desc"), lsn(row.get("last_hardened_lsn")),
                    longValue(row.get("log_send_queue_size")), longValue(row.get("redo_queue_size")),
                    time(row.get("last_commit_time")), longValue(row.get("secondary_lag_seconds"))));
        }
        List<SeedingRow> seeding = new ArrayList<>();
        for (Map<String, Object> row : r.get(4)) {
            seeding.add(new SeedingRow((String) row.get("local_database_name"), (String) row.get("role_desc"),
                    (String) row.get("internal_state_desc"), orZero(row.get("transferred_size_bytes")),
                    orZero(row.get("database_size_bytes")), orZero(row.get("transfer_rate_bytes_per_second")),
                    integer(row.get("failure_code")), (String) row.get("failure_message")));
        }
        List<AutomaticSeedingRow> history = new ArrayList<>();
        for (Map<String, Object> row : r.get(5)) {
            history.add(new AutomaticSeedingRow((String) row.get("name"), time(row.get("start_time")),
                    (String) row.get("current_state"), integer(row.get("failure_state")),
                    (String) row.get("failure_state_desc"), integer(row.get("error_code"))));
        }
        Map<String, Double> used = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(6)) {
            if (row.get("Database Name") instanceof String name && row.get("Log Space Used (%)") instanceof Number n) {
                used.put(key(name), n.doubleValue());
            }
        }
        Map<String, LogSpaceRow> logSpace = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(7)) {
            String name = (String) row.get("name");
            logSpace.put(key(name), new LogSpaceRow(name, used.get(key(name)), (String) row.get("log_reuse_wait_desc")));
        }
        Map<String, LocalDateTime> lastLogBackups = new LinkedHashMap<>();
        for (Map<String, Object> row : r.get(8)) {
            LocalDateTime at = time(row.get("last_log_backup_start"));
            if (row.get("database_name") instanceof String name && at != null) {
                lastLogBackups.put(key(name), at);
            }
        }
        List<CertificateRow> certificates = new ArrayList<>();
        for (Map<String, Object> row : r.get(9)) {
            certificates.add(new CertificateRow((String) row.get("name"), time(row.get("expiry_date")),
                    (String) row.get("endpoint_name")));
        }
        Map<String, Object> server = r.get(0).get(0);
        return new SqlServerSide((String) server.get("server_name"), groups, replicas, databases, seeding, history,
                time(server.get("local_now")), logSpace, lastLogBackups, certificates);
    }

    // --- both sides into one status -----------------------------------------------------------------------------

    /**
     * The status of {@code links}' databases from one SQL Server read and one list of the instance's
     * {@code distributedAvailabilityGroups}. Pure: reads nothing, so one read of each side serves many links.
     */
    public static LinkStatus combine(SqlServerSide sql, List<DistributedAvailabilityGroup> instance, String instanceName,
                              List<DatabaseLinkNames> links, Instant now) {
        List<DatabaseStatus> databases = new ArrayList<>();
        for (DatabaseLinkNames names : links) {
            databases.add(database(sql, instance, instanceName, names, now));
        }
        return new LinkStatus(sql.serverName(), instanceName, now, databases);
    }

    private static DatabaseStatus database(SqlServerSide sql, List<DistributedAvailabilityGroup> instance,
                                           String instanceName, DatabaseLinkNames names, Instant now) {
        String dagName = names.distributedAvailabilityGroup();
        Group dag = sql.groups().get(key(dagName));
        if (dag != null && !dag.distributed()) {
            dag = null;
        }
        DistributedAvailabilityGroup link = instance.stream().filter(l -> dagName.equalsIgnoreCase(l.name()))
                .findFirst().orElse(null);
        DistributedAvailabilityGroup.LinkDatabase armDb = link == null ? null : link.databases().stream()
                .filter(d -> names.database().equalsIgnoreCase(d.databaseName())).findFirst()
                .orElse(link.databases().size() == 1 ? link.databases().get(0) : null);

        ReplicaRow localReplica = replica(sql, dagName, true);
        ReplicaRow remoteReplica = replica(sql, dagName, false);
        String sqlRole = localReplica == null ? null : upper(localReplica.role());
        String instanceRole = link != null && link.instanceLinkRole() != null ? upper(link.instanceLinkRole())
                : remoteReplica == null ? null : upper(remoteReplica.role());
        boolean sqlPrimary = !"SECONDARY".equals(sqlRole);

        DatabaseRow localRow = databaseRow(sql, names, dagName, true)
                .orElseGet(() -> databaseRow(sql, names, names.availabilityGroup(), true).orElse(null));
        DatabaseRow remoteRow = databaseRow(sql, names, dagName, false).orElse(null);
        // The secondary's state: the primary's row for it, or SQL Server's own row when SQL Server is the secondary.
        DatabaseRow secondaryView = sqlPrimary ? remoteRow : localRow;
        String state = secondaryView == null ? null : secondaryView.synchronizationState();
        String health = secondaryView != null && secondaryView.health() != null ? secondaryView.health()
                : armDb == null ? null : upper(armDb.synchronizationHealth());
        SeedingRow seedingRow = sql.seeding().stream().filter(s -> names.database().equalsIgnoreCase(s.database()))
                .max(Comparator.comparing((SeedingRow s) -> "Source".equalsIgnoreCase(s.role()))).orElse(null);
        AutomaticSeedingRow lastSeeding = sql.history().stream().filter(h -> dagName.equalsIgnoreCase(h.group()))
                .filter(h -> h.started() != null).max(Comparator.comparing(AutomaticSeedingRow::started))
                .orElse(null);
        String replicaState = armDb == null ? null : armDb.replicaState();
        Integer percent = percent(armDb, seedingRow);
        ReplicationModes modes = new ReplicationModes(dag == null ? null : mode(dag), link == null ? null
                : link.replicationMode());
        HardenedLsns lsns = new HardenedLsns(localRow == null ? null : localRow.lastHardenedLsn(),
                armDb == null ? null : armDb.lastHardenedLsn());
        Long lag = sqlPrimary ? (remoteRow == null ? null : remoteRow.lagSeconds())
                : armDb == null || armDb.instanceSendReplicationLagSeconds() == null ? null
                : armDb.instanceSendReplicationLagSeconds().longValue();

        List<String> reasons = new ArrayList<>();
        LinkPhase phase;
        boolean seedingFailed = seedingRow != null && seedingRow.failed()
                || lastSeeding != null && "FAILED".equalsIgnoreCase(lastSeeding.currentState())
                || is(replicaState, "LinkInitError", "LinkCreationError");
        boolean sqlSeesDisconnected = remoteReplica != null && "DISCONNECTED".equalsIgnoreCase(
                remoteReplica.connectedState());
        boolean instanceSeesDisconnected = armDb != null && "DISCONNECTED".equalsIgnoreCase(armDb.connectedState());
        if (dag == null && link == null) {
            phase = LinkPhase.REMOVED;
            reasons.add("no link for " + names.database() + " on either side: SQL Server has no distributed "
                    + "availability group [" + dagName + "] and the instance no link " + dagName + " (never "
                    + "created, or removed); milink link create makes it");
        } else if (link == null) {
            phase = LinkPhase.REMOVED;
            // Both stories leave this state: the link was removed on the instance, or its creation there never
            // finished (Azure ended the operation Failed, or the run stopped before it).
            reasons.add("the instance has no link " + dagName + ": it was removed there (the instance's database, if "
                    + "any, stays as an independent read-write copy), or its creation there did not finish; SQL "
                    + "Server still has the distributed availability group [" + dagName + "]: milink link create "
                    + "finishes the link, milink link delete removes SQL Server's half");
        } else if (dag == null) {
            phase = LinkPhase.REMOVED;
            reasons.add("SQL Server has no distributed availability group [" + dagName + "], while the instance "
                    + "still has the link " + dagName + ": milink link delete removes what is left, milink link "
                    + "create makes the link again");
        } else if (armDb == null) {
            phase = LinkPhase.REMOVED;
            reasons.add("the instance's link " + dagName + " has no database " + names.database());
        } else if (seedingFailed) {
            phase = LinkPhase.SEEDING_FAILED;
            seedingFailure(reasons, seedingRow, lastSeeding, armDb, replicaState);
        } else if (!joining(replicaState, armDb) && (sqlSeesDisconnected || instanceSeesDisconnected)
                || replicaState != null && replicaState.contains("Error")) {
            phase = LinkPhase.DISCONNECTED;
            disconnected(reasons, sqlSeesDisconnected, instanceSeesDisconnected, remoteReplica, armDb, replicaState);
        } else if (seedingRow != null || is(replicaState, "CreatingLink", "Seeding")) {
            phase = LinkPhase.SEEDING;
            if (sqlSeesDisconnected || instanceSeesDisconnected) {
                // While the instance creates the link the sides are not connected yet: that is the creation, not a
                // broken link. The instance itself ends it with LinkInitError (41962) when replication has not
                // started within 5 minutes (mi-link-workflow.md §7.1), which is SeedingFailed.
                reasons.add("the instance is still creating the link and the two sides are not connected yet; the"
                        + " instance reports LinkInitError (error 41962) if replication does not start within 5"
                        + " minutes");
            }
            reasons.add("seeding: the database is being copied to the " + (sqlPrimary ? "instance" : "SQL Server")
                    + (percent == null ? "" : " (" + percent + " %)") + "; it replicates once seeding and catch-up "
                    + "are done");
        } else if ("NOT SYNCHRONIZING".equalsIgnoreCase(state)) {
            phase = LinkPhase.DISCONNECTED;
            reasons.add("SQL Server reports the secondary NOT SYNCHRONIZING: no log flows although both sides are "
                    + "connected");
            errorText(reasons, armDb.mostRecentLinkError(), Set.of());
        } else if (is(replicaState, "Catchup")) {
            phase = LinkPhase.CATCHING_UP;
            reasons.add("catching up: the secondary hardens the log written while it was seeded (log send queue "
                    + kb(secondaryView == null ? null : secondaryView.logSendQueueKb()) + ", redo queue "
                    + kb(secondaryView == null ? null : secondaryView.redoQueueKb()) + ")");
        } else if (is(state, "SYNCHRONIZING", "SYNCHRONIZED") || is(replicaState, "LinkSynchronizing")) {
            phase = LinkPhase.REPLICATING;
            if (health != null && !"HEALTHY".equals(health)) {
                reasons.add("synchronization health is " + health);
                errorText(reasons, armDb.mostRecentLinkError(), Set.of());
            }
        } else {
            // replicaState is a free string: an unknown one is unknown, not a failure (§4.3).
            phase = LinkPhase.CATCHING_UP;
            reasons.add("the instance reports replicaState " + replicaState + " and SQL Server "
                    + (state == null ? "no state" : state) + " for the secondary: not yet replicating");
        }
        certificate(reasons, armDb, now);
        Signals signals = signals(sql, names, armDb, instanceName, lastSeeding, now);
        signalReasons(reasons, names.database(), phase, signals, now);
        Seeding seeding = phase == LinkPhase.SEEDING && seedingRow != null && !seedingRow.failed()
                ? new Seeding(seedingRow.transferredBytes(), seedingRow.sizeBytes(), seedingRow.bytesPerSecond(),
                seedingRow.bytesPerSecond() > 0 ? Math.max(0, seedingRow.sizeBytes() - seedingRow.transferredBytes())
                        / seedingRow.bytesPerSecond() : null) : null;
        Readiness readiness = readiness(phase, modes, state, lsns);
        return new DatabaseStatus(names.database(), dagName, phase, state, health, sqlRole, instanceRole, modes,
                replicaState, percent, seeding, secondaryView == null ? null : secondaryView.logSendQueueKb(),
                secondaryView == null ? null : secondaryView.redoQueueKb(), lag, lsns,
                secondaryView == null ? null : secondaryView.lastCommitTime(), reasons, readiness, signals);
    }

    /** What the alerts read besides the phase (docs/monitoring.md, "Alerts"), SQL Server's dates on this clock. */
    private static Signals signals(SqlServerSide sql, DatabaseLinkNames names,
                                   DistributedAvailabilityGroup.LinkDatabase armDb, String instanceName,
                                   AutomaticSeedingRow lastSeeding, Instant now) {
        String dagName = names.distributedAvailabilityGroup();
        Instant firstSeeding = sql.history().stream().filter(h -> dagName.equalsIgnoreCase(h.group()))
                .map(AutomaticSeedingRow::started).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .map(t -> serverInstant(sql, t, now)).orElse(null);
        LogSpaceRow log = sql.logSpace().get(key(names.database()));
        LocalDateTime lastLogBackup = sql.lastLogBackups().get(key(names.database()));
        List<CertificateValidity> certificates = new ArrayList<>();
        for (CertificateRow c : sql.certificates()) {
            if (c.expiry() == null || c.name() == null) {
                continue;
            }
            // sys.certificates.expiry_date: taken as UTC, as X.509 dates are (UNCONFIRMED: the view's page does not
            // say); a few hours do not matter to a warning given in days.
            Instant expiry = c.expiry().toInstant(java.time.ZoneOffset.UTC);
            if (c.endpoint() != null) {
                certificates.add(new CertificateValidity(CertificateRole.SQL_SERVER_ENDPOINT, c.name(), expiry));
            } else if (instanceName != null && c.name().toLowerCase(Locale.ROOT)
                    .startsWith(instanceName.toLowerCase(Locale.ROOT) + ".")) {
                // The instance's endpoint certificate is imported under the instance's FQDN (mi-link-workflow.md §4.6).
                certificates.add(new CertificateValidity(CertificateRole.INSTANCE_ON_SQL_SERVER, c.name(), expiry));
            }
        }
        if (armDb != null && armDb.partnerAuthCertificateExpiry() != null) {
            certificates.add(new CertificateValidity(CertificateRole.SQL_SERVER_ON_INSTANCE,
                    armDb.partnerAuthCertificateName(), armDb.partnerAuthCertificateExpiry().toInstant()));
        }
        return new Signals(lastSeeding == null || lastSeeding.started() == null ? null
                : serverInstant(sql, lastSeeding.started(), now), firstSeeding,
                lastLogBackup == null ? null : serverInstant(sql, lastLogBackup, now),
                log == null ? null : log.usedPercent(), log == null ? null : log.reuseWait(), certificates);
    }

    /**
     * A date in SQL Server's local time as an instant on the reader's clock: how long before SQL Server's own now it
     * was. {@code sys.dm_hadr_automatic_seeding.start_time} and {@code msdb.dbo.backupset} dates are taken as local
     * time (the backup history's are documented so; the seeding view's UNCONFIRMED), and both are compared with each
     * other and with SQL Server's clock only.
     */
    private static Instant serverInstant(SqlServerSide sql, LocalDateTime at, Instant now) {
        if (sql.localNow() == null) {
            return at.toInstant(java.time.ZoneOffset.UTC);
        }
        return now.minus(Duration.between(at, sql.localNow()));
    }

    /** Reasons from the log, the log backups during seeding and SQL Server's own certificates. */
    private static void signalReasons(List<String> reasons, String database, LinkPhase phase, Signals s,
                                      Instant now) {
        if (s.logBackupDuringSeeding(phase)) {
            reasons.add("a log backup of " + database + " started at " + s.lastLogBackupAt() + ", after seeding "
                    + "started at " + s.seedingStartedAt() + ": it can truncate log the secondary still needs "
                    + "(errors 1408/1412 on the instance), and then the link must be removed and made again; pause "
                    + "log backups until seeding is done (or use trace flag 12381 where the build has it)");
        }
        if (s.logUsedPercent() != null && (s.logUsedPercent() >= LOG_CRITICAL_PERCENT
                || s.logUsedPercent() >= LOG_WARNING_PERCENT && s.logHeldByLink())) {
            reasons.add(logText(database, s));
        }
        for (CertificateValidity c : s.certificates()) {
            if (c.role() == CertificateRole.SQL_SERVER_ON_INSTANCE) {
                continue; // said above, as the instance reports it
            }
            if (!c.expiry().isAfter(now)) {
                reasons.add(c.role().label() + " [" + c.name() + "] expired on " + c.expiry() + ": "
                        + c.role().remedy());
            } else if (c.expiry().isBefore(now.plus(CERTIFICATE_WARNING))) {
                reasons.add(c.role().label() + " [" + c.name() + "] expires on " + c.expiry() + ", within "
                        + CERTIFICATE_WARNING.toDays() + " days: " + c.role().remedy());
            }
        }
    }

    /** The log's state in words with what to do (mi-link-workflow.md §4.5, §7.5). */
    public static String logText(String database, Signals s) {
        String used = String.format(Locale.ROOT, "%.1f", s.logUsedPercent());
        return "SQL Server's transaction log of " + database + " is " + used + " % full"
                + (s.logHeldByLink() ? " and cannot be truncated until the instance hardens it (log_reuse_wait_desc "
                + "AVAILABILITY_REPLICA)" : " (log_reuse_wait_desc " + (s.logReuseWait() == null ? "unknown"
                : s.logReuseWait()) + ")")
                + ": at 100 % writes stop (error 9002) and replication to the instance stops; fix what holds "
                + "replication back, take log backups once seeding is done, or give the log more disk";
    }

    private static void seedingFailure(List<String> reasons, SeedingRow row, AutomaticSeedingRow history,
                                       DistributedAvailabilityGroup.LinkDatabase armDb, String replicaState) {
        Set<Integer> explained = new java.util.HashSet<>();
        if (row != null && row.failed()) {
            reasons.add("seeding failed: " + (row.failureMessage() == null ? "SQL Server gives no message"
                    : row.failureMessage()) + (row.failureCode() == null ? "" : " (failure_code "
                    + row.failureCode() + ")"));
            explained.addAll(explain(reasons, row.failureMessage(), Set.of()));
        }
        if (history != null && "FAILED".equalsIgnoreCase(history.currentState())) {
            if (row == null || !row.failed()) {
                reasons.add("seeding failed: " + (history.failureStateDesc() == null ? "failure_state "
                        + history.failureState() : history.failureStateDesc())
                        + (history.errorCode() == null || history.errorCode() == 0 ? ""
                        : " (error " + history.errorCode() + ")"));
            }
            KnownLinkErrors.seedingFailureState(history.failureState()).ifPresent(reasons::add);
            if (history.errorCode() != null && explained.add(history.errorCode())) {
                KnownLinkErrors.cause(history.errorCode()).ifPresent(c -> reasons.add(history.errorCode() + ": " + c));
            }
        }
        if (replicaState != null && replicaState.contains("Error")) {
            reasons.add("the instance reports " + replicaState);
        }
        if (armDb != null && armDb.mostRecentLinkError() != null && (row == null
                || !armDb.mostRecentLinkError().equals(row.failureMessage()))) {
            errorText(reasons, armDb.mostRecentLinkError(), explained);
        }
        reasons.add("seeding does not resume: fix the cause, then run milink link create again, which drops the failed"
                + " link on both sides and creates it again (milink link plan shows it first); or remove the link"
                + " (milink link delete)");
    }

    private static void disconnected(List<String> reasons, boolean sqlSees, boolean instanceSees, ReplicaRow remote,
                                     DistributedAvailabilityGroup.LinkDatabase armDb, String replicaState) {
        if (sqlSees) {
            reasons.add("SQL Server sees the instance's replica DISCONNECTED");
        }
        if (instanceSees) {
            reasons.add("the instance reports the link DISCONNECTED");
        }
        if (replicaState != null && replicaState.contains("Error")) {
            reasons.add("the instance reports " + replicaState);
        }
        Set<Integer> explained = new java.util.HashSet<>();
        if (remote != null && remote.lastConnectErrorNumber() != null) {
            int n = remote.lastConnectErrorNumber();
            reasons.add("SQL Server's last connection error: " + n + (remote.lastConnectErrorDescription() == null
                    ? "" : " " + remote.lastConnectErrorDescription()));
            explained.add(n);
            KnownLinkErrors.cause(n).ifPresent(c -> reasons.add(n + ": " + c));
        }
        if (armDb != null) {
            errorText(reasons, armDb.mostRecentLinkError(), explained);
        }
    }

    /** The instance's most recent link error, and the documented cause of each known number it names. */
    private static void errorText(List<String> reasons, String message, Set<Integer> alreadyExplained) {
        if (message == null || message.isBlank()) {
            return;
        }
        reasons.add("the instance's most recent link error: " + message);
        explain(reasons, message, alreadyExplained);
    }

    private static Set<Integer> explain(List<String> reasons, String message, Set<Integer> alreadyExplained) {
        Set<Integer> numbers = KnownLinkErrors.numbersIn(message);
        for (int n : numbers) {
            if (!alreadyExplained.contains(n)) {
                KnownLinkErrors.cause(n).ifPresent(c -> reasons.add(n + ": " + c));
            }
        }
        return numbers;
    }

    private static void certificate(List<String> reasons, DistributedAvailabilityGroup.LinkDatabase armDb,
                                    Instant now) {
        if (armDb == null || armDb.partnerAuthCertificateExpiry() == null) {
            return;
        }
        Instant expiry = armDb.partnerAuthCertificateExpiry().toInstant();
        String name = armDb.partnerAuthCertificateName() == null ? "SQL Server's certificate"
                : "SQL Server's certificate [" + armDb.partnerAuthCertificateName() + "]";
        if (!expiry.isAfter(now)) {
            reasons.add(name + " expired on " + armDb.partnerAuthCertificateExpiry().toLocalDate()
                    + ": the link fails without a valid one; rotate it ('milink link rotate-certificate', docs/certificates.md)");
        } else if (expiry.isBefore(now.plus(CERTIFICATE_WARNING))) {
            reasons.add(name + " expires on " + armDb.partnerAuthCertificateExpiry().toLocalDate()
                    + ", within " + CERTIFICATE_WARNING.toDays() + " days: the link fails then; rotate it "
                    + "('milink link rotate-certificate', docs/certificates.md)");
        }
    }

    /** The planned-failover gates, each that fails in words (mi-link-workflow.md §4.4, §5.2). */
    static Readiness readiness(LinkPhase phase, ReplicationModes modes, String state, HardenedLsns lsns) {
        List<String> blocked = new ArrayList<>();
        if (phase != LinkPhase.REPLICATING) {
            blocked.add("the database is " + phase.label() + ", not Replicating");
        }
        if (phase == LinkPhase.REMOVED) {
            // No link, nothing else to judge: the other gates would only repeat that.
            return new Readiness(false, blocked);
        }
        if (!modes.synchronous()) {
            blocked.add("replication is not synchronous on both sides (SQL Server " + orUnknown(modes.sqlServer())
                    + ", instance " + orUnknown(modes.managedInstance()) + "): a planned failover needs synchronous "
                    + "commit; set link.replicationMode: sync in the spec and run milink link create");
        }
        if (!"SYNCHRONIZED".equals(state)) {
            blocked.add("SQL Server reports the secondary " + (state == null ? "in no state" : state)
                    + ", not SYNCHRONIZED" + ("SYNCHRONIZING".equals(state) && !modes.synchronous()
                    ? " (an asynchronous secondary never is)" : ""));
        }
        if (!sameLsn(lsns.sqlServer(), lsns.managedInstance())) {
            blocked.add("the last hardened LSNs differ (SQL Server " + orUnknown(lsns.sqlServer()) + ", instance "
                    + orUnknown(lsns.managedInstance()) + ")");
        }
        return new Readiness(blocked.isEmpty(), blocked);
    }

    private static boolean sameLsn(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim())) == 0;
        } catch (NumberFormatException e) {
            return a.trim().equals(b.trim());
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static ReplicaRow replica(SqlServerSide sql, String group, boolean local) {
        return sql.replicas().stream().filter(r -> group.equalsIgnoreCase(r.group()) && r.local() == local)
                .findFirst().orElse(null);
    }

    private static java.util.Optional<DatabaseRow> databaseRow(SqlServerSide sql, DatabaseLinkNames names,
                                                               String group, boolean local) {
        return sql.databases().stream().filter(d -> group.equalsIgnoreCase(d.group()) && d.local() == local
                && names.database().equalsIgnoreCase(d.database())).findFirst();
    }

    /** SQL Server's mode for the DAG: its members' mode when they agree, MIXED when not. */
    private static String mode(Group dag) {
        Set<String> modes = new java.util.TreeSet<>();
        dag.members().forEach(m -> modes.add(m.availabilityMode()));
        return modes.isEmpty() ? null : modes.size() == 1 ? modes.iterator().next() : "MIXED";
    }

    private static Integer percent(DistributedAvailabilityGroup.LinkDatabase armDb, SeedingRow row) {
        if (armDb != null && armDb.seedingProgress() != null) {
            String digits = armDb.seedingProgress().replace("%", "").trim();
            try {
                return (int) Math.round(Double.parseDouble(digits));
            } catch (NumberFormatException e) {
                // not a number: fall back to SQL Server's bytes
            }
        }
        if (row != null && row.sizeBytes() > 0) {
            return (int) Math.min(100, row.transferredBytes() * 100 / row.sizeBytes());
        }
        return null;
    }

    /**
     * Whether the instance is still creating the link and has never reported an error for it: the two sides are not
     * connected yet because the link is being made, not because it broke. A connection lost later (a partition, a
     * restart) comes with the instance's most recent link error, and is Disconnected.
     */
    private static boolean joining(String replicaState, DistributedAvailabilityGroup.LinkDatabase armDb) {
        return is(replicaState, "CreatingLink") && (armDb.mostRecentLinkError() == null
                || armDb.mostRecentLinkError().isBlank());
    }

    private static boolean is(String value, String... any) {
        if (value == null) {
            return false;
        }
        for (String a : any) {
            if (a.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private static String kb(Long kb) {
        return kb == null ? "unknown" : kb + " KB";
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static boolean bit(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static Long longValue(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }

    private static long orZero(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    private static String lsn(Object o) {
        return o instanceof BigDecimal b ? b.toPlainString() : o == null ? null : o.toString();
    }

    private static LocalDateTime time(Object o) {
        if (o instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (o instanceof LocalDateTime t) {
            return t;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toLocalDateTime();
        }
        return null;
    }

}
