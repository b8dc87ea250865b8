package io.milink.simulator;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.VirtualClock;
import io.milink.simulator.pki.IssuedCertificate;

/**
 * The twins one scenario describes, started together in one link world: a SQL Server (its {@code sqlServer:}
 * section) and a managed instance behind an ARM endpoint (its {@code managedInstance:} section), whose links
 * replicate between them at the rates and with the faults of its {@code link:} section, on a clock running
 * {@code timeScale} simulated seconds per real second. What {@code milink twin}, the demo and end-to-end tests start.
 */
public final class LinkedTwins implements AutoCloseable {

    private final LinkWorld world;
    private final SqlServerTwin sqlServer;
    private final ArmTwin arm;
    private final SqlServerTwin instanceSql;

    private LinkedTwins(LinkWorld world, SqlServerTwin sqlServer, ArmTwin arm, SqlServerTwin instanceSql) {
        this.world = world;
        this.sqlServer = sqlServer;
        this.arm = arm;
        this.instanceSql = instanceSql;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LinkWorld world() {
        return world;
    }

    /** The SQL Server twin, when the scenario has a {@code sqlServer:} section. */
    public Optional<SqlServerTwin> sqlServer() {
        return Optional.ofNullable(sqlServer);
    }

    /** The ARM twin, when the scenario has a {@code managedInstance:} section. */
    public Optional<ArmTwin> arm() {
        return Optional.ofNullable(arm);
    }

    /**
     * The managed instance's SQL endpoint (TDS), when the scenario's {@code managedInstance:} section names its
     * {@code administratorLogin}: its msdb.dbo.backupset shows the instance's automatic full backups.
     */
    public Optional<SqlServerTwin> instanceSql() {
        return Optional.ofNullable(instanceSql);
    }

    @Override
    public void close() {
        try {
            if (instanceSql != null) {
                instanceSql.close();
            }
        } finally {
            try {
                if (arm != null) {
                    arm.close();
                }
            } finally {
                if (sqlServer != null) {
                    sqlServer.close();
                }
            }
        }
    }

    /** Configures and starts the twins. */
    public static final class Builder {
        private String yaml;
        private String sourceName = "scenario";
        private String bindHost = "127.0.0.1";
        private int sqlServerPort;
        private int armPort;
        private boolean tls = true;
        private VirtualClock clock;
        private double timeScale = 1.0;
        private IssuedCertificate presetTls;
        private EndpointCertificateChain presetChain;
        private ArmFaultPlan armFaults = ArmFaultPlan.NONE;
        private int pollsInProgress = 1;
        private java.time.Duration operationRetryAfter;

        private Builder() {
        }

        public Builder scenarioYaml(String yaml, String sourceName) {
            this.yaml = Objects.requireNonNull(yaml, "yaml");
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        public Builder builtInScenario(String name) {
            return scenarioYaml(BuiltInScenarios.yaml(name), name);
        }

        public Builder bindHost(String bindHost) {
            this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
            return this;
        }

        /** The SQL Server twin's TDS port; 0 (default) picks a free one. */
        public Builder sqlServerPort(int port) {
            this.sqlServerPort = port;
            return this;
        }

        /** The ARM twin's HTTPS port; 0 (default) picks a free one. */
        public Builder armPort(int port) {
            this.armPort = port;
            return this;
        }

        /** Whether the SQL Server twin serves TLS (default true). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Simulated seconds per real second (default 1); ignored when a {@link #clock} is given. */
        public Builder timeScale(double timeScale) {
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException("the time scale must be a finite number > 0, not " + timeScale);
            }
            this.timeScale = timeScale;
            return this;
        }

        /** A clock of the test's own, e.g. {@link VirtualClock#manual()}, to move simulated time by hand. */
        public Builder clock(VirtualClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Certificates issued earlier (tests), for both twins' TLS and the instance's endpoint certificate. */
        public Builder certificates(IssuedCertificate tlsCertificate, EndpointCertificateChain chain) {
            this.presetTls = Objects.requireNonNull(tlsCertificate, "tlsCertificate");
            this.presetChain = Objects.requireNonNull(chain, "chain");
            return this;
        }

        /** Faults for the ARM twin, on top of those in the scenario's {@code link:} section. */
        public Builder armFaults(ArmFaultPlan faults) {
            this.armFaults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** How many polls of an ARM operation answer "in progress" before it completes (default 1). */
        public Builder pollsInProgress(int polls) {
            this.pollsInProgress = polls;
            return this;
        }

        /** The {@code Retry-After} of the ARM twin's operation responses (the ARM twin's default when unset). */
        public Builder operationRetryAfter(java.time.Duration retryAfter) {
            this.operationRetryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /**
         * @throws io.milink.simulator.sqlserver.scenario.ScenarioException when the scenario is invalid
         * @throws IOException when a port cannot be bound
         */
        public LinkedTwins start() throws IOException {
            if (yaml == null) {
                throw new IllegalStateException("no scenario given");
            }
            ScenarioSections sections = ScenarioSections.of(yaml);
            LinkScenarioLoader.LinkScenario link = LinkScenarioLoader.load(yaml, sourceName);
            VirtualClock worldClock = clock != null ? clock : new VirtualClock(Instant.now(), timeScale);
            LinkWorld world = LinkWorld.create(worldClock, link.settings());
            for (LinkScenarioLoader.ExistingLink existing : link.existing()) {
                world.declareExisting(existing.name(), new LinkWorld.ExistingPhase(existing.phase(),
                        existing.seedingPercent(), existing.backlogSeconds()));
            }
            SqlServerTwin sqlServer = null;
            ArmTwin arm = null;
            SqlServerTwin instanceSql = null;
            try {
                if (sections.sqlServer()) {
                    SqlServerTwin.Builder b = SqlServerTwin.builder().scenarioYaml(yaml, sourceName)
                            .bindHost(bindHost).port(sqlServerPort).tls(tls).linkWorld(world);
                    if (presetTls != null && tls) {
                        b.tlsCertificate(presetTls);
                    }
                    sqlServer = b.start();
                }
                if (sections.managedInstance()) {
                    ArmTwin.Builder b = ArmTwin.builder().scenarioYaml(yaml, sourceName).bindHost(bindHost)
                            .port(armPort).linkWorld(world).pollsInProgress(pollsInProgress)
                            .faults(armFaults.and(link.armFaults()));
                    if (operationRetryAfter != null) {
                        b.operationRetryAfter(operationRetryAfter);
                    }
                    if (presetTls != null) {
                        b.certificates(presetTls, presetChain);
                    }
                    arm = b.start();
                    var instance = io.milink.simulator.arm.ManagedInstanceScenarioLoader.load(yaml, sourceName);
                    if (instance.administratorLogin() != null) {
                        SqlServerTwin.Builder endpoint = SqlServerTwin.builder().playManagedInstance(instance)
                                .bindHost(bindHost).tls(tls).linkWorld(world);
                        // The same loopback names as SQL Server's twin: its certificate saves a key generation.
                        IssuedCertificate shared = presetTls != null ? presetTls
                                : sqlServer != null ? sqlServer.tlsCertificate() : null;
                        if (shared != null && tls) {
                            endpoint.tlsCertificate(shared);
                        }
                        instanceSql = endpoint.start();
                    }
                }
                world.trustEndpointCertificateOfExistingLinks();
                for (LinkScenarioLoader.ExistingLink existing : link.existing()) {
                    if (!world.onManagedInstance(existing.name())) {
                        throw new io.milink.simulator.sqlserver.scenario.ScenarioException(sourceName
                                + ": link.existing: no link named '" + existing.name() + "' under managedInstance.links;"
                                + " declare the link on both sides (docs/simulator-link.md)");
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (instanceSql != null) {
                    instanceSql.close();
                }
                if (arm != null) {
                    arm.close();
                }
                if (sqlServer != null) {
                    sqlServer.close();
                }
                throw e;
            }
            return new LinkedTwins(world, sqlServer, arm, instanceSql);
        }
    }
}
