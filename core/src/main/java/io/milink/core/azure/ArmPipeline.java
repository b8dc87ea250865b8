package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;

import java.util.ArrayList;
import java.util.Objects;

/**
 * The Azure SDK's Resource Manager pipeline and endpoint for one subscription: exactly what
 * {@code SqlServerManager.configure().withHttpClient(httpClient).authenticate(credential, profile)} builds (its
 * authentication for the profile's cloud, retries honouring Retry-After, user agent, request ids, provider
 * registration; logging off), without the manager itself. {@link ArmCalls} needs only the pipeline and the endpoint,
 * and a manager also builds the SQL and Storage management clients with a generated REST proxy for each of their
 * hundred-odd operation groups: a quarter of a second of CPU, the largest piece of the Azure SDK's share of a
 * rehearsal's start-up (bench/README.md, StartupBench), for clients nothing calls.
 *
 * @param endpoint the cloud's Resource Manager endpoint, as the manager's service client names it
 */
record ArmPipeline(HttpPipeline pipeline, String endpoint) {

    ArmPipeline {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * The arguments are those the manager's configurable passes when nothing is configured on it but the HTTP
     * client: no extra scopes, policies, retry policy or configuration, and HTTP logging at NONE.
     */
    static ArmPipeline of(TokenCredential credential, AzureEnvironment environment, String subscriptionId,
                          HttpClient httpClient) {
        Objects.requireNonNull(credential, "credential");
        AzureProfile profile = new AzureProfile(null, subscriptionId, environment);
        HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile, null,
                new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE), null, null, new ArrayList<>(),
                httpClient);
        return new ArmPipeline(pipeline, profile.getEnvironment().getResourceManagerEndpoint());
    }
}
