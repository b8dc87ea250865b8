package io.milink.simulator.arm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.FixedKeyManager;
import io.milink.simulator.pki.IssuedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;

/**
 * A running twin of Azure Resource Manager for one SQL managed instance: HTTPS on a loopback port, with a TLS
 * certificate generated for this run, serving the Microsoft.Sql routes a managed-instance link needs
 * (docs/simulator-arm.md). What tests and, later, {@code milink demo} start.
 */
public final class ArmTwin implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final IssuedCertificate tlsCertificate;
    private final ManagedInstance instance;
    private final String host;
    private final RequestRecorder recorder;

    private ArmTwin(Vertx vertx, HttpServer server, IssuedCertificate tlsCertificate, ManagedInstance instance,
                    String host, RequestRecorder recorder) {
        this.vertx = vertx;
        this.server = server;
        this.tlsCertificate = tlsCertificate;
        this.instance = instance;
        this.host = host;
        this.recorder = recorder;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code https://127.0.0.1:<port>} without a trailing slash; ARM paths start with {@code /subscriptions}. */
    public String baseUrl() {
        return "https://" + host + ":" + port();
    }

    /** The full resource id of the instance the twin serves. */
    public String resourceId() {
        return instance.resourceId();
    }

    /** The managed instance behind the twin, for tests to inspect or change (e.g. stop it). */
    public ManagedInstance instance() {
        return instance;
    }

    /**
     * The requests received so far (the last {@value RequestRecorder#LIMIT}), oldest first, as they arrived: for
     * tests that check what a client sent (e.g. its request bodies against the 2025-01-01 contracts).
     */
    public List<RecordedRequest> receivedRequests() {
        return recorder.snapshot();
    }

    /** The twin's self-signed HTTPS certificate as PEM, for a client to trust. */
    public String tlsCertificatePem() {
        return tlsCertificate.pem();
    }

    /**
     * A trust store holding only the twin's HTTPS certificate: what a client (the JDK HttpClient behind
     * azure-core-http-jdk-httpclient, for one) needs to reach the twin with certificate verification on.
     */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("milink-arm-twin", tlsCertificate.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store for the twin's certificate", e);
        }
    }

    /** The intermediate CA between {@link #endpointCertificateRootPem()} and the endpoint certificate, as PEM. */
    public String endpointCertificateIntermediatePem() {
        return instance.endpointCertificate().intermediate().pem();
    }

    /**
     * The root the endpoint certificate chains to, as PEM. A twin-generated root, not an Azure one (see
     * {@link EndpointCertificateChain}): a client validating the chain must trust it explicitly.
     */
    public String endpointCertificateRootPem() {
        return instance.endpointCertificate().root().pem();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the ARM twin did not stop cleanly", e);
        }
    }

    /** Configures and starts a twin. */
    public static final class Builder {
        private String yaml;
        private String sourceName = "scenario";
        private String bindHost = "127.0.0.1";
        private int port;
        private ArmFaultPlan faults = ArmFaultPlan.NONE;
        private Duration retryAfter = Duration.ofSeconds(1);
        private int pollsInProgress = 1;
        private int listPageSize = Integer.MAX_VALUE;
        private IssuedCertificate presetTls;
        private EndpointCertificateChain presetChain;
        private LinkWorld world;

        private Builder() {
        }

        /**
         * Certificates issued earlier, so a test suite that starts many twins pays for RSA key generation once.
         * The chain must have been issued for the scenario's FQDN.
         */
        public Builder certificates(IssuedCertificate tls, EndpointCertificateChain chain) {
            this.presetTls = Objects.requireNonNull(tls, "tls");
            this.presetChain = Objects.requireNonNull(chain, "chain");
            return this;
        }

        /**
         * The link world this instance shares with a SQL Server twin (the same world passed to
         * {@code SqlServerTwin.Builder.linkWorld}). Without one the instance has a world of its own, where no SQL
         * Server answers: a link can then not be created, as with a real instance and no partner.
         */
        public Builder linkWorld(LinkWorld world) {
            this.world = Objects.requireNonNull(world, "world");
            return this;
        }

        /** The scenario's YAML text (its {@code managedInstance:} section); {@code sourceName} names it in errors. */
        public Builder scenarioYaml(String yaml, String sourceName) {
            this.yaml = Objects.requireNonNull(yaml, "yaml");
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        public Builder scenarioFile(Path file) throws IOException {
            return scenarioYaml(Files.readString(file), file.toString());
        }

        /** Loopback by default; the twin never needs another interface. */
        public Builder bindHost(String bindHost) {
            this.bindHost = Objects.requireNonNull(bindHost, "bindHost");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder faults(ArmFaultPlan faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * The {@code Retry-After} of operation responses (default 1 s). Zero suits raw-HTTP tests only: azure-core's
         * pollers ignore {@code Retry-After: 0} and wait their own poll interval instead (30 s by default in
         * azure-resourcemanager-sql; seen against this twin).
         */
        public Builder operationRetryAfter(Duration retryAfter) {
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** How many polls of an operation answer "in progress" before it completes (default 1). */
        public Builder pollsInProgress(int polls) {
            if (polls < 0) {
                throw new IllegalArgumentException("polls must be >= 0");
            }
            this.pollsInProgress = polls;
            return this;
        }

        /**
         * How many items a list (the instance's databases) returns per page before a {@code nextLink}; ARM pages
         * lists and names the next page in {@code nextLink} (arm-api.md §2, x-ms-pageable). Default: one page.
         */
        public Builder listPageSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a page holds at least one item");
            }
            this.listPageSize = size;
            return this;
        }

        /**
         * Generates the certificates (off the event loop: RSA key generation is slow) and starts listening.
         *
         * @throws io.milink.simulator.sqlserver.scenario.ScenarioException when the scenario is invalid
         * @throws IOException when the port cannot be bound
         */
        public ArmTwin start() throws IOException {
            if (yaml == null) {
                throw new IllegalStateException("no scenario given");
            }
            prepareServerTls();
            ManagedInstanceScenario scenario = ManagedInstanceScenarioLoader.load(yaml, sourceName);
            EndpointCertificateChain chain = presetChain != null && presetChain.issuedFor(scenario.fqdn())
                    && scenario.endpointCertificate() == null ? presetChain : issueChain(scenario);
            ManagedInstance instance = new ManagedInstance(scenario, chain,
                    world != null ? world : LinkWorld.create(1.0));
            IssuedCertificate tls = presetTls != null ? presetTls
                    : CertificateIssuer.twinTlsServer(CertificateIssuer.loopbackHostNames(), 30);

            // No class-path file resolving: the twin serves no files, and its cache would register a JVM shutdown
            // hook, which throws when a twin starts while the JVM is stopping (a rehearsal during milink serve's
            // shutdown drain).
            Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setFileSystemOptions(
                    new io.vertx.core.file.FileSystemOptions().setClassPathResolvingEnabled(false)
                            .setFileCachingEnabled(false)));
            try {
                String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
                HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(bindHost)
                        .setPort(port)
                        .setSsl(true)
                        .setSslEngineOptions(new ServerTlsEngineOptions())
                        // The key in memory: PEM options go through a PKCS#12 store (PBKDF2 both ways).
                        .setKeyCertOptions(KeyCertOptions.wrap(FixedKeyManager.of(tls))));
                // The base URL is known only after binding; the router reads it through this holder.
                String[] baseUrl = new String[1];
                RequestRecorder recorder = new RequestRecorder();
                Router router = ArmRouter.build(vertx, instance, faults.fresh(), retryAfter, pollsInProgress,
                        listPageSize, () -> baseUrl[0], recorder);
                server.requestHandler(router);
                server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                baseUrl[0] = "https://" + host + ":" + server.actualPort();
                return new ArmTwin(vertx, server, tls, instance, host, recorder);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                vertx.close();
                throw new IOException("interrupted while starting the ARM twin", e);
            } catch (ExecutionException | TimeoutException e) {
                vertx.close();
                throw new IOException("cannot start the ARM twin on " + bindHost + ":" + port + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
        }

        /**
         * Netty's JDK TLS context class works out the JDK's default protocols and cipher suites when first loaded (a
         * default SSLContext and engine). Vert.x makes the context at the first connection, so that cost fell on the
         * first caller's handshake; here it is paid on a thread of its own from the start of the twin, beside the
         * twin's certificates (a first handshake that comes sooner waits for the class, as it would have anyway).
         * The server context class and its self-test are not loaded at all ({@link ServerTlsEngineOptions}).
         */
        private static void prepareServerTls() {
            Thread loader = new Thread(() -> {
                try {
                    Class.forName("io.netty.handler.ssl.JdkSslContext", true, ArmTwin.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // Only a head start: the first handshake loads it otherwise.
                }
            }, "arm-twin-tls-prepare");
            loader.setDaemon(true);
            loader.start();
        }

        private static EndpointCertificateChain issueChain(ManagedInstanceScenario scenario) {
            ManagedInstanceScenario.EndpointCertificate window = scenario.endpointCertificate();
            if (window == null) {
                return EndpointCertificateChain.issueForTwin(scenario.fqdn());
            }
            Instant now = Instant.now();
            Instant notBefore = ManagedInstanceScenarioLoader.instant(window.notBefore(), "scenario",
                    "endpointCertificate.notBefore");
            Instant notAfter = ManagedInstanceScenarioLoader.instant(window.notAfter(), "scenario",
                    "endpointCertificate.notAfter");
            if (notBefore == null) {
                notBefore = notAfter != null && notAfter.isBefore(now) ? notAfter.minusSeconds(365 * 86_400L)
                        : now.minusSeconds(3_600);
            }
            if (notAfter == null) {
                notAfter = notBefore.plusSeconds(365 * 86_400L);
            }
            return EndpointCertificateChain.issue(scenario.fqdn(), notBefore, notAfter);
        }
    }
}
