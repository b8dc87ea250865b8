package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.AzureCliCredential;
import com.azure.identity.ClientCertificateCredential;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;

import io.milink.core.azure.AzureAuthentication.Method;
import io.milink.core.spec.SecretSource;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** Which Azure Identity credential each sign-in method builds, with what, and that no secret leaks on the way. */
class AzureCredentialsTest {

    private static final String SECRET = "s3cret-Value-that-must-never-be-printed";
    private static final AzureEnvironment PUBLIC = AzureEnvironment.AZURE;

    @TempDir
    Path dir;

    private static AzureAuthentication auth(Method method, String tenant, String client, SecretSource secret,
                                            Path certificate, SecretSource certificatePassword, Path tokenFile) {
        return new AzureAuthentication(method, tenant, client, secret, certificate, certificatePassword, tokenFile);
    }

    @Test
    void eachMethodBuildsItsOwnAzureIdentityCredential() throws Exception {
        Path pem = Files.writeString(dir.resolve("sp.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path token = Files.writeString(dir.resolve("token"), "eyJ...");
        Map<String, String> env = Map.of("SP_SECRET", SECRET);

        assertThat(AzureCredentials.create(AzureAuthentication.DEFAULT, PUBLIC, env))
                .isInstanceOf(DefaultAzureCredential.class);
        assertThat(AzureCredentials.create(auth(Method.AZURE_CLI, "t1", null, null, null, null, null), PUBLIC, env))
                .isInstanceOf(AzureCliCredential.class);
        assertThat(AzureCredentials.create(auth(Method.MANAGED_IDENTITY, null, "c1", null, null, null, null),
                PUBLIC, env)).isInstanceOf(ManagedIdentityCredential.class);
        assertThat(AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1",
                new SecretSource.EnvironmentVariable("SP_SECRET"), null, null, null), PUBLIC, env))
                .isInstanceOf(ClientSecretCredential.class);
        assertThat(AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null, pem, null, null),
                PUBLIC, env)).isInstanceOf(ClientCertificateCredential.class);
        assertThat(AzureCredentials.create(auth(Method.WORKLOAD_IDENTITY, "t1", "c1", null, null, null, token),
                PUBLIC, env)).isInstanceOf(WorkloadIdentityCredential.class);
    }

    @Test
    void workloadIdentityFallsBackToTheVariablesAksInjectsAndNamesTheOneMissing() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJ...");
        AzureAuthentication bare = auth(Method.WORKLOAD_IDENTITY, null, null, null, null, null, null);
        Map<String, String> aks = new HashMap<>(Map.of("AZURE_TENANT_ID", "t1", "AZURE_CLIENT_ID", "c1",
                "AZURE_FEDERATED_TOKEN_FILE", token.toString()));
        assertThat(AzureCredentials.create(bare, PUBLIC, aks)).isInstanceOf(WorkloadIdentityCredential.class);

        aks.remove("AZURE_FEDERATED_TOKEN_FILE");
        assertThatThrownBy(() -> AzureCredentials.create(bare, PUBLIC, aks))
                .hasMessageContaining("federated token file").hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE");
        aks.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("absent").toString());
        assertThatThrownBy(() -> AzureCredentials.create(bare, PUBLIC, aks)).hasMessageContaining("not a readable file");
    }

    @Test
    void aServicePrincipalSecretComesFromAVariableOrAFileAndIsNeverPrinted() throws Exception {
        AzureAuthentication fromEnv = auth(Method.SERVICE_PRINCIPAL, "t1", "c1",
                new SecretSource.EnvironmentVariable("SP_SECRET"), null, null, null);
        TokenCredential credential = AzureCredentials.create(fromEnv, PUBLIC, Map.of("SP_SECRET", SECRET));
        assertThat(credential.toString()).doesNotContain(SECRET);
        assertThat(fromEnv.toString()).doesNotContain(SECRET)
                .contains("service-principal", "tenant t1", "client id c1", "environment variable SP_SECRET");

        assertThatThrownBy(() -> AzureCredentials.create(fromEnv, PUBLIC, Map.of()))
                .hasMessageContaining("client secret").hasMessageContaining("environment variable SP_SECRET")
                .hasMessageContaining("set it");

        Path file = Files.writeString(dir.resolve("sp-secret"), SECRET + "\n");
        AzureAuthentication fromFile = auth(Method.SERVICE_PRINCIPAL, "t1", "c1", new SecretSource.File(file), null,
                null, null);
        assertThat(AzureCredentials.create(fromFile, PUBLIC, Map.of())).isInstanceOf(ClientSecretCredential.class);
        Files.writeString(file, "");
        assertThatThrownBy(() -> AzureCredentials.create(fromFile, PUBLIC, Map.of()))
                .hasMessageContaining("file " + file).satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET));
    }

    @Test
    void aCertificatePasswordIsForPfxFilesAndIsReadFromItsSource() throws Exception {
        Path pem = Files.writeString(dir.resolve("sp.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path pfx = Files.write(dir.resolve("sp.pfx"), new byte[] {0x30});
        SecretSource password = new SecretSource.EnvironmentVariable("PFX_PASSWORD");
        assertThat(AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null, pfx, password, null),
                PUBLIC, Map.of("PFX_PASSWORD", SECRET))).isInstanceOf(ClientCertificateCredential.class);
        assertThatThrownBy(() -> AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null, pfx,
                password, null), PUBLIC, Map.of())).hasMessageContaining("PFX_PASSWORD");
        assertThatThrownBy(() -> AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null, pem,
                password, null), PUBLIC, Map.of("PFX_PASSWORD", SECRET))).hasMessageContaining(".pfx/.p12 file only")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> AzureCredentials.create(auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null,
                dir.resolve("missing.pem"), null, null), PUBLIC, Map.of())).hasMessageContaining("not a readable file");
    }

    @Test
    void settingsThatDoNotFitTheMethodAreRefusedInOneLine() {
        SecretSource secret = new SecretSource.EnvironmentVariable("SP_SECRET");
        assertThatThrownBy(() -> auth(Method.SERVICE_PRINCIPAL, null, "c1", secret, null, null, null))
                .hasMessage("service-principal needs a tenant id and a client id");
        assertThatThrownBy(() -> auth(Method.SERVICE_PRINCIPAL, "t1", "c1", secret, Path.of("a.pem"), null, null))
                .hasMessageContaining("exactly one of a client secret");
        assertThatThrownBy(() -> auth(Method.SERVICE_PRINCIPAL, "t1", "c1", null, null, null, null))
                .hasMessageContaining("exactly one of a client secret");
        assertThatThrownBy(() -> auth(Method.AZURE_CLI, null, null, secret, null, null, null))
                .hasMessage("cli does not take a client secret or certificate");
        assertThatThrownBy(() -> auth(Method.AZURE_CLI, null, "c1", null, null, null, null))
                .hasMessageContaining("cli does not take a client id");
        assertThatThrownBy(() -> auth(Method.MANAGED_IDENTITY, "t1", null, null, null, null, null))
                .hasMessageContaining("managed-identity does not take a tenant id");
        assertThatThrownBy(() -> auth(Method.DEFAULT, null, null, null, null, null, Path.of("t")))
                .hasMessageContaining("default does not take a federated token file");
        assertThatThrownBy(() -> Method.parse("password"))
                .hasMessage("'password' is not an Azure sign-in method; use one of default, cli, managed-identity, "
                        + "service-principal, workload-identity, none");
        assertThat(Method.parse(" Managed-Identity ")).isEqualTo(Method.MANAGED_IDENTITY);
    }

    @Test
    void cloudNamesMapToTheirResourceManagerAndSignInEndpoints() {
        assertThat(AzureConnections.environment("AzureCloud").getResourceManagerEndpoint())
                .isEqualTo("https://management.azure.com/");
        assertThat(AzureConnections.environment(null)).isSameAs(AzureEnvironment.AZURE);
        AzureEnvironment china = AzureConnections.environment("azurechinacloud");
        assertThat(china.getResourceManagerEndpoint()).isEqualTo("https://management.chinacloudapi.cn/");
        assertThat(china.getActiveDirectoryEndpoint()).isEqualTo("https://login.chinacloudapi.cn/");
        AzureEnvironment usGov = AzureConnections.environment("AzureUSGovernment");
        assertThat(usGov.getResourceManagerEndpoint()).isEqualTo("https://management.usgovcloudapi.net/");
        assertThat(usGov.getActiveDirectoryEndpoint()).isEqualTo("https://login.microsoftonline.us/");
        assertThatThrownBy(() -> AzureConnections.environment("AzureGermanCloud"))
                .hasMessageContaining("use AzureCloud, AzureChinaCloud or AzureUSGovernment");
    }

    /** The SDK's pipeline asks the credential for a token for the chosen cloud's management audience. */
    @Test
    void tokensAreRequestedForTheChosenCloudsManagementAudience() throws Exception {
        List<String> scopes = new CopyOnWriteArrayList<>();
        TokenCredential recording = request -> {
            scopes.addAll(request.getScopes());
            return Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));
        };
        try (ArmTwin twin = TwinArm.start(ArmFaultPlan.NONE, Duration.ZERO)) {
            AzureEnvironment china = AzureConnections.withResourceManager(
                    AzureConnections.environment("AzureChinaCloud"), twin.baseUrl());
            LinkArmClient client = LinkArmClient.connect(ManagedInstanceRef.parse(twin.resourceId()), recording,
                    china, TwinArm.httpClient(twin), TwinArm.FAST_POLL, Duration.ofSeconds(5));
            assertThat(client.trustCertificates().list()).isEmpty();
        }
        assertThat(scopes).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("https://management.core.chinacloudapi.cn"));
    }
}
