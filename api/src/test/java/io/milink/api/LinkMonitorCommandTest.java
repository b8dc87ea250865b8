package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.linkmanager.alerts.WebhookSignature;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;

/**
 * milink link monitor on the linked-2022 twins with a partition from the first simulated minute: the alert printed
 * once, posted signed to the spec's webhook, kept open across runs by the journal, and bad alert settings refused.
 */
class LinkMonitorCommandTest {

    private static final String SECRET = "a-shared-secret-for-the-monitor";

    @TempDir
    Path dir;

    /** One signed request as a receiver saw it. */
    record Hook(String id, String type, boolean signed) {
    }

    @Test
    void aPartitionIsPrintedAndPostedOnceAndStaysOpenAcrossRunsUntilItClears() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        String yaml = BuiltInScenarios.yaml("linked-2022").replace("  seedingMbPerSecond: 10\n",
                "  seedingMbPerSecond: 10\n  faults:\n    - { kind: partition, at: PT1M, for: PT10M }\n");
        List<Hook> hooks = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/milink", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long ts = Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            boolean signed = WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), id, ts, body,
                    exchange.getRequestHeaders().getFirst("webhook-signature"));
            hooks.add(new Hook(id, new ObjectMapper().readTree(body).path("type").asText(), signed));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(yaml, "linked-2022-partition").clock(clock)
                .start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
            Path spec = dir.resolve(TwinSpecFiles.LINK_SPEC);
            Files.writeString(dir.resolve("hook-secret"), SECRET + "\n");
            Files.writeString(spec, Files.readString(spec) + "alerts:\n  webhooks:\n    - url: http://127.0.0.1:"
                    + server.getAddress().getPort() + "/milink\n      secretFile: hook-secret\n");
            String data = dir.resolve("data").toString();

            CliRun seeding = CliRun.of("link", "monitor", "--spec", spec.toString(), "--count", "1", "--data-dir",
                    data);
            assertThat(seeding.exitCode()).as(seeding.err()).isZero();
            assertThat(seeding.out()).isEmpty();
            assertThat(seeding.err()).contains("Monitoring 1 database(s) of SQL Server", "1 webhook(s)");

            clock.advance(Duration.ofMinutes(2));
            CliRun cut = CliRun.of("link", "monitor", "--spec", spec.toString(), "--count", "1", "--data-dir", data);
            assertThat(cut.exitCode()).as(cut.err()).isEqualTo(1);
            assertThat(cut.out()).contains("CRITICAL link.disconnected DAG_Sales/Sales: Sales does not replicate");
            assertThat(hooks).singleElement().satisfies(h -> {
                assertThat(h.type()).isEqualTo("io.milink.link.disconnected");
                assertThat(h.signed()).isTrue();
            });

            clock.advance(Duration.ofMinutes(1));
            CliRun again = CliRun.of("link", "monitor", "--spec", spec.toString(), "--count", "1", "--data-dir", data,
                    "--output", "json");
            assertThat(again.exitCode()).as("still open").isEqualTo(1);
            assertThat(again.out()).as("raised by the run before: not again").isEmpty();
            assertThat(again.err()).contains("1 alert(s) open from before");

            clock.advance(Duration.ofMinutes(15));
            CliRun healed = CliRun.of("link", "monitor", "--spec", spec.toString(), "--count", "1", "--data-dir",
                    data, "--output", "json");
            assertThat(healed.exitCode()).as(healed.err()).isZero();
            assertThat(new ObjectMapper().readTree(healed.out().lines().filter(l -> l.contains("disconnected"))
                    .findFirst().orElseThrow()).path("type").asText()).isEqualTo("io.milink.link.disconnected.resolved");
            assertThat(hooks).extracting(Hook::type).contains("io.milink.link.disconnected",
                    "io.milink.link.disconnected.resolved");
            assertThat(hooks).filteredOn(h -> h.type().equals("io.milink.link.disconnected")).hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWebhookWithTheSecretWrittenInTheSpecIsRefusedWithWhatToWrite() throws Exception {
        Path spec = dir.resolve("link.yaml");
        Files.writeString(spec, """
                sqlServer:
                  host: sql01.contoso.local
                  authentication: { type: sql, user: milink, passwordEnv: MILINK_SQL_PASSWORD }
                databases: [Sales]
                managedInstance:
                  resourceId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi01
                alerts:
                  webhooks:
                    - { url: "https://hooks.example.com/milink", secret: "hunter2" }
                """);
        CliRun run = CliRun.of("link", "monitor", "--spec", spec.toString(), "--count", "1", "--data-dir",
                dir.resolve("data").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("alerts.webhooks[0].secret: unknown field; allowed here: secretEnv, secretFile, "
                + "url").doesNotContain("hunter2");
    }
}
