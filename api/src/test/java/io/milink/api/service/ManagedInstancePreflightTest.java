package io.milink.api.service;

import static io.milink.api.service.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import io.milink.core.azure.AzureConnections;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedAzureSignIn;
import io.milink.api.service.config.NamedCredential;
import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/preflight} with a LinkSpec whose managedInstance names the Azure resource: the service reads it over
 * HTTPS from the ARM twin through the real Azure SDK pipeline (as it would read Azure), signed in as an Azure
 * credential configured on the server and named by the request, and the SQL Server side from the SQL Server twin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagedInstancePreflightTest {

    private static final String PASSWORD_VARIABLE = "MILINK_TEST_TWIN_SA_PASSWORD";
    private static final TokenCredential TWIN_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    @TempDir
    static Path dir;
    private SqlServerTwin sql;
    private ArmTwin ready;
    private ArmTwin stopped;
    private ServiceHarness harness;
    private Path certificate;
    /** The sign-in each ARM connection was asked for, and the thread that asked: proof of what the service used. */
    private final ConcurrentLinkedQueue<String> connections = new ConcurrentLinkedQueue<>();
    /** Every credential the service built (sign-in and thread), over the whole class: the service keeps them. */
    private final ConcurrentLinkedQueue<String> signIns = new ConcurrentLinkedQueue<>();
    /** The credential each ARM connection was handed. */
    private final ConcurrentLinkedQueue<TokenCredential> credentialsUsed = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void start() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022");
        sql = SqlServerTwin.builder().scenarioYaml(yaml, "ready-2022").start();
        ready = ArmTwin.builder().scenarioYaml(yaml, "ready-2022").start();
        stopped = ArmTwin.builder().scenarioYaml(yaml.replace("  state: Ready", "  state: Stopped")
                .replace("mi-target-01", "mi-stopped"), "stopped").start();
        assertThat(stopped.resourceId()).endsWith("/mi-stopped");
        certificate = Files.writeString(dir.resolve("twin.pem"), sql.certificatePem());
        Credentials credentials = new Credentials(
                List.of(new NamedCredential("twin-sa", sql.sysadminCredentials().userName(),
                        new SecretSource.EnvironmentVariable(PASSWORD_VARIABLE), List.of())),
                List.of(new NamedAzureSignIn("prod-azure", new AzureSignIn(new AzureAuthentication(
                                AzureAuthentication.Method.SERVICE_PRINCIPAL, "tenant-1", "client-1",
                                new SecretSource.EnvironmentVariable("MILINK_TEST_AZURE_SECRET"), null, null, null),
                                null)),
                        new NamedAzureSignIn("ops-identity", new AzureSignIn(AzureAuthentication.DEFAULT, null))),
                Map.of(PASSWORD_VARIABLE, sql.sysadminCredentials().password()));
        harness = ServiceHarness.start(new ServiceConfig(dir.resolve("data"), "127.0.0.1", 0, true)
                .withCertificateDirectory(dir)
                .withCredentials(credentials), new ArmConnector() {
                    @Override
                    public TokenCredential signIn(AzureSignIn signIn, Map<String, String> variables) {
                        signIns.add(signIn.authentication().describe() + " on " + Thread.currentThread().getName());
                        // A new instance per sign-in (as Azure Identity builds), so reuse is visible by identity.
                        return request -> TWIN_TOKEN.getToken(request);
                    }

                    @Override
                    public ManagedInstanceClient connect(io.milink.core.azure.ManagedInstanceRef ref,
                                                         AzureSignIn signIn, TokenCredential credential) {
                        connections.add(signIn.authentication().describe() + " on "
                                + Thread.currentThread().getName());
                        credentialsUsed.add(credential);
                        return twinClient(ref.name().equals("mi-stopped") ? stopped : ready, ref);
                    }
                });
    }

    /** A client of the ARM twin: its endpoint and trust store, and a token (the twin accepts any bearer token). */
    private static ManagedInstanceClient twinClient(ArmTwin arm, io.milink.core.azure.ManagedInstanceRef ref) {
        return AzureConnections.managedInstance(ref, TWIN_TOKEN, arm.baseUrl(), arm.trustStore());
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
        for (AutoCloseable twin : new AutoCloseable[] {sql, ready, stopped}) {
            try {
                if (twin != null) {
                    twin.close();
                }
            } catch (Exception e) {
                // closing a twin that failed to start
            }
        }
    }

    private JsonObject linkSpec(JsonObject managedInstance) {
        return new JsonObject()
                .put("sqlServer", new JsonObject().put("host", "127.0.0.1").put("port", sql.port())
                        .put("credential", "twin-sa").put("serverCertificate", certificate.toString()))
                .put("managedInstance", managedInstance)
                .put("databases", new JsonArray().add("Sales"));
    }

    private Report preflight(JsonObject body) throws Exception {
        HttpResponse<Buffer> accepted = harness.post("/v1/preflight", harness.operatorToken).sendJsonObject(body)
                .await();
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        JsonObject done = harness.awaitFinal(id);
        assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("Succeeded");
        return ReportJson.read(harness.get("/v1/preflight/" + id, harness.operatorToken).send().await()
                .bodyAsString());
    }

    private static Finding finding(Report report, String id) {
        return report.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void aReadyInstanceNamedByResourceIdPassesTheInstanceChecksSignedInAsTheNamedAzureCredential() throws Exception {
        connections.clear();
        Report report = preflight(linkSpec(new JsonObject().put("resourceId", ready.resourceId())
                .put("azureCredential", "prod-azure")));
        for (String id : List.of("mi.exists", "mi.state", "mi.collation", "mi.updatePolicy", "mi.capacity",
                "mi.permissions", "cert.mi.chain")) {
            assertThat(finding(report, id).status()).as(id + ": " + finding(report, id).evidence())
                    .isEqualTo(Status.PASS);
        }
        // The body names no fqdn, so preflight probes the name ARM reported; the twin's Azure-shaped name resolves
        // nowhere, so the network checks fail honestly (and 5022 on this host answers or not, whatever the twin
        // says), naming where the name came from. Nothing outside the network section fails.
        assertThat(report.findings()).filteredOn(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
                .isNotEmpty().allSatisfy(f -> assertThat(f.id()).startsWith("net."));
        assertThat(finding(report, "net.dns").evidence())
                .contains("'mi-target-01.abc123def456.database.windows.net' does not resolve") // ready-2022's
                .contains("as Azure Resource Manager reported it");
        assertThat(connections).singleElement().asString()
                .startsWith("service-principal, tenant tenant-1, client id client-1, client secret from "
                        + "environment variable MILINK_TEST_AZURE_SECRET")
                .contains("milink-preflight").doesNotContain("eventloop");
    }

    @Test
    void twoPreflightsWithTheSameAzureCredentialShareOneCredentialBuiltOnceOnAWorker() throws Exception {
        credentialsUsed.clear();
        for (int i = 0; i < 2; i++) {
            preflight(linkSpec(new JsonObject().put("resourceId", ready.resourceId())
                    .put("azureCredential", "prod-azure")));
        }
        assertThat(credentialsUsed).hasSize(2);
        assertThat(credentialsUsed.stream().distinct()).as("the same credential instance, so its tokens are reused")
                .hasSize(1);
        assertThat(signIns).filteredOn(s -> s.startsWith("service-principal")).singleElement().asString()
                .contains("milink-preflight").doesNotContain("eventloop");
    }

    @Test
    void aStoppedInstanceNamedByItsThreePartsFailsMiStateWithTheDefaultSignIn() throws Exception {
        connections.clear();
        var ref = io.milink.core.azure.ManagedInstanceRef.parse(stopped.resourceId());
        Report report = preflight(linkSpec(new JsonObject().put("subscriptionId", ref.subscriptionId())
                .put("resourceGroup", ref.resourceGroup()).put("name", ref.name())));
        Finding state = finding(report, "mi.state");
        assertThat(state.status()).as(state.evidence()).isEqualTo(Status.FAIL);
        assertThat(state.remediation().script()).contains("az sql mi start");
        assertThat(report.ready()).isFalse();
        assertThat(connections).singleElement().asString().startsWith("default on ");
    }

    @Test
    void withoutTheAzureResourceTheInstanceChecksSkipAndAzureIsNotCalled() throws Exception {
        connections.clear();
        Report report = preflight(linkSpec(new JsonObject().put("fqdn", "mi-target-01.example.invalid")));
        assertThat(finding(report, "mi.state").status()).isEqualTo(Status.SKIP);
        assertThat(connections).isEmpty();
    }

    @Test
    void preflightsOverHttpProbePortsOnTheServicesVertxWithoutStartingANewOne() throws Exception {
        // Vert.x warns on every Vert.x instance created from a thread already on a Vert.x context (the worker).
        Logger vertxImpl = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.VertxImpl");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        vertxImpl.addAppender(warnings);
        try {
            for (int i = 0; i < 3; i++) {
                Report report = preflight(linkSpec(new JsonObject().put("fqdn", "localhost")));
                for (String id : List.of("net.mirroring", "net.redirect")) {
                    // The sweeps ran and answered (this host's ports are open or refused), not skipped or broken.
                    assertThat(finding(report, id).status()).as(id + ": " + finding(report, id).evidence())
                            .isIn(Status.PASS, Status.WARN, Status.FAIL);
                }
            }
        } finally {
            vertxImpl.detachAppender(warnings);
        }
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("create a new Vertx instance"));
    }

    /**
     * A rehearsal starts the scenario's ARM twin, which makes a Vert.x of its own, from the service's preflight worker:
     * a thread already on a Vert.x context, where Vert.x warns. The twin is started off it, so no rehearsal warns.
     */
    @Test
    void aRehearsalWithAManagedInstanceStartsItsArmTwinWithoutVertxWarning() throws Exception {
        Logger vertxImpl = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.VertxImpl");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        vertxImpl.addAppender(warnings);
        try {
            Report report = preflight(new JsonObject().put("scenario", "ready-2022")
                    .put("databases", new io.vertx.core.json.JsonArray().add("Sales")));
            assertThat(finding(report, "mi.state").status()).as("the ARM twin answered").isEqualTo(Status.PASS);
        } finally {
            vertxImpl.detachAppender(warnings);
        }
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("already on a Vert.x context"));
    }

    @Test
    void anUnknownAzureCredentialIsA400ListingTheConfiguredNamesOnly() {
        HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                .sendJsonObject(linkSpec(new JsonObject().put("resourceId", ready.resourceId())
                        .put("azureCredential", "nope"))).await();
        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "urn:milink:problem:invalid-request");
        assertThat(response.bodyAsJsonObject().getString("detail"))
                .contains("unknown Azure credential 'nope'; the configured Azure credentials are ops-identity, "
                        + "prod-azure")
                .doesNotContain("tenant-1").doesNotContain("client-1").doesNotContain("MILINK_TEST_AZURE_SECRET");
    }

    @Test
    void anAzureSignInOrSecretInTheBodyIsRefusedWithHowToConfigureItOnTheServer() {
        for (String field : List.of("clientSecret", "clientSecretEnv", "tenantId", "azureAuth",
                "clientCertificateFile")) {
            JsonObject body = linkSpec(new JsonObject().put("resourceId", ready.resourceId()).put(field, "x"));
            HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(body).await();
            assertThat(response.statusCode()).as(field).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("detail")).as(field)
                    .contains("'" + field + "': a request never carries an Azure sign-in or its secret")
                    .contains("'azureCredentials' section of the service configuration");
        }
    }

    @Test
    void aManagedInstanceThatIsNamedBadlyIsA400SayingWhatToSend() {
        record Case(JsonObject managedInstance, String detail) {
        }
        for (Case c : List.of(
                new Case(new JsonObject().put("resourceId", "/subscriptions/x/resourceGroups/y"),
                        "is not a managed instance resource id"),
                new Case(new JsonObject().put("resourceId", ready.resourceId()).put("name", "other"),
                        "give either resourceId or subscriptionId, resourceGroup and name, not both"),
                new Case(new JsonObject().put("subscriptionId", "s").put("name", "n"), "missing resourceGroup"),
                new Case(new JsonObject().put("subscriptionId", "s").put("resourceGroup", "rg")
                        .put("name", "mi?api-version=1"), "'managedInstance.name' is not an Azure name"),
                new Case(new JsonObject().put("resourceId", "/subscriptions/s/resourceGroups/../providers/"
                        + "Microsoft.Sql/managedInstances/mi"),
                        "'managedInstance.resourceId': resource group '..' cannot be a Resource Manager name"),
                new Case(new JsonObject().put("fqdn", "mi.example").put("azureCredential", "prod-azure"),
                        "needs the instance's Azure resource"),
                new Case(new JsonObject().put("resourceId", ready.resourceId()).put("subnet", "10.0.0.0/24"),
                        "'managedInstance.subnet' needs managedInstance.fqdn"))) {
            HttpResponse<Buffer> response = harness.post("/v1/preflight", harness.operatorToken)
                    .sendJsonObject(linkSpec(c.managedInstance())).await();
            assertThat(response.statusCode()).as(c.managedInstance().encode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("detail")).as(c.managedInstance().encode())
                    .contains(c.detail());
        }
    }
}
