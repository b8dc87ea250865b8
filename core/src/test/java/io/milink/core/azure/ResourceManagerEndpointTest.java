package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureAuthentication.Method;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;

import java.io.FileOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A Resource Manager endpoint of its own (a private cloud, the ARM twin): where calls go, which audience tokens are
 * asked for, what its certificate is trusted with, and that the placeholder sign-in never leaves this machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceManagerEndpointTest {

    @TempDir
    Path dir;
    private ArmTwin twin;

    @BeforeAll
    void start() {
        twin = TwinArm.start(ArmFaultPlan.NONE, Duration.ZERO);
    }

    @AfterAll
    void stop() {
        twin.close();
    }

    private static AzureAuthentication none() {
        return new AzureAuthentication(Method.NONE, null, null, null, null, null, null);
    }

    @Test
    void onlyLocalhostAndLoopbackAddressLiteralsCountAsThisMachine() {
        for (String local : List.of("localhost", "LocalHost", "127.0.0.1", "127.8.9.10", "[::1]",
                "[0:0:0:0:0:0:0:1]")) {
            assertThat(ResourceManagerEndpoint.isLoopbackHost(local)).as(local).isTrue();
        }
        for (String remote : List.of("management.azure.com", "127.0.0.1.nip.io", "localhost.example.com",
                "10.0.0.1", "[::2]", "128.0.0.1", "0.0.0.0")) {
            assertThat(ResourceManagerEndpoint.isLoopbackHost(remote)).as(remote).isFalse();
        }
    }

    @Test
    void anEndpointMustBeAnHttpsUrlWithAHostAndNothingElse() {
        assertThat(ResourceManagerEndpoint.parseUrl(" https://management.contoso.local/ "))
                .isEqualTo(URI.create("https://management.contoso.local/"));
        assertThatThrownBy(() -> ResourceManagerEndpoint.parseUrl("http://127.0.0.1:8443"))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> ResourceManagerEndpoint.parseUrl("management.contoso.local"))
                .hasMessageContaining("is not a URL with a host");
        assertThatThrownBy(() -> ResourceManagerEndpoint.parseUrl("https://exa mple"))
                .hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> ResourceManagerEndpoint.parseUrl("https://user:pw@arm.local/?x=1"))
                .hasMessageContaining("without user name, query or fragment");
        assertThatThrownBy(() -> new ResourceManagerEndpoint(null, "https://management.core.windows.net/", null,
                null)).hasMessageContaining("audience needs the Resource Manager endpoint");
    }

    @Test
    void theTokenAudienceFollowsTheEndpointUnlessOneIsGiven() {
        AzureEnvironment own = new ResourceManagerEndpoint(URI.create("https://arm.contoso.local"), null, null, null)
                .applyTo(AzureEnvironment.AZURE);
        assertThat(own.getResourceManagerEndpoint()).isEqualTo("https://arm.contoso.local/");
        assertThat(own.getManagementEndpoint()).isEqualTo("https://arm.contoso.local/");
        assertThat(own.getActiveDirectoryEndpoint()).as("the sign-in authority stays the cloud's")
                .isEqualTo(AzureEnvironment.AZURE.getActiveDirectoryEndpoint());
        AzureEnvironment stack = new ResourceManagerEndpoint(URI.create("https://management.local.azurestack.external"),
                "https://management.adfs.azurestack.local/4de154de", null, null).applyTo(AzureEnvironment.AZURE);
        assertThat(stack.getManagementEndpoint()).isEqualTo("https://management.adfs.azurestack.local/4de154de");
        assertThat(ResourceManagerEndpoint.CLOUD.applyTo(AzureEnvironment.AZURE_CHINA))
                .isSameAs(AzureEnvironment.AZURE_CHINA);
    }

    /**
     * Through the SDK's own pipeline: the scope the credential is asked for is the endpoint's. The SDK appends
     * "/.default" to the audience, which keeps its trailing slash as Azure's own do
     * ("https://management.core.windows.net/" becomes "https://management.core.windows.net//.default"): the token
     * is for the resource "https://HOST/".
     */
    @Test
    void theSdkAsksTheCredentialForATokenForTheCustomEndpoint() throws Exception {
        List<String> scopes = new CopyOnWriteArrayList<>();
        TokenCredential recording = request -> {
            scopes.addAll(request.getScopes());
            return Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));
        };
        ResourceManagerEndpoint endpoint = new ResourceManagerEndpoint(URI.create(twin.baseUrl()), null, null, null);
        ManagedInstanceClient client = ManagedInstanceClient.connect(ManagedInstanceRef.parse(twin.resourceId()),
                recording, endpoint.applyTo(AzureEnvironment.AZURE), TwinArm.httpClient(twin));
        assertThat(client.instance().state()).isEqualTo("Ready");
        assertThat(scopes).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo(twin.baseUrl() + "//.default"));
    }

    @Test
    void theNoSignInMethodReadsTheTwinTrustedThroughAPemFileAndNothingElse() throws Exception {
        Path pem = Files.writeString(dir.resolve("arm-twin.pem"), twin.tlsCertificatePem());
        AzureSignIn signIn = new AzureSignIn(none(), null,
                new ResourceManagerEndpoint(URI.create(twin.baseUrl()), null, pem, null));
        ManagedInstanceClient client = AzureConnections.managedInstance(ManagedInstanceRef.parse(twin.resourceId()),
                signIn, Map.of());
        assertThat(client.instance().fqdn()).isEqualTo("mi-target-01.abc123def456.database.windows.net");

        // Without the trust store the JDK's anchors do not know the twin's certificate: verification stays on.
        AzureSignIn untrusted = new AzureSignIn(none(), null,
                new ResourceManagerEndpoint(URI.create(twin.baseUrl()), null, null, null));
        assertThatThrownBy(() -> AzureConnections.managedInstance(ManagedInstanceRef.parse(twin.resourceId()),
                untrusted, Map.of()).instance()).isInstanceOf(ArmCallException.class);
    }

    @Test
    void theNoSignInMethodIsRefusedForAnyEndpointNotOnThisMachine() {
        for (String remote : List.of("https://management.contoso.local/", "https://10.1.2.3:8443/",
                "https://127.0.0.1.nip.io/")) {
            assertThatThrownBy(() -> new AzureSignIn(none(), null,
                    new ResourceManagerEndpoint(URI.create(remote), null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("none signs in nowhere").hasMessageContaining(remote);
        }
        assertThatThrownBy(() -> new AzureSignIn(none(), "AzureChinaCloud"))
                .hasMessageContaining("not Azure's own");
        // And where the placeholder token is made, for a caller that built the environment itself.
        assertThatThrownBy(() -> AzureCredentials.create(none(), AzureEnvironment.AZURE, Map.of()))
                .hasMessageContaining("not https://management.azure.com/");
        assertThatThrownBy(() -> new AzureAuthentication(Method.NONE, "tenant", null, null, null, null, null))
                .hasMessage("none does not take a tenant or client id (it signs in nowhere)");
    }

    @Test
    void aTrustStoreIsReadFromPemDerOrPkcs12AndAnUnusableOneIsNamed() throws Exception {
        String pem = twin.tlsCertificatePem();
        Path two = Files.writeString(dir.resolve("two.pem"), "the ARM twin\n" + pem + "\nagain\n" + pem);
        assertThat(Collections.list(TrustStores.load(two, null, Map.of()).aliases())).hasSize(2);

        Certificate certificate = TrustStores.load(two, null, Map.of()).getCertificate("trusted-0");
        Path der = Files.write(dir.resolve("arm.cer"), certificate.getEncoded());
        assertThat(TrustStores.load(der, null, Map.of()).size()).isEqualTo(1);

        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(null, null);
        pkcs12.setCertificateEntry("arm", certificate);
        Path p12 = dir.resolve("arm.p12");
        try (FileOutputStream out = new FileOutputStream(p12.toFile())) {
            pkcs12.store(out, "changeit".toCharArray());
        }
        assertThat(TrustStores.load(p12, new SecretSource.EnvironmentVariable("P12_PASSWORD"),
                Map.of("P12_PASSWORD", "changeit")).containsAlias("arm")).isTrue();
        assertThatThrownBy(() -> TrustStores.load(p12, new SecretSource.EnvironmentVariable("P12_PASSWORD"),
                Map.of("P12_PASSWORD", "wrong"))).hasMessageContaining("check its password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));

        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        assertThatThrownBy(() -> TrustStores.load(empty, null, Map.of()))
                .hasMessageContaining("the trust store " + empty + " holds no certificate");
        assertThatThrownBy(() -> TrustStores.load(dir.resolve("absent.pem"), null, Map.of()))
                .hasMessageContaining("cannot read the trust store").hasMessageContaining("no such file");
        assertThatThrownBy(() -> TrustStores.load(two, new SecretSource.EnvironmentVariable("X"), Map.of("X", "y")))
                .hasMessageContaining("a password applies to a .p12/.pfx file only");
    }
}
