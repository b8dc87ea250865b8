package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureAuthentication.Method;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
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
}
