package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenStore;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.Journal;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code link} section of POST /v1/links, as a spec's {@code link:}: non-default values reach the link's plan (the
 * replication mode on both sides, the partner endpoint, the certificate's expiry, the master key made with a secret
 * the service configuration names, shown by reference and never by value); what a spec file refuses is a 400 naming
 * the field, and a master key password in the request is refused as any password is. On SQL Server 2022 twins without
 * a master key or the trace flags, so the create stops at preflight and the plan stays to be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkRequestOptionsTest {

    private static final String MASTER_KEY_PASSWORD = "Master-Key-Passw0rd!";
    private static final String LINK = "DAG_Sales";

    @TempDir
    static Path dir;
    private LinkedTwins twins;
    private ServiceHarness harness;
    private String operator;
    private JsonObject request;

    @BeforeAll
    void start() throws Exception {
        String scenario = BuiltInScenarios.yaml("ready-2022").replace("masterKey: true", "masterKey: false")
                .replace("traceFlags: { global: [1800, 9567], startup: [1800, 9567] }",
                        "traceFlags: { global: [], startup: [] }");
        twins = LinkedTwins.builder().scenarioYaml(scenario, "no-master-key").start();
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
        Files.writeString(dir.resolve("master-key-password"), MASTER_KEY_PASSWORD + "\n");
        Path config = dir.resolve(TwinSpecFiles.SERVE_CONFIG);
        Files.writeString(config, Files.readString(config) + "secrets:\n  master-key:\n"
                + "    passwordFile: master-key-password\n    hosts: [\"127.0.0.1\"]\n");
        ServeSettingsFile file = ServeSettingsFile.load(config);
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data)) {
            operator = new TokenStore(journal).create(Role.OPERATOR);
        }
        harness = ServiceHarness.start(new ServiceConfig(data, "127.0.0.1", 0, true)
                        .withCredentials(new Credentials(file.credentials(), file.azureCredentials(), file.secrets(),
                                Map.of()))
                        .withCertificateDirectory(dir), ArmConnector.AZURE, ServiceHarness.TEST_LIMITS, operator);
        request = new JsonObject(Files.readString(dir.resolve(TwinSpecFiles.REQUEST)));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            if (twins != null) {
                twins.close();
            }
        }
    }

    @Test
    void nonDefaultLinkOptionsReachThePlanAndTheMasterKeyIsMadeWithTheConfiguredSecretShownByReference()
            throws Exception {
        JsonObject body = request.copy().put("link", new JsonObject().put("replicationMode", "sync")
                .put("failoverMode", "manual").put("seedingMode", "automatic")
                .put("partnerEndpoint", "tcp://10.0.1.4:5022").put("certificateExpiry", "2030-12-31")
                .put("masterKeySecret", "master-key"));
        HttpResponse<Buffer> accepted = harness.post("/v1/links", operator).sendJsonObject(body).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        assertThat(accepted.bodyAsJsonObject().getJsonObject("request").getJsonObject("link")
                .getString("masterKeySecret")).isEqualTo("master-key");
        JsonObject refused = awaitFinal(accepted.bodyAsJsonObject().getString("id"));
        assertThat(refused.getString("state")).isEqualTo("Failed");
        assertThat(refused.getString("error")).contains("preflight found what would break the link");

        HttpResponse<Buffer> plan = harness.get("/v1/links/" + LINK + "/plan", operator).send().await();
        assertThat(plan.statusCode()).as(plan.bodyAsString()).isEqualTo(200);
        assertThat(plan.bodyAsString()).contains("AVAILABILITY_MODE = SYNCHRONOUS_COMMIT",
                "ENDPOINT_URL = N'TCP://10.0.1.4:5022'", "EXPIRY_DATE = N'20301231'",
                "CREATE MASTER KEY ENCRYPTION BY PASSWORD = '<the password from the service's secret master-key>'")
                .doesNotContain(MASTER_KEY_PASSWORD, "master-key-password");
        String script = harness.get("/v1/links/" + LINK + "/script", operator).send().await().bodyAsString();
        assertThat(script).contains("SYNCHRONOUS_COMMIT").doesNotContain(MASTER_KEY_PASSWORD);
        assertThat(journalText()).contains("master-key").doesNotContain(MASTER_KEY_PASSWORD);
    }

    @Test
    void whatASpecFileRefusesIsA400NamingTheFieldAndTheMasterKeysPasswordIsNeverAccepted() {
        assertRefused(new JsonObject().put("masterKeyPassword", MASTER_KEY_PASSWORD), "'masterKeyPassword'",
                "'secrets' section", "masterKeySecret");
        assertRefused(new JsonObject().put("masterKeyPasswordEnv", "X"), "'masterKeyPasswordEnv'", "masterKeySecret");
        assertRefused(new JsonObject().put("masterKeySecret", "nope"), "'link.masterKeySecret'",
                "unknown secret 'nope'", "master-key");
        assertRefused(new JsonObject().put("seedingMode", "manual"), "link.seedingMode", "automatic");
        assertRefused(new JsonObject().put("replicationMode", "SYNCHRONOUS"), "link.replicationMode", "async",
                "sync");
        assertRefused(new JsonObject().put("partnerEndpoint", "http://sql01:5022"), "'link.partnerEndpoint'",
                "tcp://HOST:PORT");
        assertRefused(new JsonObject().put("certificateExpiry", "2020-01-01"), "'link.certificateExpiry'",
                "not in the future");
        assertRefused(new JsonObject().put("colour", "blue"), "colour", "replicationMode");
    }

    @Test
    void aSqlEndpointIsJudgedAsAPreflightJudgesItIncludingTheInstancesOwn() throws Exception {
        // A file in the certificate directory that is not a certificate: refused before anything connects, by both
        // routes, with the same words (one builder of targets for a preflight and a link).
        Files.writeString(dir.resolve("not-a-certificate.pem"), "hello\n");
        JsonObject sqlServer = request.getJsonObject("sqlServer").copy()
                .put("serverCertificate", "not-a-certificate.pem");
        HttpResponse<Buffer> link = harness.post("/v1/links", operator)
                .sendJsonObject(request.copy().put("name", "refused").put("sqlServer", sqlServer)).await();
        HttpResponse<Buffer> preflight = harness.post("/v1/preflight", operator).sendJsonObject(new JsonObject()
                .put("sqlServer", sqlServer).put("databases", request.getJsonArray("databases"))).await();
        assertThat(link.statusCode()).as(link.bodyAsString()).isEqualTo(400);
        assertThat(preflight.statusCode()).as(preflight.bodyAsString()).isEqualTo(400);
        String detail = preflight.bodyAsJsonObject().getString("detail");
        assertThat(detail).contains("'sqlServer.serverCertificate'");
        assertThat(link.bodyAsJsonObject().getString("detail")).isEqualTo(detail);

        // The instance's own SQL endpoint goes through the same builder, its fields named as they are in the body.
        JsonObject managedInstance = request.getJsonObject("managedInstance").copy().put("sql", new JsonObject()
                .put("credential", sqlServer.getString("credential")).put("host", "127.0.0.1").put("port", 1433)
                .put("instance", "MI"));
        HttpResponse<Buffer> instanceSql = harness.post("/v1/links", operator).sendJsonObject(request.copy()
                .put("name", "refused").put("managedInstance", managedInstance)).await();
        assertThat(instanceSql.statusCode()).as(instanceSql.bodyAsString()).isEqualTo(400);
        assertThat(instanceSql.bodyAsJsonObject().getString("detail")).contains("managedInstance.sql");
    }

    private void assertRefused(JsonObject link, String... detail) {
        HttpResponse<Buffer> refused = harness.post("/v1/links", operator)
                .sendJsonObject(request.copy().put("name", "refused").put("link", link)).await();
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("detail")).as(link.encode()).contains(detail);
    }

    private JsonObject awaitFinal(String id) throws InterruptedException {
        return harness.awaitFinal(id, operator);
    }

    /** What the journal keeps of the link: requests, errors, events, the registration. */
    private String journalText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = harness.journalConnection(); Statement s = c.createStatement()) {
            for (String query : List.of("SELECT request, error FROM operations", "SELECT message FROM operation_events",
                    "SELECT request FROM service_links")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }
}
