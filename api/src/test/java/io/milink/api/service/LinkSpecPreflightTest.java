package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedCredential;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.simulator.SqlServerTwin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
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
 * {@code POST /v1/preflight} with a LinkSpec body against a real SQL Server (the twin, over TDS): the login is a
 * credential configured on the service, named by the request; the password stays where the configuration says it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkSpecPreflightTest {

    private static final String PASSWORD_VARIABLE = "MILINK_TEST_TWIN_SA_PASSWORD";
    private static final String OUTSIDE_CERTIFICATE_DIRECTORY = "is not a readable file in the service's certificate "
            + "directory";

    @TempDir
    static Path dir;
    private SqlServerTwin twin;
    private ServiceHarness harness;
    private Path certificate;
    private String password;

    @BeforeAll
    void start() throws Exception {
        twin = SqlServerTwin.builder().builtInScenario("ready-2022").start();
        certificate = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
        password = twin.sysadminCredentials().password();
        String user = twin.sysadminCredentials().userName();
        Path passwordFile = Files.writeString(dir.resolve("twin-sa.password"), password + "\n");
        Credentials credentials = new Credentials(List.of(
                new NamedCredential("twin-sa", user, new SecretSource.EnvironmentVariable(PASSWORD_VARIABLE),
                        List.of("127.0.0.1")),
                new NamedCredential("twin-sa-file", user, new SecretSource.File(passwordFile), List.of()),
                new NamedCredential("elsewhere-only", user, new SecretSource.File(passwordFile),
                        List.of("sql01.contoso.local")),
                new NamedCredential("corp-kerberos", new SqlAuthentication.Integrated(), List.of("127.0.0.1"))),
                Map.of(PASSWORD_VARIABLE, password));
        harness = ServiceHarness.start(new ServiceConfig(dir.resolve("data"), "127.0.0.1", 0, true)
                .withCertificateDirectory(dir)
                .withCredentials(credentials));
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (twin != null) {
            twin.close();
        }
    }

    private JsonObject linkSpec(String credential) {
        return new JsonObject()
                .put("sqlServer", new JsonObject().put("host", "127.0.0.1").put("port", twin.port())
                        .put("credential", credential).put("serverCertificate", certificate.toString()))
                .put("databases", new JsonArray().add("Sales"));
    }

    /**
     * A spec with a database but no managed instance: nothing fails, but the whole link was not checked, so the
     * operation and the report say INCOMPLETE, never READY; asked for SQL Server alone, it is READY and says so.
     */
    @Test
    void withoutAManagedInstanceTheVerdictIsIncompleteUnlessTheRequestAsksForSqlServerAlone() throws Exception {
        JsonObject done = harness.awaitFinal(harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("twin-sa")).await().bodyAsJsonObject().getString("id"));
        assertThat(done.getString("verdict")).as(done.encodePrettily()).isEqualTo("INCOMPLETE");
        Report whole = ReportJson.read(harness.get("/v1/preflight/" + done.getString("id"), harness.operatorToken)
                .send().await().bodyAsString());
        assertThat(whole.ready()).isFalse();
        assertThat(whole.notChecked()).extracting(n -> n.part().id()).contains("managedInstance");

        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("twin-sa").put("scope", "sql-server")).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        assertThat(accepted.bodyAsJsonObject().getJsonObject("request").getString("scope")).isEqualTo("sql-server");
        JsonObject sqlServerOnly = harness.awaitFinal(accepted.bodyAsJsonObject().getString("id"));
        assertThat(sqlServerOnly.getString("verdict")).as(sqlServerOnly.encodePrettily()).isEqualTo("READY");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + sqlServerOnly.getString("id"),
                harness.operatorToken).send().await().bodyAsString());
        assertThat(report.ready()).isTrue();
        assertThat(report.scope().id()).isEqualTo("sql-server");
        assertThat(report.findings()).noneMatch(f -> f.id().startsWith("mi.") || f.id().startsWith("net."));

        HttpResponse<Buffer> contradictory = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("twin-sa").put("scope", "sql-server")
                        .put("managedInstance", new JsonObject().put("fqdn", "mi.example"))).await();
        assertThat(contradictory.statusCode()).isEqualTo(400);
        assertThat(contradictory.bodyAsJsonObject().getString("detail"))
                .contains("sql-server checks SQL Server and its databases alone");
    }

    @Test
    void aLinkSpecWithACredentialFromAnEnvironmentVariableChecksTheRealServer() throws Exception {
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("twin-sa").put("scope", "sql-server")).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(accepted.bodyAsJsonObject().getJsonObject("request").getJsonObject("sqlServer")
                .getString("credential")).isEqualTo("twin-sa");

        JsonObject done = harness.awaitFinal(id);
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        assertThat(done.getString("verdict")).isEqualTo("READY");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send().await()
                .bodyAsString());
        assertThat(report.target()).isEqualTo("127.0.0.1:" + twin.port());
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.version") && f.status().name().equals("PASS"));

        String events = harness.get("/v1/operations/" + id + "/events", harness.operatorToken).send().await()
                .bodyAsString();
        assertThat(events).contains("SQL Server 127.0.0.1:" + twin.port() + " as credential 'twin-sa'");
        // No secret anywhere in the journal: not in the request, the events, the report or the audit log.
        try (Connection c = harness.journalConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SCRIPT NOSETTINGS")) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
            assertThat(all.toString()).contains("twin-sa").doesNotContain(password);
        }
    }

    @Test
    void aCredentialWhosePasswordIsInAFileWorksToo() throws Exception {
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("twin-sa-file").put("scope", "sql-server")).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        JsonObject done = harness.awaitFinal(accepted.bodyAsJsonObject().getString("id"));
        assertThat(done.getString("verdict")).as(done.encodePrettily()).isEqualTo("READY");
    }

    @Test
    void anUnknownCredentialIsA400ListingTheConfiguredNamesOnly() {
        HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("prod-sql")).await();
        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "urn:milink:problem:invalid-request");
        String detail = response.bodyAsJsonObject().getString("detail");
        assertThat(detail).contains("unknown credential 'prod-sql'")
                .contains("corp-kerberos, elsewhere-only, twin-sa, twin-sa-file")
                .doesNotContain(PASSWORD_VARIABLE).doesNotContain("sa.password").doesNotContain(password);
    }

    @Test
    void anIntegratedCredentialLogsInAsTheServicesOwnKerberosIdentityWithNoPassword() throws Exception {
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("corp-kerberos")).await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        JsonObject done = harness.awaitFinal(id);
        String events = harness.get("/v1/operations/" + id + "/events", harness.operatorToken).send().await()
                .bodyAsString();
        assertThat(events).contains("as credential 'corp-kerberos' (Windows integrated (Kerberos), as the "
                + "service's identity)");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send().await()
                .bodyAsString());
        // The driver really tried Kerberos against the twin (this host has no ticket): no user or password was sent.
        assertThat(done.getString("verdict")).isEqualTo("ERROR");
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.connect") && f.status().name().equals("ERROR")
                && f.evidence().contains("Integrated authentication failed"));
    }

    @Test
    void aCredentialIsNeverSentToAHostItIsNotConfiguredFor() {
        HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec("elsewhere-only")).await();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("detail"))
                .contains("may only be sent to sql01.contoso.local, not 127.0.0.1");
    }

    @Test
    void aPasswordInTheBodyIsRefusedWithHowToConfigureACredential() {
        for (String field : List.of("password", "passwordEnv", "passwordFile", "user")) {
            JsonObject body = linkSpec("twin-sa");
            body.getJsonObject("sqlServer").put(field, "s3cret-value");
            HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(body).await();
            assertThat(response.statusCode()).as(field).isEqualTo(400);
            assertProblem(response, "urn:milink:problem:invalid-request");
            assertThat(response.bodyAsJsonObject().getString("detail")).as(field)
                    .startsWith("'" + field + "'").contains("configure a credential on the server")
                    .doesNotContain("s3cret-value");
        }
    }

    @Test
    void contractViolationsOfTheLinkSpecFormSayWhichFieldAndWhatToSend() {
        record Case(String body, String detail) {
        }
        for (Case c : List.of(
                new Case("{\"sqlServer\": {\"host\": \"h\", \"credential\": \"c\", \"port\": 70000}}",
                        "'sqlServer.port' must be at most 65535"),
                new Case("{\"sqlServer\": {\"host\": \"h\", \"credential\": \"c\", \"port\": \"1433\"}}",
                        "'sqlServer.port' must be a whole number"),
                new Case("{\"sqlServer\": {\"host\": \"h\", \"credential\": \"c\", \"encrypt\": \"maybe\"}}",
                        "'sqlServer.encrypt' must be one of strict, true, false"),
                new Case("{\"sqlServer\": {\"host\": \"h\", \"credential\": \"c\", \"colour\": 1}}",
                        "unknown field 'colour' in 'sqlServer'; the accepted fields in 'sqlServer' are credential"),
                new Case("{\"sqlServer\": {\"credential\": \"c\"}}", "'sqlServer.host' is required"),
                new Case("{\"sqlServer\": {\"host\": \"127.0.0.1\", \"credential\": \"twin-sa\"}, "
                        + "\"managedInstance\": {}}",
                        "'managedInstance' needs its Azure resource (resourceId, or subscriptionId, resourceGroup and "
                                + "name) for the mi.* checks, its fqdn for the net.* checks, or both"),
                new Case("{\"sqlServer\": {\"host\": \"h\", \"credential\": \"c\"}, \"scenario\": \"ready-2022\"}",
                        "one of them, not both"),
                new Case("{\"sqlServer\": {\"host\": \"127.0.0.1\", \"credential\": \"twin-sa\", \"port\": 1, "
                        + "\"instance\": \"X\"}}", "either port or instance"),
                new Case("{\"sqlServer\": {\"host\": \"127.0.0.1\", \"credential\": \"twin-sa\", "
                        + "\"serverCertificate\": \"/no/such.pem\"}}", OUTSIDE_CERTIFICATE_DIRECTORY),
                // A file that exists outside the directory gets the very same answer: nothing about the host leaks.
                new Case("{\"sqlServer\": {\"host\": \"127.0.0.1\", \"credential\": \"twin-sa\", "
                        + "\"serverCertificate\": \"/etc/passwd\"}}", OUTSIDE_CERTIFICATE_DIRECTORY),
                new Case("{\"sqlServer\": {\"host\": \"127.0.0.1\", \"credential\": \"twin-sa\", "
                        + "\"serverCertificate\": \"../../../../../../../etc/passwd\"}}",
                        OUTSIDE_CERTIFICATE_DIRECTORY))) {
            HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(c.body())).await();
            assertThat(response.statusCode()).as(c.body()).isEqualTo(400);
            assertProblem(response, "urn:milink:problem:invalid-request");
            assertThat(response.bodyAsJsonObject().getString("detail")).as(c.body()).contains(c.detail());
        }
    }
    @Test
    void chosenNamesReachTheChecksResolvedForEachDatabaseAndAreKeptWithTheRequest() throws Exception {
        JsonObject body = linkSpec("twin-sa").put("names", new JsonObject()
                .put("availabilityGroup", "LinkAG_{database}").put("distributedAvailabilityGroup", "Link_{database}")
                .put("endpointPort", 5022));
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(body)
                .await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        assertThat(accepted.bodyAsJsonObject().getJsonObject("request").getJsonObject("names")
                .getString("availabilityGroup")).isEqualTo("LinkAG_{database}");
        String id = accepted.bodyAsJsonObject().getString("id");
        JsonObject done = harness.awaitFinal(id);
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send().await()
                .bodyAsString());
        assertThat(report.findings()).anyMatch(f -> f.id().equals("db.availabilityGroup")
                && f.target().equals("Sales") && f.evidence().contains("'LinkAG_Sales'"));
    }

    @Test
    void aRehearsalTakesChosenNamesToo() throws Exception {
        JsonObject body = new JsonObject().put("scenario", "ready-2022").put("databases", new JsonArray().add("Sales"))
                .put("names", new JsonObject().put("availabilityGroup", "RehearsedAG_{database}"));
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(body)
                .await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(harness.awaitFinal(id).getString("state")).isEqualTo("Succeeded");
        Report report = ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send().await()
                .bodyAsString());
        assertThat(report.findings()).anyMatch(f -> f.id().equals("db.availabilityGroup")
                && f.evidence().contains("'RehearsedAG_Sales'"));
    }

    @Test
    void namesThatBreakTheSpecsRulesAreA400NamingTheField() {
        record Case(JsonObject names, String detail) {
        }
        for (Case c : List.of(
                new Case(new JsonObject().put("availabilityGroup", "AG_Sales"),
                        "'names.availabilityGroup': 'AG_Sales' is one name, but the spec links 2 databases"),
                new Case(new JsonObject().put("distributedAvailabilityGroup", "DAG-{database}"),
                        "'names.distributedAvailabilityGroup': 'DAG-{database}' has '-'"),
                new Case(new JsonObject().put("certificate", "Cert_{database}"),
                        "'names.certificate': 'Cert_{database}': {database} is not for names.certificate"),
                new Case(new JsonObject().put("endpointPort", 0), "'names.endpointPort' must be at least 1"),
                new Case(new JsonObject().put("linkName", "x"), "unknown field 'linkName' in 'names'"))) {
            JsonObject body = linkSpec("twin-sa").put("databases", new JsonArray().add("Sales").add("Inventory"))
                    .put("names", c.names());
            HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(body).await();
            assertThat(response.statusCode()).as(c.detail()).isEqualTo(400);
            assertProblem(response, "urn:milink:problem:invalid-request");
            assertThat(response.bodyAsJsonObject().getString("detail")).as(c.detail()).contains(c.detail());
        }
    }
}
