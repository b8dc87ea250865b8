package io.milink.api.service;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.Journal;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The twins of ready-2022 with a seeding slow enough to watch (its 2 GB Sales database seeds in seconds of real time)
 * and a milink serve configured by {@code milink twin --write-spec}'s files, which reads the links every
 * 100 ms while an event stream is open: what the event stream and dashboard tests watch.
 */
final class WatchedLinkTwins implements AutoCloseable {

    static final String LINK = "DAG_Sales";

    final LinkedTwins twins;
    final ServiceHarness harness;
    final String operator;
    final String reader;
    final JsonObject request;
    final Path directory;

    private WatchedLinkTwins(LinkedTwins twins, ServiceHarness harness, String operator, String reader,
                             JsonObject request, Path directory) {
        this.twins = twins;
        this.harness = harness;
        this.operator = operator;
        this.reader = reader;
        this.request = request;
        this.directory = directory;
    }

    /**
     * @param tls                false for the browser, which would not trust the service's generated certificate
     * @param seedingMbPerSecond the twins run 20 times faster than real time: Sales's 2,048 MB seed in about
     *                           {@code 102 / seedingMbPerSecond} real seconds (40: 2.5 s)
     */
    static WatchedLinkTwins start(Path dir, boolean tls, int seedingMbPerSecond) throws Exception {
        String scenario = BuiltInScenarios.yaml("ready-2022") + "\nlink:\n  seedingMbPerSecond: " + seedingMbPerSecond
                + "\n";
        LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario, "ready-2022 (slow seeding)").timeScale(20)
                .operationRetryAfter(Duration.ofSeconds(1)).start();
        try {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            Path data = dir.resolve("data");
            String operator;
            String reader;
            try (Journal journal = Journal.open(data)) {
                TokenStore tokens = new TokenStore(journal);
                operator = tokens.create(Role.OPERATOR);
                reader = tokens.create(Role.READER);
            }
            ServiceHarness harness = ServiceHarness.start(new ServiceConfig(data, "127.0.0.1", 0, tls)
                            .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                            .withCertificateDirectory(dir), ArmConnector.AZURE,
                    ServiceHarness.TEST_LIMITS.withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500)),
                    operator);
            return new WatchedLinkTwins(twins, harness, operator, reader,
                    new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST))), dir);
        } catch (Exception | Error e) {
            twins.close();
            throw e;
        }
    }

    /** The service's address, as a browser opens it. */
    String baseUrl() {
        return harness.service.baseUrl();
    }

    @Override
    public void close() throws Exception {
        try {
            harness.close();
        } finally {
            twins.close();
        }
    }
}
