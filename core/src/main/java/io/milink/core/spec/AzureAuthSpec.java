package io.milink.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.AzureConnections;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The spec's {@code managedInstance.azureAuth} section (docs/spec.md, docs/azure.md): how milink signs in to Azure and
 * in which cloud. Like the SQL login, it names where a secret is, never the secret.
 */
final class AzureAuthSpec {

    private static final String WHERE = "managedInstance.azureAuth";
    private static final Set<String> FIELDS = Set.of("method", "tenantId", "clientId", "clientSecretEnv",
            "clientSecretFile", "clientCertificateFile", "clientCertificatePasswordEnv",
            "clientCertificatePasswordFile", "federatedTokenFile", "cloud");

    private AzureAuthSpec() {
    }

    /**
     * @param resolve resolves a path relative to the spec's folder
     * @param error   turns a message into the loader's exception (it adds the file name)
     */
    static ManagedInstanceTarget.AzureSignIn parse(JsonNode node, Function<String, Path> resolve,
                                                   Function<String, SpecException> error) {
        if (!node.isObject()) {
            throw error.apply(WHERE + ": expected a mapping of fields");
        }
        for (String literal : new String[] {"clientSecret", "clientCertificatePassword"}) {
            if (node.has(literal)) {
                throw error.apply(WHERE + "." + literal + ": a spec never holds a secret; name where it is with "
                        + literal + "Env: VARIABLE or " + literal + "File: PATH");
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw error.apply(WHERE + "." + name + ": unknown field; allowed here: "
                        + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String cloud = text(node, "cloud", error);
        try {
            AzureConnections.environment(cloud);
            String method = text(node, "method", error);
            String tokenFile = text(node, "federatedTokenFile", error);
            String certificate = text(node, "clientCertificateFile", error);
            AzureAuthentication auth = new AzureAuthentication(
                    method == null ? AzureAuthentication.Method.DEFAULT : AzureAuthentication.Method.parse(method),
                    text(node, "tenantId", error), text(node, "clientId", error),
                    secret(node, "clientSecret", resolve, error), certificate == null ? null : resolve.apply(certificate),
                    secret(node, "clientCertificatePassword", resolve, error),
                    tokenFile == null ? null : resolve.apply(tokenFile));
            return new ManagedInstanceTarget.AzureSignIn(auth, cloud);
        } catch (IllegalArgumentException e) {
            throw error.apply(WHERE + ": " + e.getMessage());
        }
    }

    private static SecretSource secret(JsonNode node, String field, Function<String, Path> resolve,
                                       Function<String, SpecException> error) {
        String variable = text(node, field + "Env", error);
        String file = text(node, field + "File", error);
        if (variable != null && file != null) {
            throw error.apply(WHERE + ": give " + field + "Env or " + field + "File, not both");
        }
        return variable != null ? new SecretSource.EnvironmentVariable(variable)
                : file != null ? new SecretSource.File(resolve.apply(file)) : null;
    }

    private static String text(JsonNode node, String field, Function<String, SpecException> error) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw error.apply(WHERE + "." + field + ": expected a non-empty text value");
        }
        return value.asText().trim();
    }
}
