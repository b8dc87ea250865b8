package io.milink.api.service.config;

import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;

import java.util.Objects;

/**
 * An Azure sign-in configured on the service under a name ({@code azureCredentials} in the configuration file), so a
 * request names it ({@code managedInstance.azureCredential}) and never carries a tenant's secret. It holds where a
 * secret is (an environment variable or a file), never the secret.
 *
 * @param name   what a request's {@code managedInstance.azureCredential} says
 * @param signIn the credential kind, its ids and secret references, and the cloud
 */
public record NamedAzureSignIn(String name, AzureSignIn signIn) {

    /** The name a request may always use, and the one used when it names none. */
    public static final String DEFAULT_NAME = "default";

    public NamedAzureSignIn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signIn, "signIn");
    }
}
