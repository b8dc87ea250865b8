package io.milink.simulator.sqlserver;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.engine.LoginFailedException;
import io.milink.simulator.engine.LoginRequest;
import io.milink.simulator.engine.ServerIdentity;
import io.milink.simulator.engine.TsqlEngine;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.pki.BundledRootCertificates;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.sqlserver.catalog.CatalogDatabase;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.sqlserver.scenario.ScenarioLoader;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.InstanceState;

/**
 * One SQL Server twin instance built from a scenario: its state, its catalog (an in-memory H2 database) and its
 * logins. Thread-safe: sessions on several connections share the state, and every statement runs under the
 * state's lock, so one session's CREATE CERTIFICATE is visible to the next statement of any other session.
 */
public final class SqlServerInstance implements TsqlEngine, AutoCloseable {

    private final Scenario.SqlServer scenario;
    private final ServerProperties server;
    private final InstanceState state;
    private final LinkWorld world;
    private final CatalogDatabase catalog;
    private final FaultPlan faults;
    private final AtomicInteger nextSpid = new AtomicInteger(51);
    private final AtomicLong nextTransaction = new AtomicLong(0x1_0000_0001L);
    /** The replication behind distributed availability groups; none until a link world attaches itself. */
    private volatile DistributedReplication replication = DistributedReplication.NONE;

    private SqlServerInstance(Scenario.SqlServer scenario, FaultPlan faults) {
        this(scenario, faults, LinkWorld.create(1.0));
    }

    private SqlServerInstance(Scenario.SqlServer scenario, FaultPlan faults, LinkWorld world) {
        this.scenario = scenario;
        this.world = Objects.requireNonNull(world, "world");
        this.state = new InstanceState(world.lock());
        this.server = new ServerProperties(scenario);
        this.faults = Objects.requireNonNull(faults, "faults");
        this.catalog = new CatalogDatabase(server, this::replication);
        load();
        if (server.managedInstance()) {
            // The managed instance's own SQL endpoint: it shows the world, it is not the world's SQL Server.
            attachReplication(new InstanceBackupHistory(this, world));
        } else {
            WorldReplication replication = new WorldReplication(this, world);
            world.attach(replication);
            attachReplication(replication);
        }
    }

    /**
     * The SQL endpoint of the managed instance in {@code world} ({@code managedInstance} being a scenario whose
     * edition is "SQL Azure"): its msdb.dbo.backupset shows the instance's automatic full backups as the world takes
     * them. It does not take the SQL Server's place in the world.
     */
    public static SqlServerInstance playingManagedInstance(Scenario.SqlServer managedInstance, LinkWorld world) {
        if (!managedInstance.edition().startsWith("SQL Azure")) {
            throw new IllegalArgumentException("a managed instance's SQL endpoint has the edition SQL Azure");
        }
        return new SqlServerInstance(managedInstance, FaultPlan.NONE, world);
    }

    public static SqlServerInstance fromScenario(Path file) {
        return new SqlServerInstance(sqlServerSection(ScenarioLoader.load(file), file.toString()), FaultPlan.NONE);
    }

    public static SqlServerInstance fromScenario(InputStream yaml) {
        return fromScenario(yaml, "<scenario stream>");
    }

    /** {@code sourceName} names the scenario in loading errors (e.g. the resource or file it came from). */
    public static SqlServerInstance fromScenario(InputStream yaml, String sourceName) {
        return new SqlServerInstance(sqlServerSection(ScenarioLoader.load(yaml, sourceName), sourceName),
                FaultPlan.NONE);
    }

    /** As {@link #fromScenario(InputStream, String)}, replicating its distributed availability groups in {@code world}. */
    public static SqlServerInstance fromScenario(InputStream yaml, String sourceName, LinkWorld world) {
        return new SqlServerInstance(sqlServerSection(ScenarioLoader.load(yaml, sourceName), sourceName),
                FaultPlan.NONE, world);
    }

    public static SqlServerInstance fromScenario(String yaml) {
        return new SqlServerInstance(sqlServerSection(ScenarioLoader.load(yaml, "<scenario>"), "<scenario>"),
                FaultPlan.NONE);
    }

    /** A scenario may describe only a managed instance; a SQL Server twin needs the sqlServer: section. */
    private static Scenario.SqlServer sqlServerSection(Scenario scenario, String source) {
        if (scenario.sqlServer() == null) {
            throw new ScenarioException(source + ": no sqlServer: section, so there is no SQL Server to start; add "
                    + "one (docs/simulator.md) or use the scenario with the ARM twin only");
        }
        return scenario.sqlServer();
    }

    /** A new instance from the same scenario that also injects {@code plan}'s statement faults. */
    public SqlServerInstance withFaults(FaultPlan plan) {
        return new SqlServerInstance(scenario, plan, world);
    }

    /**
     * The server's clock: its link world's (simulated) time, which dates GETDATE(), the backup history and the
     * replication views alike, so they can be compared as on a real server.
     */
    public java.time.Instant now() {
        return world.clock().now();
    }

    /** The link world this instance's distributed availability groups replicate in. */
    public LinkWorld world() {
        return world;
    }

    public FaultPlan faults() {
        return faults;
    }

    /** The scenario's logins, for a client of the twin that must log in. {@code Login.toString} hides passwords. */
    public List<Scenario.Login> logins() {
        return scenario.logins();
    }

    InstanceState state() {
        return state;
    }

    /**
     * Puts {@code replication} behind this instance's distributed availability groups: FAILOVER, SET (ROLE =
     * SECONDARY), MODIFY … AVAILABILITY_MODE and DROP of a distributed group reach it, and the catalog asks it which
     * side is primary. {@link DistributedReplication#NONE} detaches.
     */
    public void attachReplication(DistributedReplication replication) {
        state.lock().lock();
        try {
            this.replication = Objects.requireNonNull(replication, "replication");
            state.changed();
        } finally {
            state.lock().unlock();
        }
    }

    DistributedReplication replication() {
        return replication;
    }

    CatalogDatabase catalog() {
        return catalog;
    }

    ServerProperties server() {
        return server;
    }

    boolean certificateIssuerProcedure() {
        return !Boolean.FALSE.equals(scenario.certificateIssuerProcedure());
    }

    long nextTransactionDescriptor() {
        return nextTransaction.getAndIncrement();
    }

    private void load() {
        Instant created = Instant.parse("2024-01-15T08:00:00Z");
        int compat = server.majorVersion() * 10; // 2008 = 100, ..., 2016 = 130, ..., 2025 = 170
        String[] system = {"master", "tempdb", "model", "msdb"};
        for (int i = 0; i < system.length; i++) {
            InstanceState.DatabaseState d = new InstanceState.DatabaseState(system[i], i + 1, created);
            d.recoveryModel = i == 0 || i == 1 || i == 3 ? Scenario.RecoveryModel.SIMPLE : Scenario.RecoveryModel.FULL;
            d.state = Scenario.DatabaseState.ONLINE;
            d.sizeMb = i == 1 ? 8 : 16;
            d.logFiles = 1;
            d.logSizeMb = 2;
            d.logUsedPercent = 30;
            d.brokerEnabled = i == 1 || i == 3;
            d.compatibilityLevel = compat;
            state.databases.put(InstanceState.key(d.name), d);
        }
        int id = 5;
        for (Scenario.Database s : scenario.databases() == null ? List.<Scenario.Database>of() : scenario.databases()) {
            InstanceState.DatabaseState d = new InstanceState.DatabaseState(s.name(), id++, created);
            d.recoveryModel = s.recoveryModel() == null ? Scenario.RecoveryModel.FULL : s.recoveryModel();
            d.state = s.state() == null ? Scenario.DatabaseState.ONLINE : s.state();
            d.sizeMb = s.sizeMb() == null ? 64 : s.sizeMb();
            d.logFiles = s.logFiles() == null ? 1 : s.logFiles();
            d.logSizeMb = s.logSizeMb() == null ? Math.max(8, d.sizeMb / 8.0) : s.logSizeMb();
            d.logUsedPercent = s.logUsedPercent() == null ? 12.5 : s.logUsedPercent();
            d.filestream = Boolean.TRUE.equals(s.filestream());
            d.inMemoryOltp = Boolean.TRUE.equals(s.inMemoryOltp());
            d.tde = Boolean.TRUE.equals(s.tde());
            d.brokerEnabled = Boolean.TRUE.equals(s.brokerEnabled());
            d.acceleratedDatabaseRecovery = Boolean.TRUE.equals(s.acceleratedDatabaseRecovery());
            d.compatibilityLevel = s.compatibilityLevel() == null ? compat : s.compatibilityLevel();
            state.databases.put(InstanceState.key(d.name), d);
            for (Scenario.Backup b : s.backups() == null ? List.<Scenario.Backup>of() : s.backups()) {
                Instant finished = ScenarioLoader.instant(b.finished(), "<scenario>", "backups.finished");
                long first = state.nextLsn();
                state.backups.add(new InstanceState.BackupRecord(state.nextBackupSetId(), d.name, b.type().code(),
                        finished.minus(2, ChronoUnit.MINUTES), finished, Boolean.TRUE.equals(b.copyOnly()),
                        Boolean.TRUE.equals(b.checksum()), false, d.sizeMb * 128L, first, first + 1000, first,
                        d.recoveryModel.name(), "backup.bak"));
            }
        }
        if (Boolean.TRUE.equals(scenario.masterKey())) {
            state.masterKeyCreated = created;
        }
        for (Scenario.Certificate c : scenario.certificates() == null ? List.<Scenario.Certificate>of() : scenario.certificates()) {
            InstanceState.CertificateState cert;
            if (c.bundled() != null) {
                cert = new InstanceState.CertificateState(c.name(), state.nextCertificateId(),
                        BundledRootCertificates.get(c.bundled()), "NA");
            } else {
                Instant start = c.startDate() == null ? created : ScenarioLoader.instant(c.startDate(), "<scenario>", "startDate");
                Instant expiry = c.expiryDate() == null ? start.plus(365, ChronoUnit.DAYS)
                        : ScenarioLoader.instant(c.expiryDate(), "<scenario>", "expiryDate");
                cert = new InstanceState.CertificateState(c.name(), state.nextCertificateId(),
                        CertificateIssuer.selfSigned(c.subject(), start, expiry).certificate(),
                        c.privateKey() == null ? "MK" : c.privateKey().name());
            }
            state.certificates.put(InstanceState.key(c.name()), cert);
            if (c.issuerFor() != null) {
                state.issuers.add(new InstanceState.IssuerRegistration(cert.id, c.issuerFor()));
            }
        }
        HadrScenario.load(scenario, state, server, created);
        if (scenario.traceFlags() != null) {
            if (scenario.traceFlags().global() != null) {
                state.globalTraceFlags.addAll(scenario.traceFlags().global());
            }
            if (scenario.traceFlags().startup() != null) {
                state.startupTraceFlags.addAll(scenario.traceFlags().startup());
            }
        }
        state.changed();
    }

    @Override
    public ServerIdentity identity() {
        return new ServerIdentity(scenario.productVersion(), "Microsoft SQL Server", server.collation(),
                scenario.serverName());
    }

    @Override
    public EngineSession login(LoginRequest request) throws LoginFailedException {
        Scenario.Login login = scenario.logins().stream()
                .filter(l -> l.name().equalsIgnoreCase(request.userName()))
                .findFirst().orElse(null);
        if (login == null || !login.password().equals(request.password())) {
            // SQL Server sends state 1 to the client whatever the real reason (Microsoft Learn, MSSQLSERVER_18456).
            throw new LoginFailedException(List.of(ErrorCatalog.message(18456, request.userName())));
        }
        String database = "master";
        if (request.database() != null && !request.database().isEmpty()) {
            state.lock().lock();
            try {
                InstanceState.DatabaseState d = state.database(request.database());
                if (d == null || d.state != Scenario.DatabaseState.ONLINE) {
                    throw new LoginFailedException(List.of(ErrorCatalog.message(4060, request.database()),
                            ErrorCatalog.message(18456, request.userName())));
                }
                database = d.name;
            } finally {
                state.lock().unlock();
            }
        }
        return new InstanceSession(this, login.name(), Boolean.TRUE.equals(login.sysadmin()), database,
                nextSpid.getAndIncrement(), request.hostName(), request.appName());
    }

    @Override
    public void close() {
        catalog.close();
    }
}
