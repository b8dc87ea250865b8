package io.milink.simulator.link;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One simulated Managed Instance link world shared by the SQL Server twin and the ARM twin: the distributed
 * availability groups between them, their seeding, log shipping, lag, roles and failovers, on a
 * {@link VirtualClock}. Both twins read the same numbers (through {@link #status(String)}), so a fault on one side
 * shows on both, as it does in production (shared/reference/mi-link-workflow.md §3–§7).
 *
 * <p>The model is lazy: nothing runs in the background. Every read or change first advances the world from the
 * last instant it was advanced to up to the clock's now, in steps, so the same clock readings give the same
 * answers. One lock guards the world and both twins' state: the SQL Server twin uses {@link #lock()} as its state
 * lock and the ARM twin's managed instance takes it too, so no two locks are ever taken in opposite orders.
 */
public final class LinkWorld {

    /** Steps never cover more simulated time than this, so windows and rates stay accurate enough. */
    private static final Duration MAX_STEP = Duration.ofSeconds(1);
    /** With long jumps (days), at most this many steps per advance keep a read fast. */
    private static final int MAX_STEPS = 20_000;
    /** The SQL Server's log position a link starts from (an arbitrary, realistic-looking VLF). */
    private static final long VLF_BYTES = 64L * 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final VirtualClock clock;
    private final LinkSettings settings;
    private final Instant started;
    private final Map<String, Link> links = new LinkedHashMap<>();
    /** Seeding failures already used, per fault and database ("index of the fault@database"). */
    private final Set<String> consumedFaults = new HashSet<>();
    private final Map<String, ExistingPhase> declaredPhases = new HashMap<>();
    /** The instance's automatic full backups, each listed from its finish on (those finishing later are pending). */
    private final List<InstanceBackup> instanceBackups = new ArrayList<>();
    private SqlServerSide sqlServer;
    private ManagedInstanceSide managedInstance;
    private Instant advancedTo;
    private boolean workloadPaused;
    private final List<RoleChange> roleChanges = new ArrayList<>();

    /**
     * A role change as the world made it, with each database's log positions at that moment: what the old primary
     * had written (and hardened) and what the old secondary had hardened. For tests that check a failover against the
     * world itself rather than against what a client read.
     *
     * @param planned whether it was a planned failover (else forced)
     */
    public record RoleChange(String link, Instant at, boolean planned, LinkRole sqlServerRoleAfter,
                             List<DatabaseLog> databases) {
        public RoleChange {
            databases = List.copyOf(databases);
        }

        /** Both sides' last hardened LSN of one database at the role change. */
        public record DatabaseLog(String database, BigDecimal primaryHardenedLsn, BigDecimal secondaryHardenedLsn) {
            public boolean equal() {
                return primaryHardenedLsn.compareTo(secondaryHardenedLsn) == 0;
            }
        }
    }

    private LinkWorld(VirtualClock clock, LinkSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.started = clock.now();
        this.advancedTo = started;
    }

    public static LinkWorld create(VirtualClock clock, LinkSettings settings) {
        return new LinkWorld(clock, settings);
    }

    /** A world on a clock running {@code timeScale} simulated seconds per real second, with default rates. */
    public static LinkWorld create(double timeScale) {
        return new LinkWorld(new VirtualClock(Instant.now(), timeScale), LinkSettings.DEFAULTS);
    }

    public ReentrantLock lock() {
        return lock;
    }

    public VirtualClock clock() {
        return clock;
    }

    public LinkSettings settings() {
        return settings;
    }

    /** Simulated time since the world started. */
    public Duration elapsed() {
        return Duration.between(started, clock.now());
    }

    public void attach(SqlServerSide side) {
        locked(() -> {
            this.sqlServer = side;
            return null;
        });
    }

    public void attach(ManagedInstanceSide side) {
        locked(() -> {
            this.managedInstance = side;
            return null;
        });
    }

    /** Stops the simulated application's writes (as a DBA stops the workload before a planned failover). */
    public void pauseWorkload() {
        locked(() -> {
            advance();
            workloadPaused = true;
            return null;
        });
    }

    public void resumeWorkload() {
        locked(() -> {
            advance();
            workloadPaused = false;
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The link of that (distributed availability group) name at the clock's now, if either side has it. */
    public Optional<LinkStatus> status(String name) {
        return locked(() -> {
            advance();
            Link link = links.get(key(name));
            return Optional.ofNullable(link == null ? null : link.status());
        });
    }

    public List<LinkStatus> statuses() {
        return locked(() -> {
            advance();
            return links.values().stream().map(Link::status).toList();
        });
    }

    /**
     * A full backup the managed instance took by itself of one of its databases: a row of its
     * {@code msdb.dbo.backupset} (type D, not copy-only).
     *
     * @param firstLsn the log position the backup starts from
     * @param lastLsn  the log position it covers up to
     */
    public record InstanceBackup(String database, Instant started, Instant finished, BigDecimal firstLsn,
                                 BigDecimal lastLsn) {
    }

    /**
     * The full backups the managed instance has finished by the clock's now, oldest first. The instance backs up
     * a database by itself, whether it is the link's primary or secondary (Microsoft Learn, "Configure a link with
     * scripts": no backup preparation on the instance), and a failover to it is followed by a new full backup
     * (the known issue of "Fail over a link": wait for the first full backup after the failover before removing the
     * link). When each runs is not published: the twin finishes one {@code instanceFirstFullBackupAfter} after the
     * database arrives on the instance (seeded) and after each time the instance becomes its primary (UNCONFIRMED
     * timing).
     */
    public List<InstanceBackup> instanceBackups() {
        return locked(() -> {
            advance();
            Instant now = clock.now();
            return instanceBackups.stream().filter(b -> !b.finished().isAfter(now)).toList();
        });
    }

    /** Schedules the instance's automatic full backup of {@code db}, due the configured time after {@code from}. */
    private void scheduleInstanceFullBackup(ReplicatedDatabase db, Instant from) {
        Instant finished = from.plus(settings.instanceFirstFullBackupAfter());
        // How long a backup takes is not the point here; a minute per 10 GB looks real and keeps start < finish.
        Duration takes = Duration.ofSeconds(Math.max(30, db.sizeBytes / (10 * 1024L * LinkSettings.MB) * 60));
        Instant started = finished.minus(takes);
        instanceBackups.add(new InstanceBackup(db.name, started.isBefore(from) ? from : started, finished,
                lsn(db.primaryLog), lsn(db.primaryLog + 512)));
    }

    /** A backup that finished before the twins started, for a database already on the instance then. */
    private void recordEarlierInstanceFullBackup(ReplicatedDatabase db, Instant finished) {
        instanceBackups.add(new InstanceBackup(db.name, finished.minus(Duration.ofMinutes(1)), finished,
                lsn(db.seedingStartLog), lsn(db.seedingStartLog + 512)));
    }

    // ------------------------------------------------------------------------------------------------ ARM side

    /**
     * What ARM's create (PUT distributedAvailabilityGroups) asks for.
     *
     * @param instanceIsPrimary whether {@code instanceLinkRole} is Primary (the instance is the initial primary)
     */
    public record JoinRequest(String name, String instanceAvailabilityGroupName, String partnerAvailabilityGroupName,
                              String partnerEndpoint, List<String> databases, boolean instanceIsPrimary,
                              boolean synchronousCommit) {
    }

    /**
     * The managed instance joins the distributed availability group SQL Server made: the create operation's
     * outcome. When everything the link needs is in place seeding starts; otherwise the link is refused with the
     * documented error, which SQL Server's side shows as its last connection error too.
     */
    public void join(JoinRequest request) {
        locked(() -> {
            advance();
            Link existing = links.get(key(request.name()));
            if (existing != null && existing.onManagedInstance) {
                return null;
            }
            LinkError refusal = joinRefusal(request);
            Instant now = clock.now();
            if (refusal != null) {
                if (sqlServer != null && sqlServer.distributedGroup(request.name()) != null) {
                    Link pending = existing != null ? existing : newLink(request.name());
                    pending.lastError = refusal;
                    pending.lastErrorTime = now;
                    links.putIfAbsent(key(request.name()), pending);
                    sqlServer.replicationChanged();
                }
                throw new LinkRefusedException(refusal);
            }
            Link link = existing != null ? existing : newLink(request.name());
            link.onManagedInstance = true;
            link.instanceSynchronous = request.synchronousCommit();
            link.managedInstanceRole = request.instanceIsPrimary() ? LinkRole.PRIMARY : LinkRole.SECONDARY;
            link.sqlServerRole = request.instanceIsPrimary() ? LinkRole.SECONDARY : LinkRole.PRIMARY;
            link.lastError = null;
            link.connected = true;
            link.createdAt = now;
            link.databases.clear();
            for (String db : request.databases()) {
                SqlServerSide.Database d = sqlServer.database(db);
                long size = d != null ? d.sizeBytes() : VLF_BYTES;
                link.databases.add(new ReplicatedDatabase(d != null ? d.name() : db, size, 37 * VLF_BYTES, now));
            }
            links.put(key(request.name()), link);
            sqlServer.replicationChanged();
            return null;
        });
    }

    /**
     * A link that exists when the twins start (made by another tool), in the given phase, without the checks a
     * new link gets: what a scenario describes. Seeded phases start caught up.
     */
    public void adopt(JoinRequest request) {
        locked(() -> {
            advance();
            ExistingPhase declared = declaredPhases.getOrDefault(key(request.name()),
                    new ExistingPhase(ReplicationPhase.SYNCHRONIZING, 0, 0));
            ReplicationPhase phase = declared.phase();
            Instant now = clock.now();
            Link link = links.computeIfAbsent(key(request.name()), k -> newLink(request.name()));
            link.onManagedInstance = true;
            link.createdAt = now;
            link.instanceSynchronous = request.synchronousCommit();
            link.managedInstanceRole = request.instanceIsPrimary() ? LinkRole.PRIMARY : LinkRole.SECONDARY;
            link.sqlServerRole = request.instanceIsPrimary() ? LinkRole.SECONDARY : LinkRole.PRIMARY;
            link.databases.clear();
            for (String db : request.databases()) {
                SqlServerSide.Database d = sqlServer == null ? null : sqlServer.database(db);
                ReplicatedDatabase replicated = new ReplicatedDatabase(d != null ? d.name() : db,
                        d != null ? d.sizeBytes() : VLF_BYTES, 37 * VLF_BYTES, now);
                replicated.phase = phase;
                if (replicated.seeded()) {
                    replicated.seededBytes = replicated.sizeBytes;
                    replicated.seedingCompleted = now;
                    replicated.hardened = replicated.primaryLog;
                    replicated.redone = replicated.primaryLog;
                    replicated.lastHardenedTime = now;
                    replicated.lastRedoneTime = now;
                } else if (phase == ReplicationPhase.SEEDING_FAILED) {
                    replicated.failSeeding(now, 15, "Seeding failed before the twin started.");
                }
                link.databases.add(replicated);
            }
            applyPhase(link, declared);
            link.connected = link.bothSidesPresent();
            for (ReplicatedDatabase db : link.databases) {
                if (db.seeded() && managedInstance != null && link.managedInstanceRole == LinkRole.SECONDARY) {
                    managedInstance.databaseCreated(db.name);
                }
                if (db.seeded()) {
                    // On the instance since before the twins started: its first full backup is long done.
                    recordEarlierInstanceFullBackup(db, now);
                }
            }
            notifySqlServer();
            return null;
        });
    }

    /** Whether the instance adopted a link of that name (a scenario's declared link must be on both sides). */
    public boolean onManagedInstance(String name) {
        return locked(() -> {
            Link link = links.get(key(name));
            return link != null && link.onManagedInstance;
        });
    }

    /**
     * How a link that exists when the twins start (made by another tool) is to be found when the instance adopts
     * it: {@code seedingPercent} of the way through seeding, catching up with {@code backlogSeconds} of the
     * workload's log to send, synchronizing, or seeding failed. Declared before the instance starts.
     */
    public record ExistingPhase(ReplicationPhase phase, int seedingPercent, int backlogSeconds) {
    }

    public void declareExisting(String name, ExistingPhase phase) {
        locked(() -> declaredPhases.put(key(name), phase));
    }

    /**
     * A link made before the twins started was made the documented way: SQL Server's endpoint certificate uploaded to
     * the instance as a server trust certificate, under its own name (scripts page §3.3), before the link joined. The
     * scenario cannot say so itself (the twin makes the certificate's key at start), so both twins being up, the
     * instance is given it here, when it does not trust it already.
     */
    public void trustEndpointCertificateOfExistingLinks() {
        locked(() -> {
            if (declaredPhases.isEmpty() || sqlServer == null || managedInstance == null) {
                return null;
            }
            SqlServerSide.MirroringEndpoint endpoint = sqlServer.mirroringEndpoint();
            SqlServerSide.Certificate presented = endpoint == null || endpoint.certificateName() == null ? null
                    : certificate(endpoint.certificateName());
            if (presented != null && managedInstance.trustCertificates().stream()
                    .noneMatch(der -> Arrays.equals(der, presented.der()))) {
                managedInstance.trustUploadedBefore(presented.name(), presented.der());
            }
            return null;
        });
    }

    private void applyPhase(Link link, ExistingPhase declared) {
        ReplicationPhase phase = declared.phase();
        int seedingPercent = declared.seedingPercent();
        int backlogSeconds = declared.backlogSeconds();
        Instant now = clock.now();
        for (ReplicatedDatabase db : link.databases) {
            db.phase = phase;
            switch (phase) {
                case SEEDING -> {
                    db.seededBytes = (db.sizeBytes * Math.max(0, Math.min(99, seedingPercent)) + 99) / 100;
                    db.seedingCompleted = null;
                    db.seedingStartLog = db.primaryLog;
                    db.hardened = db.primaryLog;
                    db.redone = db.primaryLog;
                }
                case CATCHING_UP -> {
                    db.primaryLog += settings.workloadBytesPerSecond() * Math.max(0, backlogSeconds);
                    db.lastCommitTime = now;
                }
                case SEEDING_FAILED -> db.failSeeding(now, 15, "Seeding failed before the twin started.");
                case SYNCHRONIZING -> { }
            }
        }
    }

    /** PATCH replicationMode: the commit mode the instance uses while it is primary. */
    public void setInstanceReplicationMode(String name, boolean synchronousCommit) {
        locked(() -> {
            advance();
            Link link = requireInstanceLink(name);
            link.instanceSynchronous = synchronousCommit;
            notifySqlServer();
            return null;
        });
    }

    /**
     * ARM's failover. Planned: only from the primary instance (the route checks the role), only when the
     * secondary is synchronized with equal hardened LSNs; roles swap and both sides return to asynchronous commit.
     * Forced: the instance becomes primary with what it has hardened; the unhardened tail is lost, and a SQL Server
     * that is still up stays primary too until it is told {@code SET (ROLE = SECONDARY)} (split brain, Doc §5.6).
     */
    public void failoverFromManagedInstance(String name, boolean forced) {
        locked(() -> {
            advance();
            Link link = requireInstanceLink(name);
            if (forced) {
                force(link, false);
            } else {
                plannedSwap(link);
            }
            notifySqlServer();
            return null;
        });
    }

    /** ARM setRole: {@code Secondary} demotes the instance; {@code Primary} (forced only) promotes it. */
    public void setInstanceRole(String name, LinkRole role) {
        locked(() -> {
            advance();
            Link link = requireInstanceLink(name);
            if (role == LinkRole.PRIMARY) {
                force(link, false);
            } else {
                demote(link, false);
            }
            notifySqlServer();
            return null;
        });
    }

    /**
     * ARM delete: replication stops; the instance's databases stay, read-write (Doc §5.5, §6). SQL Server keeps
     * its distributed availability group (disconnected) until it is dropped there.
     */
    public void instanceLinkRemoved(String name) {
        locked(() -> {
            advance();
            Link link = links.get(key(name));
            if (link != null) {
                link.onManagedInstance = false;
                forgetIfGone(link);
            }
            notifySqlServer();
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ SQL side

    /** Whether SQL Server is the distributed group's primary (true before the instance ever joined). */
    public boolean sqlServerIsPrimary(String name) {
        return locked(() -> {
            advance();
            Link link = links.get(key(name));
            return link == null || link.sqlServerRole == LinkRole.PRIMARY;
        });
    }

    /** {@code ALTER AVAILABILITY GROUP [dag] FAILOVER} on SQL Server, its primary (Doc §5.3). */
    public void plannedFailoverFromSqlServer(String name) {
        locked(() -> {
            advance();
            Link link = requireJoined(name);
            if (link.sqlServerRole != LinkRole.PRIMARY) {
                // A distributed group's FAILOVER runs on the current primary (Doc §5.3).
                throw new LinkRefusedException(LinkError.roleChangeFailed(name, "This instance is not the"
                        + " distributed availability group's primary; run FAILOVER on the primary."));
            }
            plannedSwap(link);
            notifySqlServer();
            return null;
        });
    }

    /** {@code ALTER AVAILABILITY GROUP [dag] FORCE_FAILOVER_ALLOW_DATA_LOSS} on SQL Server, the secondary. */
    public void forcedFailoverToSqlServer(String name) {
        locked(() -> {
            advance();
            force(requireJoined(name), true);
            notifySqlServer();
            return null;
        });
    }

    /** {@code ALTER AVAILABILITY GROUP [dag] SET (ROLE = SECONDARY)} on SQL Server. */
    public void demoteSqlServer(String name) {
        locked(() -> {
            advance();
            Link link = links.get(key(name));
            if (link == null) {
                link = newLink(name);
                links.put(key(name), link);
            }
            demote(link, true);
            notifySqlServer();
            return null;
        });
    }

    /**
     * The availability modes of SQL Server's distributed group changed (ALTER … MODIFY AVAILABILITY GROUP ON): the
     * distributed group's metadata reaches the instance, which then reports the same replication mode.
     */
    public void sqlServerModesChanged(String name) {
        locked(() -> {
            advance();
            Link link = links.get(key(name));
            SqlServerSide.DistributedGroup group = link == null ? null : link.sqlServerGroup();
            if (group != null && link.onManagedInstance) {
                link.instanceSynchronous = group.local().synchronousCommit() && group.remote().synchronousCommit();
            }
            notifySqlServer();
            return null;
        });
    }

    /** SQL Server dropped the distributed availability group: the instance's side stays, disconnected. */
    public void sqlServerGroupDropped(String name) {
        locked(() -> {
            advance();
            Link link = links.get(key(name));
            if (link != null) {
                link.droppedOnSqlServer = true;
                forgetIfGone(link);
            }
            notifySqlServer();
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ the model

    private final class Link {
        final String name;
        boolean onManagedInstance;
        boolean droppedOnSqlServer;
        LinkRole sqlServerRole = LinkRole.PRIMARY;
        LinkRole managedInstanceRole = LinkRole.SECONDARY;
        boolean instanceSynchronous;
        boolean connected;
        Instant createdAt;
        LinkError lastError;
        Instant lastErrorTime;
        final List<ReplicatedDatabase> databases = new ArrayList<>();

        Link(String name) {
            this.name = name;
        }

        SqlServerSide.DistributedGroup sqlServerGroup() {
            return sqlServer == null || droppedOnSqlServer ? null : sqlServer.distributedGroup(name);
        }

        /** The commit mode in force: the primary side's setting. */
        boolean synchronousCommit() {
            if (managedInstanceRole == LinkRole.PRIMARY && sqlServerRole != LinkRole.PRIMARY) {
                return instanceSynchronous;
            }
            SqlServerSide.DistributedGroup group = sqlServerGroup();
            return group != null && group.local().synchronousCommit() && group.remote().synchronousCommit();
        }

        /** Both primary (split brain) or both secondary (between a demotion and the other side's promotion). */
        boolean splitBrainOrBothSecondary() {
            return sqlServerRole == managedInstanceRole;
        }

        boolean bothSidesPresent() {
            return onManagedInstance && sqlServerGroup() != null;
        }

        /** The certificate SQL Server's endpoint authenticates with, as the instance knows it. */
        LinkStatus.CertificateValidity partnerCertificate() {
            SqlServerSide.MirroringEndpoint endpoint = sqlServer == null ? null : sqlServer.mirroringEndpoint();
            SqlServerSide.Certificate c = endpoint == null || endpoint.certificateName() == null ? null
                    : certificate(endpoint.certificateName());
            return c == null ? null : new LinkStatus.CertificateValidity(c.name(), c.expiryDate());
        }

        /** Connected now: a role change or a removal takes effect at once, before the next step. */
        boolean connectedNow() {
            return connected && bothSidesPresent() && !splitBrainOrBothSecondary();
        }

        LinkStatus status() {
            boolean sync = synchronousCommit();
            List<LinkStatus.DatabaseStatus> dbs = new ArrayList<>();
            for (ReplicatedDatabase db : databases) {
                dbs.add(databaseStatus(this, db, sync));
            }
            return new LinkStatus(sqlServerGroup() != null ? sqlServerGroup().name() : name, sqlServerGroup() != null,
                    onManagedInstance, sqlServerRole, managedInstanceRole, connectedNow(), sync, instanceSynchronous,
                    lastError, lastErrorTime, partnerCertificate(), dbs);
        }
    }

    private LinkStatus.DatabaseStatus databaseStatus(Link link, ReplicatedDatabase db, boolean sync) {
        String state;
        String health;
        boolean caughtUp = db.phase == ReplicationPhase.SYNCHRONIZING;
        if (!link.connectedNow() || !db.seeded() || db.logFull) {
            state = "NOT SYNCHRONIZING";
            health = "NOT_HEALTHY";
        } else if (sync && caughtUp && db.hardened == db.primaryLog) {
            state = "SYNCHRONIZED";
            health = "HEALTHY";
        } else {
            state = "SYNCHRONIZING";
            // An asynchronous secondary that keeps up is healthy; a synchronous one that is not synchronized is not.
            health = sync && !caughtUp ? "PARTIALLY_HEALTHY" : "HEALTHY";
        }
        long queue = db.sendQueue();
        long lag = settings.workloadBytesPerSecond() == 0 || queue == 0 ? 0
                : Math.max(0, Math.round((double) queue / settings.workloadBytesPerSecond()));
        Instant eta = null;
        if (db.phase == ReplicationPhase.SEEDING) {
            long remaining = db.sizeBytes - db.seededBytes;
            eta = clock.now().plusMillis(remaining * 1000 / settings.seedingBytesPerSecond());
        }
        return new LinkStatus.DatabaseStatus(db.name, db.phase, state, health, lsn(db.primaryLog),
                lsn(db.seeded() ? db.hardened : db.seedingStartLog), lsn(db.seeded() ? db.redone : db.seedingStartLog),
                lsn(db.seedingStartLog), db.lastCommitTime, db.lastHardenedTime, db.lastRedoneTime, queue,
                Math.round(db.sendRate), db.redoQueue(), Math.round(db.redoRate), lag, db.sizeBytes, db.seededBytes,
                db.seedingPercent(), link.connectedNow() && db.phase == ReplicationPhase.SEEDING
                        ? settings.seedingBytesPerSecond() : 0,
                db.seedingStarted, db.seedingCompleted, eta, db.seedingAttempts, db.failureState, db.failureMessage,
                db.failureTime, db.logFull);
    }

    /**
     * A log position as SQL Server writes an LSN, numeric(25,0): the virtual log file's sequence number, the
     * block offset (512-byte units) within it in ten digits, and the slot in five.
     */
    public static BigDecimal lsn(long logBytes) {
        long vlf = logBytes / VLF_BYTES;
        long block = (logBytes % VLF_BYTES) / 512;
        return BigDecimal.valueOf(vlf).movePointRight(15).add(BigDecimal.valueOf(block).movePointRight(5))
                .add(BigDecimal.ONE);
    }

    private Link newLink(String name) {
        return new Link(name);
    }

    private void forgetIfGone(Link link) {
        if (!link.onManagedInstance && link.sqlServerGroup() == null) {
            links.remove(key(link.name));
            // Nothing holds the databases' log back any more.
            for (ReplicatedDatabase db : link.databases) {
                SqlServerSide.Database d = sqlServer == null ? null : sqlServer.database(db.name);
                if (d != null) {
                    sqlServer.setLogUsedPercent(d.name(), d.logUsedPercent());
                    sqlServer.setLogHeldByReplica(d.name(), false);
                }
            }
        }
    }

    private Link requireInstanceLink(String name) {
        Link link = links.get(key(name));
        if (link == null || !link.onManagedInstance) {
            throw new IllegalStateException("no link " + name + " on the managed instance");
        }
        return link;
    }

    private Link requireJoined(String name) {
        Link link = links.get(key(name));
        if (link == null || !link.bothSidesPresent()) {
            throw new LinkRefusedException(LinkError.roleChangeFailed(name, "The managed instance has not joined the"
                    + " distributed availability group, so there is no replica to fail over to."));
        }
        return link;
    }

    private void plannedSwap(Link link) {
        boolean sync = link.synchronousCommit();
        for (ReplicatedDatabase db : link.databases) {
            if (!link.connectedNow() || !sync || db.phase != ReplicationPhase.SYNCHRONIZING
                    || db.hardened != db.primaryLog) {
                String why = !link.connectedNow() ? "The replicas are not connected."
                        : !sync ? "The distributed availability group is in asynchronous commit; switch both members"
                                + " to SYNCHRONOUS_COMMIT first."
                        : db.phase != ReplicationPhase.SYNCHRONIZING ? "Database '" + db.name + "' has not caught up."
                        : "Database '" + db.name + "': the secondary's last hardened LSN " + lsn(db.hardened)
                                + " is behind the primary's " + lsn(db.primaryLog) + ".";
                throw new LinkRefusedException(LinkError.failoverNotSynchronized(link.name, why));
            }
        }
        LinkRole sqlRole = link.sqlServerRole;
        link.sqlServerRole = link.managedInstanceRole;
        link.managedInstanceRole = sqlRole;
        if (link.managedInstanceRole == LinkRole.PRIMARY) {
            link.databases.forEach(db -> scheduleInstanceFullBackup(db, clock.now()));
        }
        recordRoleChange(link, true);
        // A planned failover switches to synchronous commit for the switch and back to asynchronous after it, even
        // when synchronous had been set (Doc, best practices page).
        link.instanceSynchronous = false;
        if (sqlServer != null && link.sqlServerGroup() != null) {
            sqlServer.setAvailabilityModes(link.name, false);
        }
    }

    /**
     * A forced failover to one side: it becomes primary with what it has hardened. When the other side is still
     * primary (it was not demoted first) both are primary: split brain, replication stops, and the other side's
     * log after the fork point is lost once it is demoted (Doc §5.6).
     */
    private void force(Link link, boolean toSqlServer) {
        LinkRole current = toSqlServer ? link.sqlServerRole : link.managedInstanceRole;
        if (current == LinkRole.PRIMARY) {
            return;
        }
        LinkRole other = toSqlServer ? link.managedInstanceRole : link.sqlServerRole;
        // What each side had before the forced side's unhardened tail is cut off.
        List<RoleChange.DatabaseLog> before = databaseLogs(link);
        for (ReplicatedDatabase db : link.databases) {
            long fork = db.seeded() ? db.hardened : db.seedingStartLog;
            db.primaryLog = fork;
            db.hardened = fork;
            db.redone = Math.min(db.redone, fork);
            db.splitBrainFork = other == LinkRole.PRIMARY ? fork : -1;
        }
        if (toSqlServer) {
            link.sqlServerRole = LinkRole.PRIMARY;
        } else {
            link.managedInstanceRole = LinkRole.PRIMARY;
            link.databases.stream().filter(ReplicatedDatabase::seeded)
                    .forEach(db -> scheduleInstanceFullBackup(db, clock.now()));
        }
        roleChanges.add(new RoleChange(link.name, clock.now(), false, link.sqlServerRole, before));
    }

    private void recordRoleChange(Link link, boolean planned) {
        roleChanges.add(new RoleChange(link.name, clock.now(), planned, link.sqlServerRole, databaseLogs(link)));
    }

    private static List<RoleChange.DatabaseLog> databaseLogs(Link link) {
        List<RoleChange.DatabaseLog> logs = new ArrayList<>();
        for (ReplicatedDatabase db : link.databases) {
            logs.add(new RoleChange.DatabaseLog(db.name, lsn(db.primaryLog), lsn(db.hardened)));
        }
        return logs;
    }

    /** Every role change so far (planned and forced failovers), oldest first. */
    public List<RoleChange> roleChanges() {
        return locked(() -> List.copyOf(roleChanges));
    }

    private void demote(Link link, boolean sqlServerSide) {
        LinkRole current = sqlServerSide ? link.sqlServerRole : link.managedInstanceRole;
        if (current == LinkRole.SECONDARY) {
            return;
        }
        if (sqlServerSide) {
            link.sqlServerRole = LinkRole.SECONDARY;
        } else {
            link.managedInstanceRole = LinkRole.SECONDARY;
        }
        for (ReplicatedDatabase db : link.databases) {
            if (db.splitBrainFork >= 0) {
                // The demoted side's writes since the split are discarded: it resumes from the fork point.
                db.hardened = db.splitBrainFork;
                db.redone = Math.min(db.redone, db.splitBrainFork);
                db.splitBrainFork = -1;
            }
        }
    }

    private void notifySqlServer() {
        if (sqlServer != null) {
            sqlServer.replicationChanged();
        }
    }

    // ------------------------------------------------------------------------------------------------ joining

    private LinkError joinRefusal(JoinRequest request) {
        if (sqlServer == null) {
            return LinkError.connectivityNotEstablished("Nothing answers at " + request.partnerEndpoint() + ".");
        }
        Duration now = elapsed();
        if (faultActive(LinkFault.Kind.PARTITION, now, null) || managedInstance == null || !managedInstance.running()) {
            return LinkError.connectivityNotEstablished("The managed instance cannot reach "
                    + request.partnerEndpoint() + ".");
        }
        SqlServerSide.MirroringEndpoint endpoint = sqlServer.mirroringEndpoint();
        int port = partnerPort(request.partnerEndpoint());
        if (endpoint == null || !endpoint.started() || endpoint.port() != port) {
            return LinkError.connectionToSqlServerFailed(endpoint == null
                    ? "SQL Server has no database mirroring endpoint."
                    : !endpoint.started() ? "The database mirroring endpoint [" + endpoint.name() + "] is not STARTED."
                    : "No database mirroring endpoint listens on port " + port + " (it listens on "
                            + endpoint.port() + ").");
        }
        if (!endpoint.certificateAuthentication() || endpoint.certificateName() == null) {
            return LinkError.connectionToSqlServerFailed("The database mirroring endpoint [" + endpoint.name()
                    + "] does not authenticate with a certificate.");
        }
        if (!endpoint.encryptionRequired() || !endpoint.aes()) {
            return LinkError.connectionToSqlServerFailed("The database mirroring endpoint [" + endpoint.name()
                    + "] does not require AES encryption.");
        }
        SqlServerSide.Certificate sqlCertificate = certificate(endpoint.certificateName());
        // Certificates are dated in real time (CREATE CERTIFICATE starts them now); the simulated clock may run
        // ahead of it (a scaled clock), and then it is what lets a certificate expire.
        Instant clockNow = later(Instant.now(), clock.now());
        if (sqlCertificate == null || !"MK".equals(sqlCertificate.privateKeyEncryption())
                || clockNow.isBefore(sqlCertificate.startDate()) || clockNow.isAfter(sqlCertificate.expiryDate())) {
            return LinkError.connectionToSqlServerFailed("The endpoint's certificate [" + endpoint.certificateName()
                    + "] is not valid for endpoint authentication (error 28055).");
        }
        if (managedInstance.trustCertificates().stream().noneMatch(der -> Arrays.equals(der, sqlCertificate.der()))) {
            return LinkError.certificateMissingOnManagedInstance("The public key of SQL Server's endpoint certificate ["
                    + sqlCertificate.name() + "] is not among the managed instance's server trust certificates.");
        }
        SqlServerSide.Certificate instanceCertificate = certificate(managedInstance.fqdn());
        if (instanceCertificate == null || !Arrays.equals(instanceCertificate.der(), managedInstance.endpointCertificate())) {
            return LinkError.certificateMissingOnSqlServer(instanceCertificate == null
                    ? "SQL Server has no certificate named [" + managedInstance.fqdn() + "] (the instance's FQDN)."
                    : "The certificate [" + managedInstance.fqdn() + "] on SQL Server is not the instance's current"
                            + " endpoint certificate.");
        }
        boolean rootTrusted = sqlServer.issuers().stream()
                .filter(issuer -> dnsNameCovers(issuer.dnsName(), managedInstance.fqdn()))
                .anyMatch(issuer -> managedInstance.endpointCertificateIssuers().stream()
                        .anyMatch(der -> Arrays.equals(der, issuer.der())));
        if (!rootTrusted) {
            return LinkError.certificateMissingOnSqlServer("No Azure root certificate authority is registered on SQL"
                    + " Server (sp_certificate_add_issuer) for a name covering " + managedInstance.fqdn() + ".");
        }
        SqlServerSide.DistributedGroup group = sqlServer.distributedGroup(request.name());
        if (group == null) {
            return LinkError.availabilityGroupNotResponding("SQL Server has no distributed availability group ["
                    + request.name() + "].");
        }
        if (!group.local().availabilityGroupName().equalsIgnoreCase(request.partnerAvailabilityGroupName())
                || !group.remote().availabilityGroupName().equalsIgnoreCase(request.instanceAvailabilityGroupName())) {
            return LinkError.availabilityGroupNotResponding("The distributed availability group [" + group.name()
                    + "] joins [" + group.local().availabilityGroupName() + "] and ["
                    + group.remote().availabilityGroupName() + "], not [" + request.partnerAvailabilityGroupName()
                    + "] and [" + request.instanceAvailabilityGroupName() + "].");
        }
        if (!listenerNamesInstance(group.remote().listenerUrl())) {
            return LinkError.availabilityGroupNotResponding("The listener URL of [" + group.remote()
                    .availabilityGroupName() + "] is '" + group.remote().listenerUrl() + "', not tcp://"
                    + managedInstance.fqdn() + ":5022;Server=[" + managedInstance.name() + "].");
        }
        for (String db : request.databases()) {
            if (group.databases().stream().noneMatch(db::equalsIgnoreCase)) {
                return LinkError.databaseNotResponding("Database '" + db + "' is not in availability group ["
                        + group.local().availabilityGroupName() + "].");
            }
        }
        return null;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Why the instance refuses the certificate SQL Server's endpoint presents now, or null when it trusts it. An
     * endpoint switched to a certificate the instance does not trust (ALTER ENDPOINT ... AUTHENTICATION = CERTIFICATE
     * [new] before the new certificate was uploaded) drops every link on it (error 41973; Microsoft Learn, "Rotate
     * the certificate": upload the new certificate first). A missing endpoint is left to the join: a link made with
     * a scenario's own objects has none to check.
     */
    private LinkError untrustedEndpointCertificate() {
        if (sqlServer == null || managedInstance == null) {
            return null;
        }
        SqlServerSide.MirroringEndpoint endpoint = sqlServer.mirroringEndpoint();
        if (endpoint == null || endpoint.certificateName() == null) {
            return null;
        }
        SqlServerSide.Certificate presented = certificate(endpoint.certificateName());
        if (presented == null || managedInstance.trustCertificates().stream()
                .anyMatch(der -> Arrays.equals(der, presented.der()))) {
            return null;
        }
        return LinkError.certificateMissingOnManagedInstance("The public key of SQL Server's endpoint certificate ["
                + presented.name() + "] is not among the managed instance's server trust certificates.");
    }

    private SqlServerSide.Certificate certificate(String name) {
        return sqlServer.certificates().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                .orElse(null);
    }

    /** {@code tcp://<fqdn>:5022;Server=[<mi>]} (optionally {@code ;Database=[<db>]}), as the docs write it. */
    private boolean listenerNamesInstance(String listenerUrl) {
        if (listenerUrl == null) {
            return false;
        }
        String[] parts = listenerUrl.split(";");
        String expectedHost = "tcp://" + managedInstance.fqdn().toLowerCase(Locale.ROOT) + ":5022";
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(expectedHost)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "Server=", 0, 7)) {
                String server = p.substring(7).replace("[", "").replace("]", "");
                return server.equalsIgnoreCase(managedInstance.name());
            }
        }
        return false;
    }

    /**
     * Whether a name registered with sp_certificate_add_issuer covers the host. The documented registration is
     * {@code *.database.windows.net} for {@code <mi>.<zone>.database.windows.net}, so a wildcard here covers every
     * name below its suffix, not one label only.
     */
    static boolean dnsNameCovers(String registered, String host) {
        String r = registered.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (r.startsWith("*.")) {
            return h.endsWith(r.substring(1));
        }
        return r.equals(h);
    }

    private static int partnerPort(String partnerEndpoint) {
        try {
            URI uri = URI.create(partnerEndpoint.trim());
            return uri.getPort() < 0 ? 5022 : uri.getPort();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ time

    private boolean faultActive(LinkFault.Kind kind, Duration at, String database) {
        for (LinkFault f : settings.faults()) {
            if (f.kind() == kind && f.activeAt(at) && (database == null || f.appliesTo(database))) {
                return true;
            }
        }
        return false;
    }

    /** Brings the world up to the clock's now. Caller holds the lock. */
    private void advance() {
        Instant target = clock.now();
        if (!target.isAfter(advancedTo)) {
            return;
        }
        if (links.isEmpty()) {
            advancedTo = target;
            return;
        }
        Duration total = Duration.between(advancedTo, target);
        Duration step = MAX_STEP;
        if (total.dividedBy(MAX_STEP) > MAX_STEPS) {
            step = total.dividedBy(MAX_STEPS);
        }
        while (advancedTo.isBefore(target)) {
            Instant next = advancedTo.plus(step);
            if (next.isAfter(target)) {
                next = target;
            }
            step(advancedTo, next);
            advancedTo = next;
        }
        notifySqlServer();
    }

    private void step(Instant from, Instant to) {
        double dt = Duration.between(from, to).toNanos() / 1e9;
        // Faults are judged at the step's start: a window from 'at' covers the steps that begin at or after it.
        Duration since = Duration.between(started, from);
        boolean partitioned = faultActive(LinkFault.Kind.PARTITION, since, null);
        boolean instanceDown = faultActive(LinkFault.Kind.MANAGED_INSTANCE_RESTART, since, null)
                || managedInstance == null || !managedInstance.running();
        LinkError untrusted = instanceDown ? null : untrustedEndpointCertificate();
        for (Link link : links.values()) {
            if (link.droppedOnSqlServer && sqlServer != null && sqlServer.distributedGroup(link.name) == null) {
                // The drop went through: from now on SQL Server's state says whether a group of that name exists.
                link.droppedOnSqlServer = false;
            }
            boolean wasConnected = link.connected;
            link.connected = link.bothSidesPresent() && !partitioned && !instanceDown && untrusted == null
                    && !link.splitBrainOrBothSecondary();
            if (wasConnected && !link.connected && link.bothSidesPresent()) {
                link.lastError = partitioned || instanceDown
                        ? LinkError.connectivityNotEstablished(instanceDown ? "The managed instance is not available."
                                : "The network between SQL Server and the managed instance dropped the connection.")
                        : untrusted != null ? untrusted
                        : LinkError.roleChangeFailed(link.name, "Both replicas are in the same role.");
                link.lastErrorTime = from;
            }
            boolean sync = link.synchronousCommit();
            for (ReplicatedDatabase db : link.databases) {
                stepDatabase(link, db, since, from, to, dt, sync, wasConnected);
            }
        }
    }

    private void stepDatabase(Link link, ReplicatedDatabase db, Duration since, Instant from, Instant to, double dt,
                              boolean sync, boolean wasConnected) {
        boolean logFullFault = faultActive(LinkFault.Kind.LOG_FULL, since, db.name);
        boolean writable = link.sqlServerRole == LinkRole.PRIMARY || link.managedInstanceRole == LinkRole.PRIMARY;
        // The simulated application writes on the primary while its log has room.
        SqlServerSide.Database sqlDb = sqlServer == null ? null : sqlServer.database(db.name);
        boolean sqlServerPrimary = link.sqlServerRole == LinkRole.PRIMARY;
        double logUsed = 0;
        if (sqlServerPrimary && sqlDb != null && sqlDb.logSizeBytes() > 0) {
            // The primary cannot truncate log its secondary has not hardened. While seeding, log backups still
            // truncate it (which is why the docs warn about log backups during seeding), so nothing is held then.
            long held = db.seeded() && link.sqlServerGroup() != null
                    ? db.primaryLog - Math.min(db.hardened, db.primaryLog) : 0;
            logUsed = Math.min(100.0, sqlDb.logUsedPercent() + 100.0 * held / sqlDb.logSizeBytes());
        }
        db.logFull = sqlServerPrimary && (logFullFault || logUsed >= 100.0);
        if (writable && !workloadPaused && !db.logFull) {
            long written = Math.round(settings.workloadBytesPerSecond() * dt);
            if (written > 0) {
                db.primaryLog += written;
                db.lastCommitTime = to;
            }
        }
        if (sqlServerPrimary && sqlDb != null && sqlServer != null) {
            sqlServer.setLogUsedPercent(db.name, db.logFull ? 100.0 : logUsed);
            // Truncation waits on the replica whenever the link holds log back (or cannot send it: a full disk
            // after seeding). UNCONFIRMED which wait a real primary shows while its log disk is full.
            sqlServer.setLogHeldByReplica(db.name, logUsed > sqlDb.logUsedPercent() || logFullFault && db.seeded());
        }
        // A full log stops the application's writes (error 9002); the log already written can still be sent, so
        // a link that fell behind drains it. A full log as a fault (a full disk) stops replication too, as the docs
        // say of a log at 100 %.
        if (!link.connected || logFullFault && sqlServerPrimary) {
            db.sendRate = 0;
            db.redoRate = 0;
            if (db.phase == ReplicationPhase.SEEDING && wasConnected && !link.connected) {
                // Seeding is not resilient: a lost connection starts it over from nothing (Doc, §4.1). A full log
                // only pauses it.
                db.restartSeeding(to);
            }
            cancelSeedingAfterSixDays(link, db, to);
            return;
        }
        switch (db.phase) {
            case SEEDING -> {
                if (seedingFaultDue(db, since)) {
                    db.failSeeding(to, 15, faultMessage(db));
                    link.lastError = LinkError.databaseNotResponding("Seeding of database '" + db.name + "' failed: "
                            + db.failureMessage);
                    link.lastErrorTime = to;
                    return;
                }
                db.seededBytes = Math.min(db.sizeBytes,
                        db.seededBytes + Math.round(settings.seedingBytesPerSecond() * dt));
                db.sendRate = settings.seedingBytesPerSecond();
                if (db.seededBytes >= db.sizeBytes) {
                    db.phase = ReplicationPhase.CATCHING_UP;
                    db.seedingCompleted = to;
                    db.hardened = db.seedingStartLog;
                    db.redone = db.seedingStartLog;
                    db.lastHardenedTime = to;
                    db.lastRedoneTime = to;
                    if (managedInstance != null && link.managedInstanceRole == LinkRole.SECONDARY
                            && !managedInstance.hasDatabase(db.name)) {
                        managedInstance.databaseCreated(db.name);
                    }
                    if (link.managedInstanceRole == LinkRole.SECONDARY) {
                        scheduleInstanceFullBackup(db, to);
                    }
                } else {
                    cancelSeedingAfterSixDays(link, db, to);
                }
            }
            case CATCHING_UP, SYNCHRONIZING -> shipLog(db, to, dt, sync);
            case SEEDING_FAILED -> {
                db.sendRate = 0;
                db.redoRate = 0;
            }
        }
    }

    private void shipLog(ReplicatedDatabase db, Instant to, double dt, boolean sync) {
        // In synchronous commit a commit waits for the secondary to harden it; asynchronously, log written within
        // the last network latency is still on its way.
        long inFlight = sync || workloadPaused ? 0
                : Math.round(settings.workloadBytesPerSecond() * settings.networkLatency().toNanos() / 1e9);
        long target = Math.max(db.hardened, db.primaryLog - inFlight);
        long before = db.hardened;
        long sendable = Math.round(settings.seedingBytesPerSecond() * dt);
        db.hardened = Math.min(target, db.hardened + sendable);
        if (sync && db.phase == ReplicationPhase.SYNCHRONIZING) {
            db.hardened = db.primaryLog;
        }
        db.sendRate = dt > 0 ? (db.hardened - before) / dt : 0;
        if (db.hardened > before) {
            db.lastHardenedTime = to;
        }
        if (db.hardened >= target) {
            db.phase = ReplicationPhase.SYNCHRONIZING;
        }
        long redoBefore = db.redone;
        db.redone = Math.min(db.hardened, db.redone + Math.round(settings.redoBytesPerSecond() * dt));
        db.redoRate = dt > 0 ? (db.redone - redoBefore) / dt : 0;
        if (db.redone > redoBefore) {
            db.lastRedoneTime = to;
        }
    }

    private boolean seedingFaultDue(ReplicatedDatabase db, Duration since) {
        for (int i = 0; i < settings.faults().size(); i++) {
            LinkFault f = settings.faults().get(i);
            if (f.kind() == LinkFault.Kind.SEEDING_FAILURE && f.appliesTo(db.name) && since.compareTo(f.at()) >= 0
                    && consumedFaults.add(i + "@" + key(db.name))) {
                return true;
            }
        }
        return false;
    }

    private String faultMessage(ReplicatedDatabase db) {
        for (LinkFault f : settings.faults()) {
            if (f.kind() == LinkFault.Kind.SEEDING_FAILURE && f.appliesTo(db.name) && f.message() != null) {
                return f.message();
            }
        }
        return "Seeding failed.";
    }

    private void cancelSeedingAfterSixDays(Link link, ReplicatedDatabase db, Instant now) {
        if (db.phase == ReplicationPhase.SEEDING && link.createdAt != null
                && Duration.between(link.createdAt, now).compareTo(ReplicatedDatabase.SEEDING_LIMIT) >= 0) {
            db.failSeeding(now, 21, "Automatic seeding was cancelled: the link was not seeded within 6 days of its"
                    + " creation.");
            link.lastError = LinkError.databaseNotResponding("Seeding of database '" + db.name
                    + "' did not finish within 6 days and was cancelled.");
            link.lastErrorTime = now;
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
