package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code milink serve} on a random loopback port over HTTPS, and a Vert.x WebClient that trusts exactly its
 * generated certificate (verification stays on, host name included).
 */
final class ServiceHarness implements AutoCloseable {

    final Path dataDirectory;
    final MilinkService service;
    final Vertx clientVertx;
    final WebClient client;
    final String operatorToken;
    /** The defaults without the readiness drain: tests that probe readiness would otherwise wait it at close. */
    static final ServiceLimits TEST_LIMITS = ServiceLimits.DEFAULTS.withReadinessDrain(java.time.Duration.ZERO);

    private ServiceHarness(Path dataDirectory, MilinkService service, String operatorToken) {
        this.dataDirectory = dataDirectory;
        this.service = service;
        this.operatorToken = operatorToken;
        this.clientVertx = Vertx.vertx();
        WebClientOptions options = new WebClientOptions()
                .setDefaultHost("localhost")
                .setDefaultPort(service.port());
        // A service started without TLS (the browser test's) is asked over plain HTTP.
        service.certificatePem().ifPresent(pem -> options.setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
        this.client = WebClient.create(clientVertx, options);
    }

    /** Links read every 250 ms instead of 10 s: a test sees a status change at once, as a watcher would. */
    static final ReplicaSettings TEST_REPLICAS = ReplicaSettings.DEFAULTS.withMonitorInterval(
            java.time.Duration.ofMillis(250));

    /** {@code config} with {@link #TEST_REPLICAS} unless the test chose its own timings. */
    static ServiceConfig forTests(ServiceConfig config) {
        return config.replicas().equals(ReplicaSettings.DEFAULTS) ? config.withReplicas(TEST_REPLICAS) : config;
    }

    /** Starts on a fresh data directory; the first start's operator token is kept for the tests. */
    static ServiceHarness start(Path dataDirectory) {
        return start(dataDirectory, config -> config);
    }

    /** Starts on a fresh data directory with the default configuration changed by {@code configure}. */
    static ServiceHarness start(Path dataDirectory, java.util.function.UnaryOperator<ServiceConfig> configure) {
        MilinkService service = MilinkService.start(forTests(configure.apply(
                new ServiceConfig(dataDirectory, "127.0.0.1", 0, true))), ArmConnector.AZURE, TEST_LIMITS);
        return new ServiceHarness(dataDirectory, service, service.initialOperatorToken().orElse(null));
    }

    /** Starts with {@code config} (its data directory fresh); the first start's operator token is kept. */
    static ServiceHarness start(ServiceConfig config) {
        return start(config, ArmConnector.AZURE);
    }

    /** Starts with {@code config}, reading managed instances through {@code arm} (the ARM twin). */
    static ServiceHarness start(ServiceConfig config, ArmConnector arm) {
        return start(config, arm, TEST_LIMITS);
    }

    /** Starts with {@code config} and {@code limits} (a short heartbeat, a small stream cap...). */
    static ServiceHarness start(ServiceConfig config, ArmConnector arm, ServiceLimits limits) {
        MilinkService service = MilinkService.start(forTests(config), arm, limits);
        return new ServiceHarness(config.dataDirectory(), service, service.initialOperatorToken().orElse(null));
    }

    /** Starts with {@code config} on a journal that already holds tokens; requests go as {@code operatorToken}. */
    static ServiceHarness start(ServiceConfig config, ArmConnector arm, ServiceLimits limits, String operatorToken) {
        return new ServiceHarness(config.dataDirectory(), MilinkService.start(forTests(config), arm, limits),
                operatorToken);
    }

    static ServiceHarness restart(Path dataDirectory, String operatorToken) {
        MilinkService service = MilinkService.start(forTests(new ServiceConfig(dataDirectory, "127.0.0.1", 0, true)),
                ArmConnector.AZURE, TEST_LIMITS);
        return new ServiceHarness(dataDirectory, service, operatorToken);
    }

    /** A plain HTTP client trusting the service's certificate, to read a response as it streams (event streams). */
    io.vertx.core.http.HttpClient streamingClient() {
        io.vertx.core.http.HttpClientOptions options = new io.vertx.core.http.HttpClientOptions()
                .setDefaultHost("localhost").setDefaultPort(service.port());
        service.certificatePem().ifPresent(pem -> options.setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
        return clientVertx.createHttpClient(options);
    }

    HttpRequest<Buffer> get(String path, String token) {
        return authorized(client.get(path), token);
    }

    HttpRequest<Buffer> delete(String path, String token) {
        return authorized(client.delete(path), token);
    }

    HttpRequest<Buffer> post(String path, String token) {
        return authorized(client.post(path), token);
    }

    /** Polls the operation until it is Succeeded, Failed or Canceled (at most 60 s), as {@code token} reads it. */
    io.vertx.core.json.JsonObject awaitFinal(String operationId, String token) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (java.time.Instant.now().isBefore(deadline)) {
            io.vertx.core.json.JsonObject op = get("/v1/operations/" + operationId, token).send().await()
                    .bodyAsJsonObject();
            if (java.util.Set.of("Succeeded", "Failed", "Canceled").contains(op.getString("state"))) {
                return op;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("operation " + operationId + " did not finish in 60 s");
    }

    private static HttpRequest<Buffer> authorized(HttpRequest<Buffer> request, String token) {
        request.timeout(20_000);
        return token == null ? request : request.putHeader("Authorization", "Bearer " + token);
    }

    /** POSTs a scenario preflight as the operator and returns the 202's operation id. */
    String startPreflight(String scenario, String database) {
        HttpResponse<Buffer> accepted = post("/v1/preflight", operatorToken)
                .sendJsonObject(new JsonObject().put("scenario", scenario)
                        .put("databases", new io.vertx.core.json.JsonArray().add(database)))
                .await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        return accepted.bodyAsJsonObject().getString("id");
    }

    /** Polls the operation until it is in {@code state} and returns it. */
    JsonObject awaitState(String id, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonObject op = get("/v1/operations/" + id, operatorToken).send().await().bodyAsJsonObject();
            if (op.getString("state").equals(state)) {
                return op;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("operation " + id + " did not reach " + state + " in 30 s");
    }

    /** Polls the operation until it is final and returns it. */
    JsonObject awaitFinal(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonObject op = get("/v1/operations/" + id, operatorToken).send().await().bodyAsJsonObject();
            String state = op.getString("state");
            if (state.equals("Succeeded") || state.equals("Failed") || state.equals("Canceled")) {
                return op;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("operation " + id + " did not finish in 30 s");
    }

    /**
     * A second connection to the service's journal database, in this JVM (H2 shares the open database), to look at
     * what is stored. Only connections are closed, never the database.
     */
    Connection journalConnection() throws SQLException {
        if (service.config().journal() instanceof io.milink.journal.JournalLocation.PostgreSql pg) {
            // The embedded server trusts local connections: the password is not checked.
            return DriverManager.getConnection(pg.url(), pg.user(), "unchecked-by-a-trusting-server");
        }
        if (service.config().journal() instanceof io.milink.journal.JournalLocation.H2File h2) {
            return openJournal(h2.directory());
        }
        return openJournal(dataDirectory);
    }

    static Connection openJournal(Path dataDirectory) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("journal")
                + ";DB_CLOSE_ON_EXIT=FALSE", "milink", "");
    }

    @Override
    public void close() {
        try {
            clientVertx.close().await();
        } finally {
            service.close();
        }
    }
}
