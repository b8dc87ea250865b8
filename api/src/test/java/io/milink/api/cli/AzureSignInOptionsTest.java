package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureAuthentication.Method;
import io.milink.core.azure.ResourceManagerEndpoint;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The --azure-* flags: which sign-in they select, how they combine with the spec, and what they refuse. */
class AzureSignInOptionsTest {

    private static AzureSignInOptions parse(String... args) {
        PreflightCommand command = new PreflightCommand();
        new CommandLine(command).parseArgs(args);
        return command.azure;
    }

    private static final AzureSignIn FROM_SPEC = new AzureSignIn(new AzureAuthentication(Method.MANAGED_IDENTITY,
            null, "spec-client", null, null, null, null), "AzureChinaCloud");

    @Test
    void flagsSelectAServicePrincipalWhoseSecretIsNamedNotGiven() {
        AzureSignIn signIn = parse("--azure-auth", "service-principal", "--azure-tenant", "t1", "--azure-client-id",
                "c1", "--azure-client-secret-env", "MILINK_SP_SECRET", "--azure-cloud", "AzureUSGovernment")
                .resolve(FROM_SPEC);
        assertThat(signIn.cloud()).isEqualTo("AzureUSGovernment");
        assertThat(signIn.authentication()).isEqualTo(new AzureAuthentication(Method.SERVICE_PRINCIPAL, "t1", "c1",
                new SecretSource.EnvironmentVariable("MILINK_SP_SECRET"), null, null, null));
        assertThatThrownBy(() -> parse("--azure-client-secret", "hunter2"))
                .as("there is no flag that takes a secret").isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void withoutSignInFlagsTheSpecDecidesAndTheCloudFlagStillApplies() {
        assertThat(parse().resolve(FROM_SPEC)).isEqualTo(FROM_SPEC);
        assertThat(parse("--azure-cloud", "AzureCloud").resolve(FROM_SPEC))
                .isEqualTo(new AzureSignIn(FROM_SPEC.authentication(), "AzureCloud"));
        assertThat(parse().resolve(null)).isEqualTo(new AzureSignIn(AzureAuthentication.DEFAULT, null));
        assertThat(parse("--azure-auth", "workload-identity", "--azure-federated-token-file", "/var/run/token")
                .resolve(FROM_SPEC).authentication()).isEqualTo(new AzureAuthentication(Method.WORKLOAD_IDENTITY,
                null, null, null, null, null, Path.of("/var/run/token")));
    }

    @Test
    void flagsThatDoNotFitTogetherAreOneLineErrors() {
        assertThatThrownBy(() -> parse("--azure-client-secret-env", "X").resolve(null))
                .isInstanceOf(UserError.class)
                .hasMessage("--azure-auth default: default does not take a client secret or certificate");
        assertThatThrownBy(() -> parse("--azure-auth", "service-principal", "--azure-tenant", "t", "--azure-client-id",
                "c", "--azure-client-secret-env", "X", "--azure-client-secret-file", "f").resolve(null))
                .hasMessageContaining("give --azure-client-secret-env or --azure-client-secret-file, not both");
        assertThatThrownBy(() -> parse("--azure-auth", "certificate").resolve(null))
                .hasMessageContaining("use one of default, cli, managed-identity, service-principal, workload-identity");
        assertThatThrownBy(() -> parse("--azure-cloud", "Mars").resolve(null))
                .hasMessageStartingWith("--azure-cloud: unknown cloud 'Mars'");
    }

    private static final AzureSignIn TWIN_FROM_SPEC = new AzureSignIn(new AzureAuthentication(Method.NONE, null, null,
            null, null, null, null), null, new ResourceManagerEndpoint(URI.create("https://127.0.0.1:41000"), null,
            Path.of("/spec/arm-twin.pem"), null));

    @Test
    void armFlagsReplaceTheSpecsEndpointAndTrustStoreEachWithItsOwnCompanion(@TempDir Path dir) throws Exception {
        assertThat(parse().resolve(TWIN_FROM_SPEC)).isEqualTo(TWIN_FROM_SPEC);
        Path caBundle = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        AzureSignIn moved = parse("--arm-endpoint", "https://localhost:42000/", "--arm-trust-store",
                caBundle.toString()).resolve(TWIN_FROM_SPEC);
        assertThat(moved.resourceManager()).isEqualTo(new ResourceManagerEndpoint(
                URI.create("https://localhost:42000/"), null, caBundle, null));
        assertThat(moved.authentication().method()).as("the spec's sign-in stays").isEqualTo(Method.NONE);

        AzureSignIn stack = parse("--azure-auth", "cli",
                "--arm-endpoint", "https://management.local.azurestack.external", "--arm-audience", "https://management.adfs.azurestack.local/4de154de").resolve(null);
        assertThat(stack.resourceManager().audience()).isEqualTo("https://management.adfs.azurestack.local/4de154de");
        assertThat(stack.resourceManager().trustStore()).as("the JDK's trust").isNull();
    }

    @Test
    void armFlagsThatCannotWorkAreOneLineErrorsNamingTheFlag() {
        assertThatThrownBy(() -> parse("--arm-endpoint", "http://127.0.0.1:8080").resolve(null))
                .isInstanceOf(UserError.class)
                .hasMessage("--arm-endpoint (or MILINK_ARM_ENDPOINT): the Resource Manager endpoint "
                        + "http://127.0.0.1:8080 must use https: Azure sign-in tokens are only ever sent over TLS");
        assertThatThrownBy(() -> parse("--arm-audience", "https://x/").resolve(null))
                .hasMessageStartingWith("--arm-audience needs --arm-endpoint");
        assertThatThrownBy(() -> parse("--arm-trust-store", "/no/such/ca.pem").resolve(null))
                .hasMessageStartingWith("--arm-trust-store (or MILINK_ARM_TRUST_STORE): cannot read /no/such/ca.pem");
        assertThatThrownBy(() -> parse("--arm-trust-store-password-env", "P").resolve(null))
                .hasMessageStartingWith("--arm-trust-store-password-env/-file need --arm-trust-store");
    }

    @Test
    void theNoSignInMethodIsRefusedWhenAFlagPointsResourceManagerAwayFromThisMachine() {
        assertThatThrownBy(() -> parse("--arm-endpoint", "https://management.contoso.local/").resolve(TWIN_FROM_SPEC))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("none signs in nowhere")
                .hasMessageContaining("not https://management.contoso.local/; choose a real sign-in method");
        assertThatThrownBy(() -> parse("--azure-auth", "none").resolve(null))
                .hasMessageContaining("none signs in nowhere").hasMessageContaining("not Azure's own");
    }
}
