package io.milink.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureAuthentication.Method;
import io.milink.core.azure.ResourceManagerEndpoint;

import java.net.URI;
import java.nio.file.Files;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's managedInstance.azureAuth section: sign-in method, ids, secret references and cloud. */
class AzureAuthSpecTest {

    private static LinkSpec parse(String azureAuth) {
        return LinkSpecLoader.parse("""
                sqlServer: { host: sql01, authentication: { type: integrated } }
                managedInstance:
                  fqdn: mi-target-01.abc123def456.database.windows.net
                """ + azureAuth.indent(2), "spec.yaml", Path.of("/etc/milink"));
    }

    @Test
    void aServicePrincipalWithACertificateInTheGovernmentCloudIsRead() {
        ManagedInstanceTarget.AzureSignIn signIn = parse("""
                azureAuth:
                  method: service-principal
                  tenantId: 72f988bf-0000-0000-0000-000000000000
                  clientId: 11111111-2222-3333-4444-555555555555
                  clientCertificateFile: certs/milink-sp.pfx
                  clientCertificatePasswordEnv: MILINK_SP_PFX_PASSWORD
                  cloud: AzureUSGovernment
                """).managedInstance().azureAuth();
        assertThat(signIn.cloud()).isEqualTo("AzureUSGovernment");
        assertThat(signIn.authentication()).isEqualTo(new AzureAuthentication(Method.SERVICE_PRINCIPAL,
                "72f988bf-0000-0000-0000-000000000000", "11111111-2222-3333-4444-555555555555", null,
                Path.of("/etc/milink/certs/milink-sp.pfx"),
                new SecretSource.EnvironmentVariable("MILINK_SP_PFX_PASSWORD"), null));
    }

    @Test
    void withoutTheSectionItIsDefaultAzureCredentialInTheAzureCloud() {
        assertThat(parse("").managedInstance().azureAuth()).isEqualTo(ManagedInstanceTarget.AzureSignIn.DEFAULT);
        assertThat(parse("azureAuth: { method: managed-identity, clientId: c1 }").managedInstance().azureAuth()
                .authentication().method()).isEqualTo(Method.MANAGED_IDENTITY);
        assertThat(parse("azureAuth: { clientSecretFile: sp-secret, method: service-principal, tenantId: t, "
                + "clientId: c }").managedInstance().azureAuth().authentication().clientSecret())
                .isEqualTo(new SecretSource.File(Path.of("/etc/milink/sp-secret")));
    }

    @Test
    void aLiteralSecretUnknownFieldsAndMisfitSettingsAreRefusedWithTheFieldPath() {
        assertThatThrownBy(() -> parse("azureAuth: { method: service-principal, clientSecret: hunter2 }"))
                .hasMessageContaining("spec.yaml: managedInstance.azureAuth.clientSecret: a file never holds a secret")
                .hasMessageContaining("clientSecretEnv").satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> parse("azureAuth: { method: cli, password: x }"))
                .hasMessageContaining("managedInstance.azureAuth.password: unknown field; allowed here:");
        assertThatThrownBy(() -> parse("azureAuth: { method: service-principal, clientId: c, clientSecretEnv: X }"))
                .hasMessageContaining("managedInstance.azureAuth: service-principal needs a tenant id and a client id");
        assertThatThrownBy(() -> parse("azureAuth: { method: service-principal, tenantId: t, clientId: c, "
                + "clientSecretEnv: X, clientSecretFile: f }")).hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("azureAuth: { method: keyvault }"))
                .hasMessageContaining("'keyvault' is not an Azure sign-in method");
        assertThatThrownBy(() -> parse("azureAuth: { cloud: AzureGermanCloud }"))
                .hasMessageContaining("managedInstance.azureAuth: unknown cloud 'AzureGermanCloud'");
    }

    @Test
    void aPrivateCloudEndpointWithItsTrustStoreRelativeToTheSpecIsRead(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("certs"));
        Files.writeString(folder.resolve("certs/arm-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ManagedInstanceTarget.AzureSignIn signIn = LinkSpecLoader.parse("""
                sqlServer: { host: sql01, authentication: { type: integrated } }
                managedInstance:
                  resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1
                  azureAuth:
                    method: managed-identity
                    resourceManagerEndpoint: https://management.contoso.local/
                    resourceManagerAudience: https://management.adfs.contoso.local/4de154de
                    trustStore: certs/arm-ca.pem
                """, "spec.yaml", folder).managedInstance().azureAuth();
        assertThat(signIn.resourceManager()).isEqualTo(new ResourceManagerEndpoint(
                URI.create("https://management.contoso.local/"), "https://management.adfs.contoso.local/4de154de",
                folder.resolve("certs/arm-ca.pem"), null));
        assertThat(parse("").managedInstance().azureAuth().resourceManager()).isEqualTo(ResourceManagerEndpoint.CLOUD);
    }

    @Test
    void theNoSignInMethodIsAcceptedForALoopbackEndpointOnlyAndSaysWhy() {
        assertThat(parse("azureAuth: { method: none, resourceManagerEndpoint: 'https://127.0.0.1:8443' }")
                .managedInstance().azureAuth().authentication().method()).isEqualTo(Method.NONE);
        assertThat(parse("azureAuth: { method: none, resourceManagerEndpoint: 'https://[::1]:8443/' }")
                .managedInstance().azureAuth().resourceManager().loopback()).isTrue();
        assertThatThrownBy(() -> parse("azureAuth: { method: none, resourceManagerEndpoint: "
                + "'https://management.contoso.local/' }"))
                .hasMessageContaining("spec.yaml: managedInstance.azureAuth: none signs in nowhere, so it is only for "
                        + "a Resource Manager endpoint on this machine")
                .hasMessageContaining("not https://management.contoso.local/; choose a real sign-in method");
        assertThatThrownBy(() -> parse("azureAuth: { method: none }")).hasMessageContaining("not Azure's own");
    }

    @Test
    void anEndpointThatIsNotHttpsOrATrustStoreThatCannotBeReadIsRefusedWithTheField() {
        assertThatThrownBy(() -> parse("azureAuth: { resourceManagerEndpoint: 'http://127.0.0.1:8080' }"))
                .hasMessageContaining("managedInstance.azureAuth.resourceManagerEndpoint: the Resource Manager "
                        + "endpoint http://127.0.0.1:8080 must use https");
        assertThatThrownBy(() -> parse("azureAuth: { resourceManagerEndpoint: 'arm.local:443' }"))
                .hasMessageContaining("managedInstance.azureAuth.resourceManagerEndpoint: ");
        assertThatThrownBy(() -> parse("azureAuth: { trustStore: absent.pem }"))
                .hasMessageContaining("managedInstance.azureAuth.trustStore: cannot read "
                        + Path.of("/etc/milink/absent.pem"));
        assertThatThrownBy(() -> parse("azureAuth: { trustStorePassword: changeit }"))
                .hasMessageContaining("managedInstance.azureAuth.trustStorePassword: a file never holds a secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("changeit"));
        assertThatThrownBy(() -> parse("azureAuth: { resourceManagerAudience: 'https://x/' }"))
                .hasMessageContaining("audience needs the Resource Manager endpoint");
    }
}
