package io.milink.simulator;

import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import io.milink.simulator.sqlserver.SqlServerInstance;
import io.milink.simulator.tds.SessionEncryption;
import io.milink.simulator.tds.TdsServer;
import io.milink.simulator.tds.TdsServerOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A running SQL Server twin: an instance loaded from a scenario, served over TDS on a loopback port, with a TLS
 * certificate generated for this run. What tests, {@code milink twin} and {@code milink demo} start.
 */
public final class SqlServerTwin implements AutoCloseable {

    /** The three ways mssql-jdbc can encrypt (its {@code encrypt} connection property). */
    public enum Encryption { FALSE, TRUE, STRICT }

    /** A login from the scenario. {@link #toString()} never shows the password. */
    public record Credentials(String userName, String password) {
        @Override
        public String toString() {
            return "Credentials[userName=" + userName + "]";
        }
    }

    private final SqlServerInstance instance;
    private final TdsServer server;
    private final IssuedCertificate certificate;

    private SqlServerTwin(SqlServerInstance instance, TdsServer server, IssuedCertificate certificate) {
        this.instance = instance;
        this.server = server;
        this.certificate = certificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public SqlServerInstance instance() {
        return instance;
    }

    public String serverName() {
        return instance.identity().serverName();
    }

    public String productVersion() {
        return instance.identity().productVersion();
    }

    /**
     * How the open connection of session {@code spid} ({@code SELECT @@SPID}) negotiated its encryption, including
     * the TLS version; empty when no open connection has that session. For tests: SQL Server shows only
     * {@code sys.dm_exec_connections.encrypt_option}, never the TLS version.
     */
    public Optional<SessionEncryption> sessionEncryption(int spid) {
        return server.sessionEncryption(spid);
    }

    /**
     * SQL batches and RPC messages each client connection has sent since it logged in (one request is one round
     * trip), by connection in accept order. What proves that milink's inventory is one round trip.
     */
    public java.util.Map<Integer, Integer> requestsByConnection() {
        return server.requestsByConnection();
    }

    /** The TLS certificate it serves, or null without TLS: a second twin on the same loopback names can reuse it. */
    IssuedCertificate tlsCertificate() {
        return certificate;
    }

    /** The twin's TLS certificate as PEM, for a client to pin ({@code serverCertificate=}) or trust. */
    public String certificatePem() {
        if (certificate == null) {
            throw new IllegalStateException("this twin was started without TLS");
        }
        return certificate.pem();
    }

    /** The first sysadmin login of the scenario, for a client that must log in. */
    public Credentials sysadminCredentials() {
        return instance.logins().stream()
                .filter(login -> Boolean.TRUE.equals(login.sysadmin()))
                .findFirst()
                .map(login -> new Credentials(login.name(), login.password()))
                .orElseThrow(() -> new IllegalStateException("the scenario has no sysadmin login"));
    }

    /**
     * The login a client of the twin uses: the first sysadmin login, else the scenario's first login, so that a
     * scenario without a sysadmin still lets a readiness check log in and say the login is not one.
     */
    public Credentials loginCredentials() {
        return instance.logins().stream()
                .filter(login -> Boolean.TRUE.equals(login.sysadmin()))
                .findFirst()
                .or(() -> instance.logins().stream().findFirst())
                .map(login -> new Credentials(login.name(), login.password()))
                .orElseThrow(() -> new IllegalStateException("the scenario has no login"));
    }

    /** Each login of the scenario as {@code name (sysadmin)} or {@code name}, never with its password. */
    public List<String> loginDescriptions() {
        return instance.logins().stream()
                .map(login -> login.name() + (Boolean.TRUE.equals(login.sysadmin()) ? " (sysadmin)" : ""))
                .toList();
    }

    /**
     * A JDBC URL for mssql-jdbc without credentials.
     *
     * @param pinnedCertificatePem a PEM file holding {@link #certificatePem()}: strict mode pins it
     *                             ({@code serverCertificate}); {@code encrypt=true} trusts the server's certificate
     *                             instead, because mssql-jdbc's pinning applies to strict mode only
     */
    public String jdbcUrl(Encryption encryption, Path pinnedCertificatePem) {
        String base = "jdbc:sqlserver://" + host() + ":" + port();
        return switch (encryption) {
            case FALSE -> base + ";encrypt=false";
            case TRUE -> base + ";encrypt=true;trustServerCertificate=true";
            case STRICT -> base + ";encrypt=strict;serverCertificate="
                    + Objects.requireNonNull(pinnedCertificatePem, "strict mode needs the certificate file");
        };
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            instance.close();
        }
    }

    /**
     * The managed instance as its SQL endpoint shows itself: SERVERPROPERTY('ProductVersion') 12.0.2000.8 and the
     * edition "SQL Azure", as Microsoft Learn's SERVERPROPERTY page gives them for Azure SQL, its administrator login
     * as the one sysadmin, and the databases the scenario puts on it.
     */
    static io.milink.simulator.sqlserver.scenario.Scenario.SqlServer managedInstanceEndpoint(
            io.milink.simulator.arm.ManagedInstanceScenario mi) {
        var databases = (mi.databases() == null ? List.<String>of() : mi.databases()).stream()
                .map(name -> new io.milink.simulator.sqlserver.scenario.Scenario.Database(name, null, null, null, null,
                        null, null, null, null, null, null, null, null, null))
                .toList();
        return new io.milink.simulator.sqlserver.scenario.Scenario.SqlServer(mi.name(), "12.0.2000.8", "RTM", null,
                "SQL Azure", io.milink.simulator.sqlserver.scenario.Scenario.HostPlatform.Linux, null, mi.collation(),
                true, null, true, true, List.of(new io.milink.simulator.sqlserver.scenario.Scenario.Login(
                        mi.administratorLogin(), mi.administratorLoginPassword(), true)), List.of(), List.of(),
                databases, List.of());
    }

    /** Configures and starts a twin. */
    public static final class Builder {
        private String yaml;
        private String sourceName = "scenario";
        private String bindHost = "127.0.0.1";
        private int port;
        private boolean tls = true;
        private IssuedCertificate presetTls;
        private FaultPlan faults = FaultPlan.NONE;
        private LinkWorld world;
        private io.milink.simulator.arm.ManagedInstanceScenario managedInstance;

        private Builder() {
        }

        /**
         * Plays the SQL endpoint of this managed instance instead of a SQL Server (no scenario YAML needed): its
         * administrator login, "SQL Azure" (EngineEdition 8), its databases, and in its msdb.dbo.backupset the
         * instance's automatic full backups as the {@link #linkWorld link world} takes them. The scenario must name
         * {@code administratorLogin} and {@code administratorLoginPassword}.
         */
        public Builder playManagedInstance(io.milink.simulator.arm.ManagedInstanceScenario scenario) {
            if (scenario.administratorLogin() == null || scenario.administratorLoginPassword() == null) {
                throw new IllegalArgumentException("the managed instance's SQL endpoint needs administratorLogin and "
                        + "administratorLoginPassword in the managedInstance: section");
            }
            this.managedInstance = scenario;
            return this;
        }

        /** The scenario's YAML text; {@code sourceName} names it in error messages (a path or built-in name). */
        public Builder scenarioYaml(String yaml, String sourceName) {
            this.yaml = Objects.requireNonNull(yaml, "yaml");
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        /** A built-in scenario by name; see {@link BuiltInScenarios}. */
        public Builder builtInScenario(String name) {
            return scenarioYaml(BuiltInScenarios.yaml(name), name);
        }

        public Builder bindHost(String bindHost) {
            this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Whether to serve TLS with a generated certificate (default true). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * A TLS certificate issued earlier ({@link CertificateIssuer#tlsServer}, for the loopback names), so a test
         * suite that starts many twins pays for RSA key generation once, as {@code ArmTwin.Builder.certificates}
         * does. Ignored with {@code tls(false)}.
         */
        public Builder tlsCertificate(IssuedCertificate certificate) {
            this.presetTls = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * The link world this SQL Server shares with a managed instance (the same world passed to
         * {@code ArmTwin.Builder.linkWorld}): its distributed availability groups replicate there. Without one the
         * twin has a world of its own, with no managed instance in it.
         */
        public Builder linkWorld(LinkWorld world) {
            this.world = Objects.requireNonNull(world, "world");
            return this;
        }

        public Builder faults(FaultPlan faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * @throws io.milink.simulator.sqlserver.scenario.ScenarioException when the scenario is invalid; its message says where and how to fix it
         * @throws IOException       when the port cannot be bound
         */
        public SqlServerTwin start() throws IOException {
            if (yaml == null && managedInstance == null) {
                throw new IllegalStateException("no scenario given");
            }
            SqlServerInstance instance = managedInstance != null
                    ? SqlServerInstance.playingManagedInstance(managedInstanceEndpoint(managedInstance),
                    world != null ? world : LinkWorld.create(1.0))
                    : SqlServerInstance.fromScenario(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), sourceName,
                    world != null ? world : LinkWorld.create(1.0));
            if (faults != FaultPlan.NONE) {
                instance = instance.withFaults(faults);
            }
            IssuedCertificate certificate = !tls ? null : presetTls != null ? presetTls
                    : CertificateIssuer.twinTlsServer(CertificateIssuer.loopbackHostNames(), 30);
            TdsServer server = TdsServer.start(instance,
                    new TdsServerOptions(bindHost, port, certificate, faults));
            return new SqlServerTwin(instance, server, certificate);
        }
    }
}
