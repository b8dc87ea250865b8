package io.milink.api.service;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.AzureCredentials;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;

import java.util.Map;

/**
 * Signs in to Azure and opens the Azure Resource Manager client that reads a managed instance. The service uses real
 * Azure ({@link #AZURE}); a test hands {@link MilinkService} one that reaches the ARM twin (its endpoint, its trust
 * store and a test token), since the twin issues no Entra tokens. The service keeps each sign-in's credential for its
 * lifetime ({@link AzureSignIns}), so only {@link #connect} runs per preflight.
 */
interface ArmConnector {

    /** Real Azure, in the sign-in's cloud; secrets looked up in {@code variables}. */
    ArmConnector AZURE = new ArmConnector() {
        /** azure-core's HTTP clients are thread-safe and meant to be shared: one connection pool for all reads. */
        private final HttpClient http = new JdkHttpClientBuilder().build();

        @Override
        public TokenCredential signIn(AzureSignIn signIn, Map<String, String> variables) {
            return AzureCredentials.create(signIn.authentication(), AzureConnections.environment(signIn.cloud()),
                    variables);
        }

        @Override
        public ManagedInstanceClient connect(ManagedInstanceRef ref, AzureSignIn signIn, TokenCredential credential) {
            return ManagedInstanceClient.connect(ref, credential, AzureConnections.environment(signIn.cloud()), http);
        }
    };

    /**
     * Builds the credential of a sign-in. Blocking (it may read a secret's file): call it on a worker thread.
     *
     * @throws IllegalArgumentException when the sign-in cannot be built (a secret's variable is not set...)
     */
    TokenCredential signIn(AzureSignIn signIn, Map<String, String> variables);

    /** The client reading {@code ref}, signed in with {@code credential} (built by {@link #signIn} for {@code signIn}). */
    ManagedInstanceClient connect(ManagedInstanceRef ref, AzureSignIn signIn, TokenCredential credential);
}
