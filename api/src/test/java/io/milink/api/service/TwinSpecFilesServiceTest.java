package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code milink twin --write-spec} writes for the service: its serve.yaml, loaded as {@code milink serve --config}
 * loads it, and preflight-request.json, posted as is, reach the twins through the production ARM connector (the written
 * endpoint, trust store and no-sign-in method) and find them READY.
 */
class TwinSpecFilesServiceTest {

    @TempDir
    Path dir;

    @Test
    void theWrittenServiceConfigurationAndRequestFindTheTwinsReady() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales", "Inventory")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            // No variable is needed: the password is read from the written file.
            Credentials credentials = new Credentials(file.credentials(), file.azureCredentials(), Map.of());
            try (ServiceHarness harness = ServiceHarness.start(new ServiceConfig(dir.resolve("data"), "127.0.0.1", 0,
                    true).withCredentials(credentials).withCertificateDirectory(dir), ArmConnector.AZURE)) {
                JsonObject body = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.PREFLIGHT_REQUEST)));
                HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                        .sendJsonObject(body).await();
                assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
                String id = accepted.bodyAsJsonObject().getString("id");
                JsonObject done = harness.awaitFinal(id);
                assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
                Report report = ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send()
                        .await().bodyAsString());
                assertThat(report.ready()).as(report.findings().toString()).isTrue();
                assertThat(report.findings()).anyMatch(f -> f.id().equals("mi.exists") && f.status() == Status.PASS)
                        .filteredOn(f -> f.id().startsWith("net.")).allMatch(f -> f.status() == Status.SKIP);
            }
        }
    }
}
