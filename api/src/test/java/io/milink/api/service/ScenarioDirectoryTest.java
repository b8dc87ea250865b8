package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.simulator.BuiltInScenarios;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 'scenario' field of a preflight request cannot read files outside the configured scenario directory, and a file
 * inside it that is not a scenario does not come back, in the response, the journal or the events.
 */
class ScenarioDirectoryTest {

    private static final String SECRET = "hunter2-S3cret!";

    @TempDir
    Path dir;

    @Test
    void withoutAScenarioDirectoryOnlyBuiltInScenariosAreAccepted() throws Exception {
        Path secret = Files.writeString(dir.resolve("prod-sql"), SECRET + "\n");
        try (ServiceHarness harness = ServiceHarness.start(dir.resolve("data"))) {
            HttpResponse<Buffer> refused = post(harness, secret.toString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.bodyAsString()).doesNotContain(SECRET).contains("--scenario-dir");
            assertThat(harness.awaitFinal(harness.startPreflight("ready-2022", "Sales")).getString("state"))
                    .isEqualTo("Succeeded");
            assertThat(journalText(harness)).doesNotContain(SECRET);
        }
    }

    @Test
    void pathsOutsideTheScenarioDirectoryAreRefusedWith400() throws Exception {
        Path scenarios = Files.createDirectory(dir.resolve("scenarios"));
        Path secret = Files.writeString(dir.resolve("prod-sql"), SECRET + "\n");
        Files.createSymbolicLink(scenarios.resolve("link.yaml"), secret);
        Files.writeString(scenarios.resolve("mine.yaml"), BuiltInScenarios.yaml("ready-2022"));
        try (ServiceHarness harness = ServiceHarness.start(dir.resolve("data"),
                config -> config.withScenarioDirectory(scenarios))) {
            for (String outside : new String[] {secret.toString(), "../prod-sql", "link.yaml", "missing.yaml",
                    scenarios.toString()}) {
                HttpResponse<Buffer> refused = post(harness, outside);
                assertThat(refused.statusCode()).as(outside).isEqualTo(400);
                assertThat(refused.bodyAsString()).as(outside).doesNotContain(SECRET);
            }
            JsonObject mine = harness.awaitFinal(harness.startPreflight("mine.yaml", "Sales"));
            assertThat(mine.getString("state")).as(mine.encode()).isEqualTo("Succeeded");
            assertThat(journalText(harness)).doesNotContain(SECRET);
        }
    }

    @Test
    void aFileInTheDirectoryThatIsNotAScenarioFailsWithoutShowingItsContent() throws Exception {
        Path scenarios = Files.createDirectory(dir.resolve("scenarios"));
        Files.writeString(scenarios.resolve("prod-sql"), SECRET + "\n");
        try (ServiceHarness harness = ServiceHarness.start(dir.resolve("data"),
                config -> config.withScenarioDirectory(scenarios))) {
            String id = harness.startPreflight("prod-sql", "Sales");
            JsonObject failed = harness.awaitFinal(id);
            assertThat(failed.getString("state")).isEqualTo("Failed");
            assertThat(failed.getString("error")).contains("prod-sql").doesNotContain(SECRET);
            HttpResponse<Buffer> events = harness.get("/v1/operations/" + id + "/events", harness.operatorToken)
                    .send().await();
            assertThat(events.bodyAsString()).doesNotContain(SECRET);
            assertThat(journalText(harness)).doesNotContain(SECRET);
        }
    }

    private static HttpResponse<Buffer> post(ServiceHarness harness, String scenario) {
        return harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(new JsonObject().put("scenario", scenario).put("databases", new JsonArray().add("Sales")))
                .await();
    }

    /** Everything the journal database holds, as H2's SCRIPT text. */
    private static String journalText(ServiceHarness harness) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = harness.journalConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SCRIPT")) {
            while (rows.next()) {
                all.append(rows.getString(1)).append('\n');
            }
        }
        return all.toString();
    }
}
