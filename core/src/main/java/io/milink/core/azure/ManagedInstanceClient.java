package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a managed instance through Azure Resource Manager, with {@link ArmCalls} on the Azure SDK's own HTTP pipeline
 * (its authentication, retries honouring Retry-After, user agent, ARM error mapping, paging); the calls name
 * api-version 2025-01-01 because the SDK's generated models (2021-11-01) drop newer fields such as the update policy
 * (issue 6; shared/reference/arm-api.md). Blocking: call it from a worker thread, never an event loop.
 */
public final class ManagedInstanceClient {

    static final String API_VERSION = ArmCalls.API_VERSION;
    /** Microsoft.Authorization's permissions list (Permissions_ListForResource). */
    static final String AUTHORIZATION_API_VERSION = "2022-04-01";
    /** Azure Monitor metrics (Metrics_List). */
    static final String METRICS_API_VERSION = "2023-10-01";

    private final ArmCalls arm;
    private final ManagedInstanceRef ref;

    private ManagedInstanceClient(ArmCalls arm) {
        this.arm = arm;
        this.ref = arm.ref();
    }

    /**
     * @param credential  how to authenticate (DefaultAzureCredential for real use)
     * @param environment the cloud: {@code AzureEnvironment.AZURE}, a sovereign cloud, or a twin's endpoint
     * @param httpClient  the azure-core HTTP client (JDK HttpClient based), with the trust the endpoint needs
     */
    public static ManagedInstanceClient connect(ManagedInstanceRef ref, TokenCredential credential,
                                                AzureEnvironment environment, HttpClient httpClient) {
        ArmPipeline arm = ArmPipeline.of(credential, environment, ref.subscriptionId(), httpClient);
        // Only reads: the operation timings are never used.
        return new ManagedInstanceClient(new ArmCalls(arm.pipeline(), arm.endpoint(), ref,
                LinkArmClient.DEFAULT_POLL_INTERVAL, LinkArmClient.DEFAULT_MAX_WAIT));
    }

    public ManagedInstanceRef ref() {
        return ref;
    }

    public ManagedInstanceInfo instance() throws ArmCallException {
        JsonNode body = get("");
        JsonNode p = body.path("properties");
        return new ManagedInstanceInfo(text(p, "state"), text(p, "fullyQualifiedDomainName"), text(p, "collation"),
                text(p, "databaseFormat"), text(body.path("sku"), "tier"),
                p.hasNonNull("vCores") ? p.get("vCores").asInt() : null,
                p.hasNonNull("storageSizeInGB") ? p.get("storageSizeInGB").asInt() : null,
                text(body, "location"),
                p.hasNonNull("isGeneralPurposeV2") ? p.get("isGeneralPurposeV2").asBoolean() : null);
    }

    /** The names of the databases already on the instance, every page of the list. */
    public List<String> databaseNames() throws ArmCallException {
        List<String> names = new ArrayList<>();
        for (JsonNode database : list("/databases", API_VERSION)) {
            names.add(database.path("name").asText());
        }
        return names;
    }

    /** The public blob of the instance's DATABASE_MIRRORING endpoint certificate (hex, as ARM gives it). */
    public String endpointCertificateBlob() throws ArmCallException {
        return text(get("/endpointCertificates/DATABASE_MIRRORING").path("properties"), "publicBlob");
    }

    /**
     * Storage in use, in MB: the instance GET does not carry it, Azure Monitor's {@code storage_space_used_mb}
     * metric does (the figure the portal shows). The newest data point's average; null when there is none.
     */
    public Double usedStorageMb() throws ArmCallException {
        String metrics = "/providers/Microsoft.Insights/metrics";
        JsonNode body = arm.getUrl(arm.instanceUrl(metrics, METRICS_API_VERSION)
                + "&metricnames=storage_space_used_mb&aggregation=Average", "GET " + metrics);
        Double newest = null;
        for (JsonNode metric : body.path("value")) {
            for (JsonNode series : metric.path("timeseries")) {
                for (JsonNode point : series.path("data")) {
                    if (point.hasNonNull("average")) {
                        newest = point.get("average").asDouble();
                    }
                }
            }
        }
        return newest;
    }

    /**
     * The names of the instance failover groups this instance is in, as primary or partner. They are
     * location-scoped resources ({@code Microsoft.Sql/locations/{location}/instanceFailoverGroups}), listed per
     * resource group; a linked instance cannot be in one (mi-link-workflow.md §1.4).
     *
     * @param location the instance's region, from {@link ManagedInstanceInfo#location()}
     */
    public List<String> instanceFailoverGroups(String location) throws ArmCallException {
        String path = "/subscriptions/" + ref.subscriptionId() + "/resourceGroups/" + ref.resourceGroup()
                + "/providers/Microsoft.Sql/locations/" + location + "/instanceFailoverGroups";
        List<String> names = new ArrayList<>();
        for (JsonNode group : arm.listUrl(arm.armUrl(path, API_VERSION), "GET " + path)) {
            for (JsonNode pair : group.path("properties").path("managedInstancePairs")) {
                if (ref.resourceId().equalsIgnoreCase(pair.path("primaryManagedInstanceId").asText())
                        || ref.resourceId().equalsIgnoreCase(pair.path("partnerManagedInstanceId").asText())) {
                    names.add(group.path("name").asText());
                    break;
                }
            }
        }
        return names;
    }

    /** The links (distributed availability groups) already on the instance, in the 2025-01-01 shape. */
    public List<ExistingLink> links() throws ArmCallException {
        List<ExistingLink> links = new ArrayList<>();
        for (JsonNode link : list("/distributedAvailabilityGroups", API_VERSION)) {
            JsonNode p = link.path("properties");
            List<String> databases = new ArrayList<>();
            for (JsonNode db : p.path("databases")) {
                if (db.hasNonNull("databaseName")) {
                    databases.add(db.get("databaseName").asText());
                }
            }
            links.add(new ExistingLink(link.path("name").asText(), text(p, "instanceAvailabilityGroupName"),
                    text(p, "partnerAvailabilityGroupName"), text(p, "instanceLinkRole"), databases));
        }
        return links;
    }

    /** What the signed-in identity may do on the instance (Microsoft.Authorization permissions, per role). */
    public List<PermissionGrant> permissions() throws ArmCallException {
        List<PermissionGrant> grants = new ArrayList<>();
        for (JsonNode entry : list("/providers/Microsoft.Authorization/permissions",
                AUTHORIZATION_API_VERSION)) {
            grants.add(new PermissionGrant(strings(entry.path("actions")), strings(entry.path("notActions"))));
        }
        return grants;
    }

    private JsonNode get(String subPath) throws ArmCallException {
        return arm.getUrl(arm.instanceUrl(subPath, API_VERSION), subPath.isEmpty() ? "GET the managed instance"
                : "GET " + subPath);
    }

    private List<JsonNode> list(String subPath, String apiVersion) throws ArmCallException {
        return arm.listUrl(arm.instanceUrl(subPath, apiVersion), "GET " + subPath);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        return ArmCalls.text(node, field);
    }
}
