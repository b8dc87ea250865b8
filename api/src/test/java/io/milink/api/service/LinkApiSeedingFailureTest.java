package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * POST /v1/links for a link whose seeding fails: the operation ends Failed with the instance's error and what to do,
 * and the same request again replaces the failed link on both sides, as `milink link create` does, and succeeds.
 */
class LinkApiSeedingFailureTest {

    @TempDir
    Path dir;

    @Test
    void aFailedSeedingFailsTheOperationWithTheInstancesErrorAndTheSameRequestAgainReplacesTheLink() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022")
                                + "\nlink:\n  seedingMbPerSecond: 1\n  faults:\n    - { kind: seedingFailure, at: PT1M,"
                                + " database: Sales, message: \"The remote disk is full.\" }\n", "seeding fails once")
                .timeScale(10_000).operationRetryAfter(Duration.ofSeconds(1)).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            ServeSettingsFile file = ServeSettingsFile.load(dir.resolve(TwinSpecFiles.SERVE_CONFIG));
            JournalLocation journalLocation = new JournalLocation.H2File(dir.resolve("data"));
            String operator;
            try (Journal journal = Journal.open(journalLocation)) {
                operator = new TokenStore(journal).create(Role.OPERATOR);
            }
            JsonObject request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
            try (ServiceHarness service = ServiceHarness.start(new ServiceConfig(dir.resolve("data-0"), "127.0.0.1",
                            0, true).withJournal(journalLocation)
                            .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), Map.of()))
                            .withCertificateDirectory(dir), ArmConnector.AZURE,
                    ServiceHarness.TEST_LIMITS.withLinkTimings(Duration.ofMillis(100), Duration.ofMillis(500)),
                    operator)) {
                HttpResponse<Buffer> first = service.post("/v1/links", operator).sendJsonObject(request).await();
                assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
                JsonObject failed = service.awaitFinal(first.bodyAsJsonObject().getString("id"), operator);
                assertThat(failed.getString("state")).as(failed.encodePrettily()).isEqualTo("Failed");
                assertThat(failed.encode()).contains("the link DAG_Sales failed on the instance",
                        "Sales is in LinkCreationError", "The remote disk is full", "create the link again");

                HttpResponse<Buffer> plan = service.get("/v1/links/DAG_Sales/plan", operator).send().await();
                assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);
                assertThat(plan.bodyAsString()).contains("\"REPLACE\"");

                HttpResponse<Buffer> again = service.post("/v1/links", operator).sendJsonObject(request).await();
                assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
                String againId = again.bodyAsJsonObject().getString("id");
                JsonObject done = service.awaitFinal(againId, operator);
                assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
                String events = service.get("/v1/operations/" + againId + "/events", operator).send().await()
                        .bodyAsString();
                assertThat(events).containsSubsequence("failed on the instance (LinkCreationError",
                        "-/+ replacing distributed availability group [DAG_Sales]",
                        "-/+ replacing link DAG_Sales on the instance",
                        "succeeded: seeding finished, the link replicates");
                assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("DAG_Sales");
            }
        }
    }
}
