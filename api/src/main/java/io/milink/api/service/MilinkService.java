package io.milink.api.service;

import io.milink.api.service.auth.EntraTokenVerifier;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenVerifier;
import io.milink.api.service.contract.ServiceContract;
import io.milink.api.service.http.AuditTrail;
import io.milink.api.service.http.Authentication;
import io.milink.journal.AuditLog;
import io.milink.journal.Journal;
import io.milink.journal.JournalAlerts;
import io.milink.journal.JournalLinkRuns;
import io.milink.journal.LinkFeed;
import io.milink.journal.LinkStatuses;
import io.milink.journal.ServiceLinks;
import io.milink.journal.OperationJournal;
import io.milink.api.service.auth.TokenStore;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running service: journal, Vert.x, HTTP server. {@link #start} recovers what a previous process left unfinished
 * before it accepts a request; {@link #close} stops accepting, lets running operations finish for a grace period,
 * and journals the work it will not finish.
 */
public final class MilinkService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MilinkService.class.getName());

    /** Preflights at once; each starts an in-process twin, so a 2-core machine gains nothing from more. */
    private static final int PREFLIGHT_THREADS = 2;
    private static final int JOURNAL_THREADS = 4;
    /** Link operations at once; each mostly waits on SQL Server or Azure. */
    private static final int LINK_THREADS = 4;
    private static final int LINK_READ_THREADS = 2;
    /** How soon a token created or deleted in the journal is accepted or refused by a running service. */
    static final java.time.Duration TOKEN_REFRESH = java.time.Duration.ofSeconds(5);
    /** A link read takes well under a second; one stuck on a side that does not answer is revived elsewhere. */
    private static final java.time.Duration MONITOR_STOP_GRACE = java.time.Duration.ofSeconds(10);

    private final Journal journal;
    private final OperationJournal operations;
    private final PreflightJobs jobs;
    private final LinkJobs linkJobs;
    private final Vertx vertx;
    private final HttpServer server;
    private final ServiceConfig config;
    private final ServiceLimits limits;
    private final int interruptedAtStart;
    private final int resumedAtStart;
    private final String initialOperatorToken;
    private final String certificatePem;
    private final Path certificateFile;
    private final ServiceHealth health;
    private final ServiceMetrics metrics;
    private final Monitors monitors;
    private final String replica;
    private boolean closed;

    private MilinkService(Journal journal, OperationJournal operations, PreflightJobs jobs, LinkJobs linkJobs,
                          Vertx vertx, HttpServer server,
                          ServiceConfig config, ServiceLimits limits, int interruptedAtStart, int resumedAtStart,
                          String initialOperatorToken,
                          String certificatePem, Path certificateFile, ServiceHealth health,
                          ServiceMetrics metrics, Monitors monitors, String replica) {
        this.replica = replica;
        this.journal = journal;
        this.operations = operations;
        this.jobs = jobs;
        this.linkJobs = linkJobs;
        this.vertx = vertx;
        this.server = server;
        this.config = config;
        this.limits = limits;
        this.interruptedAtStart = interruptedAtStart;
        this.resumedAtStart = resumedAtStart;
        this.initialOperatorToken = initialOperatorToken;
        this.certificatePem = certificatePem;
        this.certificateFile = certificateFile;
        this.health = health;
        this.metrics = metrics;
        this.monitors = monitors;
    }

    /** Each registered link's reads on this replica: the tasks that own them, the reads, the sessions they use. */
    private record Monitors(LinkMonitorTasks tasks, LinkMonitoring reads, LinkSessionPool sessions) {
        /** Hands back what is not started, waits up to {@code grace} for the reads being made, closes the sessions. */
        void stop(java.time.Duration grace) {
            reads.stopping();
            tasks.stop(grace);
            sessions.close();
        }
    }

    /** Starts the service and returns once it listens. Blocking; call from a plain thread (main, a test). */
    public static MilinkService start(ServiceConfig config) {
        return start(config, ArmConnector.AZURE);
    }

    /** @param arm how managed instances are read: real Azure, or (tests) the ARM twin */
    static MilinkService start(ServiceConfig config, ArmConnector arm) {
        return start(config, arm, ServiceLimits.DEFAULTS);
    }

    /** @param limits idle timeout, event stream heartbeat and cap, readiness drain (tests shorten them) */
    static MilinkService start(ServiceConfig config, ArmConnector arm, ServiceLimits limits) {
        ReplicaSettings replicas = config.replicas();
        String replica = replicaName();
        Journal journal = Journal.open(config.journal(), replica);
        Vertx vertx = null;
        ServiceMetrics metrics = new ServiceMetrics();
        TokenStore tokens = new TokenStore(journal);
        String initialToken = null;
        Monitors monitors = null;
        try {
            OperationJournal operations = new OperationJournal(journal, replica);
            LinkStatuses linkStatuses = new LinkStatuses(journal);
            Retention retention = new Retention(operations, linkStatuses, config.retentionDays(), Clock.systemUTC());
            retention.purge();
            initialToken = tokens.isEmpty() ? tokens.create(Role.OPERATOR) : null;
            TokenVerifier verifier = new TokenVerifier(tokens.all());

            vertx = Vertx.builder().with(metrics.vertxOptions()).withMetrics(metrics.factory()).build();
            WorkerExecutor journalWorker = vertx.createSharedWorkerExecutor("milink-journal", JOURNAL_THREADS);
            // A twin rehearsal legitimately takes seconds: tell the blocked-thread checker so it warns only at 2 min.
            WorkerExecutor preflightWorker = vertx.createSharedWorkerExecutor("milink-preflight", PREFLIGHT_THREADS,
                    2, TimeUnit.MINUTES);
            PreflightJobs jobs = new PreflightJobs(operations, preflightWorker, config.maxUnfinishedOperations(),
                    metrics::preflightFinished);
            // Status reads, plans and acceptance checks: short, but never queued behind a long operation.
            WorkerExecutor linkReads = vertx.createSharedWorkerExecutor("milink-link-reads", LINK_READ_THREADS, 2,
                    TimeUnit.MINUTES);
            ServiceContract contract = ServiceContract.load(vertx);
            retention.schedule(vertx, journalWorker);

            HttpServerOptions options = new HttpServerOptions().setHost(config.bindAddress()).setPort(config.port())
                    // A connection that says nothing for this long (slow or abandoned clients) is closed; event
                    // streams stay busy with their heartbeat.
                    .setIdleTimeout((int) limits.idleTimeout().toMillis())
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            String pem = null;
            Path pemFile = null;
            if (config.tls() && config.certificate() != null) {
                options.setSsl(true).setKeyCertOptions(config.certificate().checkedKeyCertOptions(vertx));
            } else if (config.tls()) {
                SelfSignedTls tls = SelfSignedTls.generate(config.bindAddress());
                options.setSsl(true).setKeyCertOptions(tls.keyCertOptions());
                pem = tls.certificatePem();
                pemFile = tls.writeCertificate(config.dataDirectory());
            }
            EntraTokenVerifier entra = config.entra() == null ? null : new EntraTokenVerifier(vertx, config.entra());
            ServiceHealth health = new ServiceHealth(vertx, journal,
                    vertx.createSharedWorkerExecutor("milink-health", 1, 5, TimeUnit.SECONDS));
            CertificateFiles certificateFiles = new CertificateFiles(config.certificateDirectory());
            PreflightTargets preflightTargets = new PreflightTargets(vertx, config.credentials(),
                    new ServiceScenarios(config.scenarioDirectory()), arm, certificateFiles);
            ServiceLinks serviceLinks = new ServiceLinks(journal);
            ServiceLinkTargets linkTargets = new ServiceLinkTargets(vertx, preflightTargets, config.credentials(),
                    arm);
            LinkStatusCache statusCache = new LinkStatusCache(limits.statusCacheTtl(), Clock.systemUTC());
            // Each registered link read once per interval by one replica, on the monitor scheduler's threads: its
            // status for every replica's event streams, its alerts. Sessions kept for three intervals between reads.
            LinkSessionPool monitorSessions = new LinkSessionPool(replicas.monitorInterval().multipliedBy(3));
            LinkFeed linkFeed = new LinkFeed(journal);
            LinkMonitoring monitoring = new LinkMonitoring(serviceLinks, linkTargets, statusCache,
                    new JournalAlerts(journal), linkStatuses, linkFeed, monitorSessions, metrics, replica,
                    Clock.systemUTC());
            monitors = new Monitors(new LinkMonitorTasks(journal, replica, replicas, monitoring, monitoring),
                    monitoring, monitorSessions);
            // Link operations run on the task scheduler's threads (LinkOperationTasks), not Vert.x's: a create
            // waits for seeding there for hours.
            LinkJobs linkJobs = new LinkJobs(operations, serviceLinks, new JournalLinkRuns(journal), linkTargets,
                    journalWorker, statusCache, limits, journal, replica, LINK_THREADS, replicas.operationTimings(),
                    monitors.tasks()::watch);
            // Only the other work (preflights) of replicas that are gone: a live replica's is its own to end.
            int interrupted = linkJobs.failWorkOfGoneReplicas();
            var router = ServiceRouter.create(vertx, contract, operations, journalWorker,
                    new AuditTrail(new AuditLog(journal), journalWorker), new Authentication(verifier, entra),
                    new PreflightRoutes(operations, jobs, preflightTargets, journalWorker),
                    new LinkRoutes(operations, serviceLinks, linkTargets, linkJobs, statusCache, linkReads),
                    new OperationRoutes(operations, journalWorker),
                    new OperationEventStream(vertx, operations, journalWorker, limits),
                    new LinkEventStream(vertx, linkFeed, journalWorker, linkStatuses, limits),
                    DashboardAssets.load(), health, metrics);
            refreshTokens(vertx, journalWorker, tokens, verifier);
            HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen().await();
            int resumed = linkJobs.start();
            monitors.tasks().watchAll(monitoring.registered());
            monitors.tasks().start();
            return new MilinkService(journal, operations, jobs, linkJobs, vertx, server, config, limits, interrupted,
                    resumed, initialToken, pem, pemFile, health, metrics, monitors, replica);
        } catch (Exception e) {
            // Vert.x's await() rethrows a failed listen's BindException as it is, unchecked or not.
            try {
                if (monitors != null) {
                    monitors.stop(java.time.Duration.ZERO);
                }
                if (initialToken != null) {
                    // Never shown, since this start fails: the next start finds no token and shows a new one.
                    tokens.delete(initialToken);
                }
                if (vertx != null) {
                    vertx.close().await();
                }
            } finally {
                metrics.close();
                journal.close();
            }
            if (e instanceof java.net.BindException) {
                throw new PortInUse(config.bindAddress(), config.port(), e);
            }
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException("the service could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the journal's tokens again every {@link #TOKEN_REFRESH}, on the journal pool: a token created with
     * {@code milink token create --config} while the service runs (on any machine, for any replica) is accepted within
     * that time, without a restart. When the journal does not answer, the tokens read last stay in force.
     */
    private static void refreshTokens(Vertx vertx, WorkerExecutor journalWorker, TokenStore tokens,
                                      TokenVerifier verifier) {
        java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();
        vertx.setPeriodic(TOKEN_REFRESH.toMillis(), timer -> journalWorker.executeBlocking(tokens::all, false)
                .onSuccess(read -> {
                    verifier.replace(read);
                    warned.set(false);
                })
                .onFailure(e -> {
                    if (warned.compareAndSet(false, true)) {
                        LOG.log(Level.WARNING, "cannot read the tokens again (the ones read last stay in force): "
                                + e.getMessage());
                    }
                }));
    }

    /**
     * This process's name among the journal's replicas: in the tasks it picks and its sessions to the journal (so
     * the others can tell it is still connected). Host, pid and a random part (two services in one JVM, a pid reused),
     * within PostgreSQL's 63 characters for a session's name.
     */
    private static String replicaName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String suffix = "/" + ProcessHandle.current().pid() + "/"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        String prefix = "milink ";
        int room = 63 - prefix.length() - suffix.length();
        return prefix + (host.length() > room ? host.substring(0, room) : host) + suffix;
    }

    /** The address and port to listen on are taken (by another milink serve, or any other program). */
    public static final class PortInUse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUse(String address, int port, Exception cause) {
            super("cannot listen on " + address + ":" + port + ": the port is in use (another milink serve, or "
                    + "another program); stop that, or pick another --port", cause);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        return (config.tls() ? "https" : "http") + "://" + host + ":" + port();
    }

    /** The operator token created at this start because the journal had none; shown once, never stored. */
    public Optional<String> initialOperatorToken() {
        return Optional.ofNullable(initialOperatorToken);
    }

    /** The generated certificate (PEM) clients should trust, when serving HTTPS. */
    public Optional<String> certificatePem() {
        return Optional.ofNullable(certificatePem);
    }

    public Optional<Path> certificateFile() {
        return Optional.ofNullable(certificateFile);
    }

    /** What it was started with. */
    ServiceConfig config() {
        return config;
    }

    /** The health checks (tests mark the service as shutting down through it). */
    ServiceHealth health() {
        return health;
    }

    /** How many operations a previous process left unfinished, now marked Failed. */
    public int interruptedAtStart() {
        return interruptedAtStart;
    }

    /** This replica's name in the journal (the tasks it picks, its database sessions). */
    public String replica() {
        return replica;
    }

    /** How many link operations no replica was running at this start: this one or another picks them up now. */
    public int resumedAtStart() {
        return resumedAtStart;
    }

    /**
     * Stops accepting requests, lets running and queued operations finish for the configured grace period, then
     * journals the ones still unfinished as Failed ({@link OperationJournal#INTERRUPTED_REASON}) and stops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.shuttingDown();
        try {
            // api.md, Health: ready turns 503 before the server stops accepting. A load balancer needs a probe or
            // two to see it; without any probe there is nobody to tell, and no reason to wait.
            if (health.readinessProbed() && !limits.readinessDrain().isZero()) {
                Thread.sleep(limits.readinessDrain().toMillis());
            }
            // Stop accepting; give in-flight requests (not event streams, which end on their own) a moment.
            server.shutdown(2, TimeUnit.SECONDS).await();
            if (!jobs.awaitIdle(config.shutdownGrace())) {
                LOG.log(Level.WARNING, "operations still running after the shutdown grace period of "
                        + config.shutdownGrace().toSeconds() + " s are journaled as Failed");
            }
            // Link operations are asked to stop at their next step or poll; what is left resumes at the next start.
            if (!linkJobs.stop(config.shutdownGrace())) {
                LOG.log(Level.WARNING, "link operations still running after the shutdown grace period resume when "
                        + "the service starts again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                // Before the journal and Vert.x close under the reads of links it may be making.
                monitors.stop(MONITOR_STOP_GRACE);
                // This replica's own preflights (and those of replicas that are gone): a live replica's go on.
                linkJobs.failOwnAndGoneReplicasWork();
            } finally {
                try {
                    vertx.close().await();
                } finally {
                    metrics.close();
                    journal.close();
                }
            }
        }
    }
}
