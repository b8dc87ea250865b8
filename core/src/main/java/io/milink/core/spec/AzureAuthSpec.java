package io.milink.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ResourceManagerEndpoint;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The spec's {@code managedInstance.azureAuth} section (docs/spec.md, docs/azure.md): how milink signs in to Azure and
 * in which cloud. Like the SQL login, it names where a secret is, never the secret. The service's configuration file
 * names its Azure sign-ins with the same fields ({@code azureCredentials}, docs/operations.md).
 */
public final class AzureAuthSpec {

    private static final String WHERE = "managedInstance.azureAuth";
    private static final Set<String> FIELDS = Set.of("method", "tenantId", "clientId", "clientSecretEnv",
            "clientSecretFile", "clientCertificateFile", "clientCertificatePasswordEnv",
            "clientCertificatePasswordFile", "federatedTokenFile", "cloud", "resourceManagerEndpoint",
            "resourceManagerAudience", "trustStore", "trustStorePasswordEnv", "trustStorePasswordFile");

    private AzureAuthSpec() {
    }

    /**
     * @param resolve resolves a path relative to the spec's folder
     * @param error   turns a message into the loader's exception (it adds the file name)
     */
    static ManagedInstanceTarget.AzureSignIn parse(JsonNode node, Function<String, Path> resolve,
                                                   Function<String, SpecException> error) {
        return parse(node, WHERE, resolve, error);
    }

    /**
     * @param where   the section's name in messages ("managedInstance.azureAuth", "azureCredentials.prod")
     * @param resolve resolves a path relative to the file's folder
     * @param error   turns a message into the caller's exception (it adds the file name)
     */
    public static ManagedInstanceTarget.AzureSignIn parse(JsonNode node, String where,
                                                          Function<String, Path> resolve,
                                                          Function<String, ? extends RuntimeException> error) {
        if (!node.isObject()) {
            throw error.apply(where + ": expected a mapping of fields");
        }
        for (String literal : new String[] {"clientSecret", "clientCertificatePassword", "trustStorePassword"}) {
            if (node.has(literal)) {
                throw error.apply(where + "." + literal + ": a file never holds a secret; name where it is with "
                        + literal + "Env: VARIABLE or " + literal + "File: PATH");
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw error.apply(where + "." + name + ": unknown field; allowed here: "
                        + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String cloud = text(node, where, "cloud", error);
        try {
            AzureConnections.environment(cloud);
            String method = text(node, where, "method", error);
            String tokenFile = text(node, where, "federatedTokenFile", error);
            String certificate = text(node, where, "clientCertificateFile", error);
            AzureAuthentication auth = new AzureAuthentication(
                    method == null ? AzureAuthentication.Method.DEFAULT : AzureAuthentication.Method.parse(method),
                    text(node, where, "tenantId", error), text(node, where, "clientId", error),
                    secret(node, where, "clientSecret", resolve, error),
                    certificate == null ? null : resolve.apply(certificate),
                    secret(node, where, "clientCertificatePassword", resolve, error),
                    tokenFile == null ? null : resolve.apply(tokenFile));
            return new ManagedInstanceTarget.AzureSignIn(auth, cloud, resourceManager(node, where, resolve, error));
        } catch (IllegalArgumentException e) {
            throw error.apply(where + ": " + e.getMessage());
        }
    }

    /** Where Resource Manager is and what it is trusted with; the cloud's own when none of the fields is given. */
    private static ResourceManagerEndpoint resourceManager(JsonNode node, String where, Function<String, Path> resolve,
                                                           Function<String, ? extends RuntimeException> error) {
        String endpoint = text(node, where, "resourceManagerEndpoint", error);
        String trustStore = text(node, where, "trustStore", error);
        Path trustStoreFile = trustStore == null ? null : resolve.apply(trustStore);
        if (trustStoreFile != null && !(Files.isRegularFile(trustStoreFile) && Files.isReadable(trustStoreFile))) {
            throw error.apply(where + ".trustStore: cannot read " + trustStoreFile + "; give a PEM file of the CA or "
                    + "server certificates Resource Manager is to be trusted with (or a .p12/.pfx), relative to this "
                    + "file's folder");
        }
        URI url;
        try {
            url = endpoint == null ? null : ResourceManagerEndpoint.parseUrl(endpoint);
        } catch (IllegalArgumentException e) {
            throw error.apply(where + ".resourceManagerEndpoint: " + e.getMessage());
        }
        return new ResourceManagerEndpoint(url, text(node, where, "resourceManagerAudience", error), trustStoreFile,
                secret(node, where, "trustStorePassword", resolve, error));
    }

    private static SecretSource secret(JsonNode node, String where, String field, Function<String, Path> resolve,
                                       Function<String, ? extends RuntimeException> error) {
        String variable = text(node, where, field + "Env", error);
        String file = text(node, where, field + "File", error);
        if (variable != null && file != null) {
            throw error.apply(where + ": give " + field + "Env or " + field + "File, not both");
        }
        return variable != null ? new SecretSource.EnvironmentVariable(variable)
                : file != null ? new SecretSource.File(resolve.apply(file)) : null;
    }

    private static String text(JsonNode node, String where, String field,
                               Function<String, ? extends RuntimeException> error) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw error.apply(where + "." + field + ": expected a non-empty text value");
        }
        return value.asText().trim();
    }
}
