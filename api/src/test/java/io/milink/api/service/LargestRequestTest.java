package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The largest body openapi.yaml allows is journaled whole, not refused by a column too small for it. */
class LargestRequestTest {

    @Test
    void aRequestWithTheContractsMaximumDatabasesIsAcceptedAndJournaledWhole(@TempDir Path dir) {
        JsonArray databases = new JsonArray();
        for (int i = 0; i < 100; i++) { // openapi.yaml: databases maxItems 100, items maxLength 128
            databases.add(String.format("%03d", i) + "d".repeat(125));
        }
        JsonObject body = new JsonObject().put("scenario", "ready-2022").put("databases", databases);
        try (ServiceHarness harness = ServiceHarness.start(dir.resolve("data"))) {
            HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(body).await();
            assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
            JsonObject operation = harness.get("/v1/operations/" + accepted.bodyAsJsonObject().getString("id"),
                    harness.operatorToken).send().await().bodyAsJsonObject();
            assertThat(operation.getJsonObject("request").getJsonArray("databases")).isEqualTo(databases);
        }
    }
}
