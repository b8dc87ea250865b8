package io.milink.api.service;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.AzureCredentials;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.azure.ResourceManagerEndpoint;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs in to Azure and opens the Azure Resource Manager client that reads a managed instance. The service uses real
 * Azure ({@link #AZURE}); a test hands {@link MilinkService} one that reaches the ARM twin (its endpoint, its trust
 * store and a test token), since the twin issues no Entra tokens. The service keeps each sign-in's credential for its
 * lifetime ({@link AzureSignIns}), so only {@link #connect} runs per preflight.
 */
interface ArmConnector {

    /**
     * Real Azure, in the sign-in's cloud or at its own Resource Manager endpoint; secrets looked up in
     * {@code variables}.
     */
    ArmConnector AZURE = new ArmConnector() {
        /** azure-core's HTTP clients are thread-safe and meant to be shared: one connection pool for all reads. */
        private final HttpClient http = new JdkHttpClientBuilder().build();

        /**
         * One client per trust store a sign-in names, kept for the service's lifetime like the credentials: the
         * file is read once, at first use (a replaced trust store is read at the next restart).
         */
        private final ConcurrentHashMap<ResourceManagerEndpoint, HttpClient> trusting = new ConcurrentHashMap<>();

        @Override
        public TokenCredential signIn(AzureSignIn signIn, Map<String, String> variables) {
            return AzureCredentials.create(signIn.authentication(), AzureConnections.environmentFor(signIn),
                    variables);
        }

        @Override
        public ManagedInstanceClient connect(ManagedInstanceRef ref, AzureSignIn signIn, TokenCredential credential) {
            ResourceManagerEndpoint endpoint = signIn.resourceManager();
            HttpClient client = endpoint.trustStore() == null ? http
                    // A PKCS#12 password's variable is the service's own, as every secret reference is in production.
                    : trusting.computeIfAbsent(endpoint, e -> e.httpClient(System.getenv()));
            return ManagedInstanceClient.connect(ref, credential, AzureConnections.environmentFor(signIn), client);
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

    /**
     * The link's ARM writes (trust certificates, links) on {@code ref}, through the sign-in's Resource Manager (its
     * cloud's, or an endpoint of its own with its trust store), signed in with {@code credential}.
     */
    default LinkArmClient linkArm(ManagedInstanceRef ref, AzureSignIn signIn, TokenCredential credential) {
        // A trust store's password variable is the service's own, as every secret reference is in production.
        return LinkArmClient.connect(ref, credential, AzureConnections.environmentFor(signIn),
                signIn.resourceManager().httpClient(System.getenv()));
    }
}
