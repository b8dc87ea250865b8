package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;

import java.util.Locale;
import java.util.Map;

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
        return managedInstance(ref, cloud, auth, System.getenv());
    }

    /**
     * @param variables where the sign-in's secret references ({@code clientSecretEnv}) are looked up: the process
     *                  environment, or the one a service was configured with
     * @throws IllegalArgumentException when the cloud is unknown or the credential's settings are incomplete
     */
    public static ManagedInstanceClient managedInstance(ManagedInstanceRef ref, String cloud,
                                                        AzureAuthentication auth, Map<String, String> variables) {
        AzureEnvironment environment = environment(cloud);
        TokenCredential credential = AzureCredentials.create(auth, environment, variables);
        return ManagedInstanceClient.connect(ref, credential, environment, new JdkHttpClientBuilder().build());
    }

    /** The link's ARM writes (trust certificates, links) for this instance, signed in as {@code auth} says. */
    public static LinkArmClient linkArm(ManagedInstanceRef ref, String cloud, AzureAuthentication auth) {
        AzureEnvironment environment = environment(cloud);
        TokenCredential credential = AzureCredentials.create(auth, environment, System.getenv());
        return LinkArmClient.connect(ref, credential, environment, new JdkHttpClientBuilder().build());
    }
}
