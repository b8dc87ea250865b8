package io.milink.core.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SpecException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Builds the Azure Identity credential an {@link AzureAuthentication} asks for, signing in at the cloud's own
 * authority (login.microsoftonline.com, login.chinacloudapi.cn, login.microsoftonline.us). Secrets are read from their
 * environment variable or file here, handed to the credential builder, and kept nowhere else.
 */
public final class AzureCredentials {

    /** The variables AKS workload identity injects into a pod (Azure Identity reads the same names). */
    static final String TENANT_ENV = "AZURE_TENANT_ID";
    static final String CLIENT_ENV = "AZURE_CLIENT_ID";
    static final String TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";

    private AzureCredentials() {
    }

    /**
     * @param environment the process environment (tests pass their own), for secrets and workload-identity settings
     * @throws IllegalArgumentException with a one-line message naming what is missing (never a secret's value)
     */
    public static TokenCredential create(AzureAuthentication auth, AzureEnvironment cloud,
                                         Map<String, String> environment) {
        String authority = cloud.getActiveDirectoryEndpoint();
        return switch (auth.method()) {
            case DEFAULT -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().authorityHost(authority);
                if (auth.tenantId() != null) {
                    builder.tenantId(auth.tenantId());
                }
                if (auth.clientId() != null) {
                    builder.managedIdentityClientId(auth.clientId()).workloadIdentityClientId(auth.clientId());
                }
                yield builder.build();
            }
            // The CLI signs in to the cloud 'az cloud set' chose; milink cannot redirect it (docs/azure.md).
            case AZURE_CLI -> {
                AzureCliCredentialBuilder builder = new AzureCliCredentialBuilder();
                if (auth.tenantId() != null) {
                    builder.tenantId(auth.tenantId());
                }
                yield builder.build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
                if (auth.clientId() != null) {
                    builder.clientId(auth.clientId());
                }
                yield builder.build();
            }
            case SERVICE_PRINCIPAL -> auth.clientSecret() != null
                    ? new ClientSecretCredentialBuilder().authorityHost(authority).tenantId(auth.tenantId())
                            .clientId(auth.clientId())
                            .clientSecret(secret(auth.clientSecret(), "the service principal's client secret",
                                    environment))
                            .build()
                    : certificateCredential(auth, authority, environment);
            case WORKLOAD_IDENTITY -> new WorkloadIdentityCredentialBuilder().authorityHost(authority)
                    .tenantId(orEnvironment(auth.tenantId(), TENANT_ENV, "tenant id", environment))
                    .clientId(orEnvironment(auth.clientId(), CLIENT_ENV, "client id", environment))
                    .tokenFilePath(readable(Path.of(orEnvironment(auth.federatedTokenFile() == null ? null
                            : auth.federatedTokenFile().toString(), TOKEN_FILE_ENV, "federated token file",
                            environment)), "workload-identity's federated token file").toString())
                    .build();
            case NONE -> placeholder(cloud);
        };
    }

    /** The token {@code none} sends: a fixed text the ARM twin accepts and that means nothing anywhere else. */
    static final String PLACEHOLDER_TOKEN = "milink-no-sign-in";

    /**
     * {@code none}'s credential, for the ARM twin and tests. Refused unless every call goes to this machine, so a
     * misconfigured endpoint fails here instead of sending a bearer header to someone else's server.
     */
    private static TokenCredential placeholder(AzureEnvironment cloud) {
        String endpoint = cloud.getResourceManagerEndpoint();
        if (!ResourceManagerEndpoint.isLoopbackUrl(endpoint)) {
            throw new IllegalArgumentException("none signs in nowhere, so it is only for a Resource Manager endpoint "
                    + "on this machine (localhost, 127.0.0.0/8 or ::1), not " + endpoint);
        }
        return request -> Mono.just(new AccessToken(PLACEHOLDER_TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    private static TokenCredential certificateCredential(AzureAuthentication auth, String authority,
                                                         Map<String, String> environment) {
        Path file = readable(auth.clientCertificate(), "the service principal's client certificate");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder().authorityHost(authority)
                .tenantId(auth.tenantId()).clientId(auth.clientId());
        if (name.endsWith(".pfx") || name.endsWith(".p12")) {
            builder.pfxCertificate(file.toString());
            if (auth.clientCertificatePassword() != null) {
                builder.clientCertificatePassword(secret(auth.clientCertificatePassword(),
                        "the client certificate's password", environment));
            }
        } else if (auth.clientCertificatePassword() != null) {
            throw new IllegalArgumentException("service-principal: a certificate password applies to a .pfx/.p12 "
                    + "file only; " + file + " is read as PEM (certificate and unencrypted private key)");
        } else {
            builder.pemCertificate(file.toString());
        }
        return builder.build();
    }

    private static String secret(SecretSource source, String what, Map<String, String> environment) {
        try {
            return source.resolve(environment);
        } catch (SpecException e) {
            // SecretSource's own messages speak of a password; say which secret this is, never its value.
            throw new IllegalArgumentException(what + " is not available from " + source.describe()
                    + (source instanceof SecretSource.EnvironmentVariable ? ": set it before running milink"
                    : ": check the path, that the file is not empty and that milink may read it"), e);
        }
    }

    private static String orEnvironment(String given, String variable, String what, Map<String, String> environment) {
        if (given != null) {
            return given;
        }
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("workload-identity needs a " + what + ": give it explicitly or set "
                    + variable + " (AKS workload identity sets it in the pod)");
        }
        return value;
    }

    private static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable file");
        }
        return file;
    }
}
