package io.milink.api.cli;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ResourceManagerEndpoint;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SecretSource;

import java.net.URI;
import java.nio.file.Files;
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

    @Option(names = "--arm-endpoint", paramLabel = "URL", defaultValue = "${env:" + ENDPOINT_VARIABLE + "}",
            description = "A Resource Manager endpoint of its own (a private or sovereign cloud, the ARM twin), https "
                    + "only. Default: $" + ENDPOINT_VARIABLE + ", else the spec's managedInstance.azureAuth."
                    + "resourceManagerEndpoint, else the cloud's.")
    String armEndpoint;

    @Option(names = "--arm-audience", paramLabel = "AUDIENCE", defaultValue = "${env:" + AUDIENCE_VARIABLE + "}",
            description = "With --arm-endpoint: the audience its tokens are for, when it is not the endpoint itself "
                    + "(Azure Stack Hub). Default: $" + AUDIENCE_VARIABLE + ".")
    String armAudience;

    @Option(names = "--arm-trust-store", paramLabel = "FILE", defaultValue = "${env:" + TRUST_STORE_VARIABLE + "}",
            description = "Trust Resource Manager's certificate through this file: PEM CA or server certificates, or "
                    + ".p12/.pfx. Default: $" + TRUST_STORE_VARIABLE + ", else the spec's, else the JDK's trust.")
    Path armTrustStore;

    @Option(names = "--arm-trust-store-password-env", paramLabel = "VARIABLE",
            description = "With a .p12/.pfx trust store: the environment variable holding its password.")
    String armTrustStorePasswordEnv;

    @Option(names = "--arm-trust-store-password-file", paramLabel = "FILE",
            description = "With a .p12/.pfx trust store: a file holding its password.")
    Path armTrustStorePasswordFile;

    /** The environment variables that stand in for the --arm-* flags: one setting for every command on a host. */
    static final String ENDPOINT_VARIABLE = "MILINK_ARM_ENDPOINT";
    static final String AUDIENCE_VARIABLE = "MILINK_ARM_AUDIENCE";
    static final String TRUST_STORE_VARIABLE = "MILINK_ARM_TRUST_STORE";

    /**
     * The sign-in to use: these flags when any sign-in flag is given, else the spec's section, else
     * DefaultAzureCredential; the cloud from {@code --azure-cloud}, else the spec's; Resource Manager from the
     * {@code --arm-*} flags (or their variables), else the spec's, else the cloud's.
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
        ResourceManagerEndpoint resourceManager = resourceManager(fromSpec == null ? ResourceManagerEndpoint.CLOUD
                : fromSpec.resourceManager());
        AzureAuthentication authentication;
        if (!anyFlag) {
            authentication = fromSpec == null ? AzureAuthentication.DEFAULT : fromSpec.authentication();
        } else {
            try {
                AzureAuthentication.Method chosen = AzureAuthentication.Method.parse(method == null ? "default"
                        : method);
                authentication = new AzureAuthentication(chosen, tenantId, clientId,
                        secret(clientSecretEnv, clientSecretFile, "--azure-client-secret"), clientCertificate,
                        secret(certificatePasswordEnv, certificatePasswordFile, "--azure-client-certificate-password"),
                        federatedTokenFile);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--azure-auth " + (method == null ? "default"
                        : method) + ": " + e.getMessage(), e);
            }
        }
        try {
            return new AzureSignIn(authentication, chosenCloud, resourceManager);
        } catch (IllegalArgumentException e) {
            // none with an endpoint that is not this machine's: say where each half came from.
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--azure-auth/--arm-endpoint (or the spec's "
                    + "managedInstance.azureAuth): " + e.getMessage(), e);
        }
    }

    /**
     * Each --arm-* flag replaces the spec's setting it names; an endpoint comes with its own audience, a trust store
     * with its own password, so a flag for the one drops the spec's other.
     */
    private ResourceManagerEndpoint resourceManager(ResourceManagerEndpoint fromSpec) {
        boolean endpointGiven = nonBlankOrNull(armEndpoint) != null;
        boolean trustStoreGiven = armTrustStore != null && !armTrustStore.toString().isBlank();
        if (!endpointGiven && nonBlankOrNull(armAudience) != null) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--arm-audience needs --arm-endpoint (or "
                    + ENDPOINT_VARIABLE + "): Azure's own clouds have their audience built in");
        }
        if (!trustStoreGiven && (armTrustStorePasswordEnv != null || armTrustStorePasswordFile != null)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--arm-trust-store-password-env/-file need "
                    + "--arm-trust-store (or " + TRUST_STORE_VARIABLE + ")");
        }
        URI url = fromSpec.url();
        if (endpointGiven) {
            try {
                url = ResourceManagerEndpoint.parseUrl(armEndpoint);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--arm-endpoint (or " + ENDPOINT_VARIABLE + "): "
                        + e.getMessage(), e);
            }
        }
        if (!trustStoreGiven) {
            return new ResourceManagerEndpoint(url, endpointGiven ? nonBlankOrNull(armAudience) : fromSpec.audience(),
                    fromSpec.trustStore(), fromSpec.trustStorePassword());
        }
        if (!(Files.isRegularFile(armTrustStore) && Files.isReadable(armTrustStore))) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--arm-trust-store (or " + TRUST_STORE_VARIABLE
                    + "): cannot read " + armTrustStore + "; give a PEM file of the CA or server certificates "
                    + "Resource Manager is to be trusted with (or a .p12/.pfx)");
        }
        try {
            return new ResourceManagerEndpoint(url, endpointGiven ? nonBlankOrNull(armAudience) : fromSpec.audience(),
                    armTrustStore, secret(armTrustStorePasswordEnv, armTrustStorePasswordFile,
                    "--arm-trust-store-password"));
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** Null for a value that is absent or blank: an empty variable counts as unset. */
    private static String nonBlankOrNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static SecretSource secret(String variable, Path file, String flag) {
        if (variable != null && file != null) {
            throw new IllegalArgumentException("give " + flag + "-env or " + flag + "-file, not both");
        }
        return variable != null ? new SecretSource.EnvironmentVariable(variable)
                : file != null ? new SecretSource.File(file) : null;
    }
}
