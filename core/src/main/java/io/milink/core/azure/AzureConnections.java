package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Clients for real Azure: the credential the user chose ({@link AzureAuthentication}; DefaultAzureCredential unless
 * told otherwise) and the JDK-HttpClient-based azure-core client, in the chosen cloud.
 */
public final class AzureConnections {

    private AzureConnections() {
    }

    /**
     * @param cloud AzureCloud (default), AzureChinaCloud or AzureUSGovernment, as the Azure CLI names them
     * @throws IllegalArgumentException naming the clouds when {@code cloud} is not one of them
     */
    public static AzureEnvironment environment(String cloud) {
        return switch (cloud == null ? "azurecloud" : cloud.toLowerCase(Locale.ROOT)) {
            case "azurecloud", "azure" -> AzureEnvironment.AZURE;
            case "azurechinacloud", "china" -> AzureEnvironment.AZURE_CHINA;
            case "azureusgovernment", "usgovernment" -> AzureEnvironment.AZURE_US_GOVERNMENT;
            default -> throw new IllegalArgumentException("unknown cloud '" + cloud
                    + "'; use AzureCloud, AzureChinaCloud or AzureUSGovernment");
        };
    }

    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, String cloud) {
        return managedInstance(ref, cloud, AzureAuthentication.DEFAULT);
    }

    /** @throws IllegalArgumentException when the cloud is unknown or the credential's settings are incomplete */
    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, String cloud,
                                                        AzureAuthentication auth) {
        return managedInstance(ref, new AzureSignIn(auth, cloud), System.getenv());
    }

    /**
     * @param variables where the sign-in's secret references ({@code clientSecretEnv}) are looked up: the process
     *                  environment, or the one a service was configured with
     * @throws IllegalArgumentException when the cloud is unknown or the credential's settings are incomplete
     */
    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, String cloud,
                                                        AzureAuthentication auth, Map<String, String> variables) {
        return managedInstance(ref, new AzureSignIn(auth, cloud), variables);
    }

    /**
     * The managed instance read through the sign-in's Resource Manager (the cloud's, or an endpoint of its own with
     * its trust store), signed in as it says.
     *
     * @param variables where secret references (a client secret's or a trust store password's variable) are looked up
     * @throws IllegalArgumentException when the cloud is unknown, the credential's settings are incomplete or the
     *                                  trust store cannot be read
     */
    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, AzureSignIn signIn,
                                                        Map<String, String> variables) {
        AzureEnvironment environment = environmentFor(signIn);
        HttpClient http = signIn.resourceManager().httpClient(variables);
        TokenCredential credential = AzureCredentials.create(signIn.authentication(), environment, variables);
        return ManagedInstanceClient.connect(ref, credential, environment, http);
    }

    /** The link's ARM writes (trust certificates, links) for this instance, signed in as {@code auth} says. */
    public static LinkArmClient linkArm(ManagedInstanceRef ref, String cloud, AzureAuthentication auth) {
        return linkArm(ref, new AzureSignIn(auth, cloud));
    }

    /** The link's ARM writes through the sign-in's Resource Manager, signed in as it says. */
    public static LinkArmClient linkArm(ManagedInstanceRef ref, AzureSignIn signIn) {
        AzureEnvironment environment = environmentFor(signIn);
        HttpClient http = signIn.resourceManager().httpClient(System.getenv());
        TokenCredential credential = AzureCredentials.create(signIn.authentication(), environment, System.getenv());
        return LinkArmClient.connect(ref, credential, environment, http);
    }

    /**
     * The sign-in's cloud with its own Resource Manager endpoint and audience in place, when it names one.
     *
     * @throws IllegalArgumentException when the cloud is unknown
     */
    public static AzureEnvironment environmentFor(AzureSignIn signIn) {
        return signIn.resourceManager().applyTo(environment(signIn.cloud()));
    }

    /**
     * The managed instance behind a Resource Manager endpoint of its own (the ARM twin in rehearsals and tests),
     * whose HTTPS certificate is trusted through {@code trustStore} rather than by turning verification off.
     *
     * @param resourceManagerUrl e.g. {@code https://127.0.0.1:40123}; every ARM call goes there
     */
    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, TokenCredential credential,
                                                        String resourceManagerUrl, KeyStore trustStore) {
        return ManagedInstanceClient.connect(ref, credential, withResourceManager(AzureEnvironment.AZURE,
                resourceManagerUrl), httpClientTrusting(trustStore));
    }

    /** {@code base} with its Resource Manager endpoint replaced: where the SDK's pipeline sends every call. */
    public static AzureEnvironment withResourceManager(AzureEnvironment base, String resourceManagerUrl) {
        Map<String, String> endpoints = new HashMap<>(base.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", resourceManagerUrl.endsWith("/") ? resourceManagerUrl
                : resourceManagerUrl + "/");
        return new AzureEnvironment(endpoints);
    }

    /** The JDK-HttpClient-based azure-core client trusting exactly the certificates in {@code trustStore}. */
    public static HttpClient httpClientTrusting(KeyStore trustStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from the trust store", e);
        }
    }
}
