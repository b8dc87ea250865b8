package io.milink.api.service;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;

import java.util.Map;

/**
 * Opens the Azure Resource Manager client that reads a managed instance, signed in as a configured Azure credential
 * says. The service uses real Azure ({@link #AZURE}); a test hands {@link MilinkService} one that reaches the ARM twin
 * (its endpoint, its trust store and a test token), since the twin issues no Entra tokens.
 */
@FunctionalInterface
interface ArmConnector {

    /** Real Azure, in the sign-in's cloud; secrets looked up in {@code variables}. */
    ArmConnector AZURE = (ref, signIn, variables) -> AzureConnections.managedInstance(ref, signIn.cloud(),
            signIn.authentication(), variables);

    /**
     * Blocking (it may read a secret's file): call it on a worker thread.
     *
     * @throws IllegalArgumentException when the sign-in cannot be built (a secret's variable is not set...)
     */
    ManagedInstanceClient connect(ManagedInstanceRef ref, AzureSignIn signIn, Map<String, String> variables);
}
