package io.milink.core.azure;

import io.milink.core.spec.SecretSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How milink signs in to Azure: which Azure Identity credential, and the ids it needs. A secret is only ever a
 * reference ({@link SecretSource}: an environment variable's name or a file's path), resolved when the credential is
 * built; {@link #toString()} and every message name the reference, never the value.
 *
 * @param method                    the credential kind
 * @param tenantId                  Entra tenant id; required for a service principal, optional elsewhere
 * @param clientId                  application (client) id: the service principal, the user-assigned managed
 *                                  identity, the workload identity, or (with {@code default}) the identity
 *                                  DefaultAzureCredential's managed/workload identity should use
 * @param clientSecret              service principal only: where its client secret is
 * @param clientCertificate         service principal only: a PEM (certificate and private key) or PFX file
 * @param clientCertificatePassword with a PFX that has a password: where that password is
 * @param federatedTokenFile        workload identity only: the projected token file (default: AZURE_FEDERATED_TOKEN_FILE)
 */
public record AzureAuthentication(Method method, String tenantId, String clientId, SecretSource clientSecret,
                                  Path clientCertificate, SecretSource clientCertificatePassword,
                                  Path federatedTokenFile) {

    /** The credential kinds, named as {@code --azure-auth} and the spec's {@code azureAuth.method} spell them. */
    public enum Method {
        /** DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI, ... in that order. */
        DEFAULT("default"),
        /** AzureCliCredential: the account {@code az login} signed in (a DBA's laptop). */
        AZURE_CLI("cli"),
        /** ManagedIdentityCredential: the VM's/host's system-assigned identity, or a user-assigned one by client id. */
        MANAGED_IDENTITY("managed-identity"),
        /** ClientSecretCredential or ClientCertificateCredential: an app registration (CI, automation). */
        SERVICE_PRINCIPAL("service-principal"),
        /** WorkloadIdentityCredential: a Kubernetes pod's federated token (AKS workload identity). */
        WORKLOAD_IDENTITY("workload-identity"),
        /**
         * No sign-in: a fixed placeholder bearer token, for the ARM twin and tests. Only ever sent to a Resource
         * Manager endpoint on this machine ({@code AzureSignIn} and {@link AzureCredentials} refuse any other).
         */
        NONE("none");

        private final String option;

        Method(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static Method parse(String text) {
            String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(m -> m.option.equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an Azure sign-in method; "
                            + "use one of " + Arrays.stream(values()).map(Method::option)
                            .collect(Collectors.joining(", "))));
        }
    }

    /** DefaultAzureCredential with no hints: what milink uses unless told otherwise. */
    public static final AzureAuthentication DEFAULT = new AzureAuthentication(Method.DEFAULT, null, null, null, null,
            null, null);

    /**
     * @throws IllegalArgumentException with a one-line message when the settings do not fit the method (e.g. a
     *                                  secret given for the Azure CLI, a service principal without its tenant)
     */
    public AzureAuthentication {
        if (method == null) {
            throw new IllegalArgumentException("no Azure sign-in method given");
        }
        tenantId = blankToNull(tenantId);
        clientId = blankToNull(clientId);
        boolean secretOrCertificate = clientSecret != null || clientCertificate != null
                || clientCertificatePassword != null;
        switch (method) {
            case DEFAULT, MANAGED_IDENTITY, AZURE_CLI -> {
                refuse(secretOrCertificate, method, "a client secret or certificate");
                refuse(federatedTokenFile != null, method, "a federated token file");
                refuse(method == Method.AZURE_CLI && clientId != null, method,
                        "a client id (the CLI signs in as the account 'az login' chose)");
                refuse(method == Method.MANAGED_IDENTITY && tenantId != null, method,
                        "a tenant id (a managed identity belongs to the host's tenant)");
            }
            case SERVICE_PRINCIPAL -> {
                if (tenantId == null || clientId == null) {
                    throw new IllegalArgumentException("service-principal needs a tenant id and a client id");
                }
                if ((clientSecret == null) == (clientCertificate == null)) {
                    throw new IllegalArgumentException("service-principal needs exactly one of a client secret "
                            + "(from an environment variable or a file) or a client certificate file");
                }
                refuse(clientCertificatePassword != null && clientCertificate == null, method,
                        "a certificate password without a certificate");
                refuse(federatedTokenFile != null, method, "a federated token file");
            }
            case WORKLOAD_IDENTITY -> refuse(secretOrCertificate, method, "a client secret or certificate");
            case NONE -> {
                refuse(secretOrCertificate || federatedTokenFile != null, method, "a secret, certificate or token file "
                        + "(it signs in nowhere)");
                refuse(tenantId != null || clientId != null, method, "a tenant or client id (it signs in nowhere)");
            }
        }
    }

    private static void refuse(boolean given, Method method, String what) {
        if (given) {
            throw new IllegalArgumentException(method.option() + " does not take " + what);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** What will be used, for logs and messages: ids and secret references, never a secret. */
    public String describe() {
        StringBuilder text = new StringBuilder(method.option());
        if (tenantId != null) {
            text.append(", tenant ").append(tenantId);
        }
        if (clientId != null) {
            text.append(", client id ").append(clientId);
        }
        if (clientSecret != null) {
            text.append(", client secret from ").append(clientSecret.describe());
        }
        if (clientCertificate != null) {
            text.append(", client certificate ").append(clientCertificate);
        }
        if (clientCertificatePassword != null) {
            text.append(", certificate password from ").append(clientCertificatePassword.describe());
        }
        if (federatedTokenFile != null) {
            text.append(", federated token file ").append(federatedTokenFile);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "AzureAuthentication[" + describe() + "]";
    }
}
