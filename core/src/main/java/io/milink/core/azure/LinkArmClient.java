package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.sql.SqlServerManager;

import java.time.Duration;

/**
 * The link's write side in Azure: a managed instance's server trust certificates and links, at api-version
 * 2025-01-01, on the pipeline {@link SqlServerManager} builds (authentication for the profile's cloud, retries
 * honouring Retry-After, user agent). The SDK's own models speak 2021-11-01 and have no failover (arm-api.md §7.1),
 * so the models here are milink's. Blocking: call from a worker thread, never an event loop.
 */
public final class LinkArmClient {

    /** Used when ARM sends no Retry-After; ARM's own operations usually ask for 10-30 s. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    /** Link creation is quick in ARM (seeding happens afterwards); an hour covers a busy instance. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(1);

    private final ServerTrustCertificates trustCertificates;
    private final DistributedAvailabilityGroups links;
    private final ManagedInstanceRef ref;
    private final ArmCalls calls;

    private LinkArmClient(ArmCalls arm) {
        this.calls = arm;
        this.ref = arm.ref();
        this.trustCertificates = new ServerTrustCertificates(arm);
        this.links = new DistributedAvailabilityGroups(arm);
    }

    public static LinkArmClient connect(ManagedInstanceRef ref, TokenCredential credential,
                                        AzureEnvironment environment, HttpClient httpClient) {
        return connect(ref, credential, environment, httpClient, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_WAIT);
    }

    /**
     * @param environment  the cloud ({@code AzureEnvironment.AZURE}, a sovereign cloud, or a twin's endpoints)
     * @param httpClient   the azure-core HTTP client (JDK HttpClient based) with the trust the endpoint needs
     * @param pollInterval how often to poll an operation when ARM gives no Retry-After
     * @param maxWait      how long to wait for one operation before giving up waiting (it continues in Azure)
     */
    public static LinkArmClient connect(ManagedInstanceRef ref, TokenCredential credential,
                                        AzureEnvironment environment, HttpClient httpClient, Duration pollInterval,
                                        Duration maxWait) {
        SqlServerManager manager = SqlServerManager.configure().withHttpClient(httpClient)
                .authenticate(credential, new AzureProfile(null, ref.subscriptionId(), environment));
        return new LinkArmClient(new ArmCalls(manager.httpPipeline(), manager.serviceClient().getEndpoint(), ref,
                pollInterval, maxWait));
    }

    public ManagedInstanceRef ref() {
        return ref;
    }

    public ServerTrustCertificates trustCertificates() {
        return trustCertificates;
    }

    public DistributedAvailabilityGroups links() {
        return links;
    }

    /**
     * Waits for an operation Azure accepted earlier (recorded by an {@link AcceptedOperation.Listener}) to end,
     * without sending the request again.
     *
     * @throws ArmOperationFailedException when it ended Failed or Canceled
     */
    public void awaitOperation(AcceptedOperation operation) throws ArmCallException {
        calls.awaitOperation(operation);
    }
}
