package io.milink.api.cli;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureConnections;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The Azure sign-in flags every command that talks to Azure Resource Manager shares (docs/azure.md). A secret is
 * named by its environment variable or file, never given on the command line, where {@code ps} and shell history
 * would keep it.
 */
public final class AzureSignInOptions {

    @Option(names = "--azure-auth", paramLabel = "METHOD", description = "How to sign in to Azure: default "
            + "(DefaultAzureCredential), cli, managed-identity, service-principal or workload-identity. "
            + "Default: the spec's managedInstance.azureAuth, else default.")
    String method;

    @Option(names = "--azure-tenant", paramLabel = "ID", description = "Entra tenant id (service-principal: "
            + "required; cli, workload-identity, default: optional).")
    String tenantId;

    @Option(names = "--azure-client-id", paramLabel = "ID", description = "Application (client) id: the service "
            + "principal, the user-assigned managed identity or the workload identity.")
    String clientId;

    @Option(names = "--azure-client-secret-env", paramLabel = "VARIABLE",
            description = "service-principal: the environment variable holding the client secret.")
    String clientSecretEnv;

    @Option(names = "--azure-client-secret-file", paramLabel = "FILE",
            description = "service-principal: a file holding the client secret.")
    Path clientSecretFile;

    @Option(names = "--azure-client-certificate", paramLabel = "FILE", description = "service-principal: a PEM "
            + "(certificate and private key) or PFX/P12 file instead of a secret.")
    Path clientCertificate;

    @Option(names = "--azure-client-certificate-password-env", paramLabel = "VARIABLE",
            description = "With a PFX: the environment variable holding its password.")
    String certificatePasswordEnv;

    @Option(names = "--azure-client-certificate-password-file", paramLabel = "FILE",
            description = "With a PFX: a file holding its password.")
    Path certificatePasswordFile;

    @Option(names = "--azure-federated-token-file", paramLabel = "FILE", description = "workload-identity: the "
            + "projected token file. Default: $AZURE_FEDERATED_TOKEN_FILE.")
    Path federatedTokenFile;

    @Option(names = "--azure-cloud", paramLabel = "NAME", description = "AzureCloud, AzureChinaCloud or "
            + "AzureUSGovernment. Default: the spec's managedInstance.azureAuth.cloud, else AzureCloud.")
    String cloud;

    /**
     * The sign-in to use: these flags when any sign-in flag is given, else the spec's section, else
     * DefaultAzureCredential; the cloud from {@code --azure-cloud}, else the spec's.
     *
     * @param fromSpec the spec's {@code managedInstance.azureAuth}, or null
     * @throws UserError with a one-line message when the flags do not fit together
     */
    AzureSignIn resolve(AzureSignIn fromSpec) {
        try {
            AzureConnections.environment(cloud);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--azure-cloud: " + e.getMessage(), e);
        }
        String chosenCloud = cloud != null ? cloud : fromSpec == null ? null : fromSpec.cloud();
        boolean anyFlag = method != null || tenantId != null || clientId != null || clientSecretEnv != null
                || clientSecretFile != null || clientCertificate != null || certificatePasswordEnv != null
                || certificatePasswordFile != null || federatedTokenFile != null;
        if (!anyFlag) {
            return new AzureSignIn(fromSpec == null ? AzureAuthentication.DEFAULT : fromSpec.authentication(),
                    chosenCloud);
        }
        try {
            AzureAuthentication.Method chosen = AzureAuthentication.Method.parse(method == null ? "default" : method);
            return new AzureSignIn(new AzureAuthentication(chosen, tenantId, clientId,
                    secret(clientSecretEnv, clientSecretFile, "--azure-client-secret"), clientCertificate,
                    secret(certificatePasswordEnv, certificatePasswordFile, "--azure-client-certificate-password"),
                    federatedTokenFile), chosenCloud);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--azure-auth " + (method == null ? "default" : method)
                    + ": " + e.getMessage(), e);
        }
    }

    private static SecretSource secret(String variable, Path file, String flag) {
        if (variable != null && file != null) {
            throw new IllegalArgumentException("give " + flag + "-env or " + flag + "-file, not both");
        }
        return variable != null ? new SecretSource.EnvironmentVariable(variable)
                : file != null ? new SecretSource.File(file) : null;
    }
}
