package io.milink.core.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.sql.SqlServerManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a managed instance through Azure Resource Manager. Built on the Azure SDK's own HTTP pipeline (its
 * authentication, retries honouring Retry-After, user agent), so no HTTP or auth is hand-rolled; the calls name
 * api-version 2025-01-01 because the SDK's generated models (2021-11-01) drop newer fields such as the update policy
 * (issue 6; shared/reference/arm-api.md). Blocking: call it from a worker thread, never an event loop.
 */
public final class ManagedInstanceClient {

    static final String API_VERSION = "2025-01-01";
    /** Microsoft.Authorization's permissions list (Permissions_ListForResource). */
    static final String AUTHORIZATION_API_VERSION = "2022-04-01";
    /** Azure Monitor metrics (Metrics_List). */
    static final String METRICS_API_VERSION = "2023-10-01";
    /** ARM pages hold up to a few hundred items; no instance has more than 500 databases (mi-link-workflow.md §8). */
    private static final int MAX_PAGES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPipeline pipeline;
    private final String endpoint;
    private final ManagedInstanceRef ref;

    private ManagedInstanceClient(HttpPipeline pipeline, String endpoint, ManagedInstanceRef ref) {
        this.pipeline = pipeline;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.ref = ref;
    }

    /**
     * @param credential  how to authenticate (DefaultAzureCredential for real use)
     * @param environment the cloud: {@code AzureEnvironment.AZURE}, a sovereign cloud, or a twin's endpoint
     * @param httpClient  the azure-core HTTP client (JDK HttpClient based), with the trust the endpoint needs
     */
    public static ManagedInstanceClient connect(ManagedInstanceRef ref, TokenCredential credential,
                                                AzureEnvironment environment, HttpClient httpClient) {
        SqlServerManager manager = SqlServerManager.configure().withHttpClient(httpClient)
                .authenticate(credential, new AzureProfile(null, ref.subscriptionId(), environment));
        return new ManagedInstanceClient(manager.httpPipeline(), manager.serviceClient().getEndpoint(), ref);
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
        for (JsonNode database : list(url("/databases", API_VERSION))) {
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
        JsonNode body = send(url("/providers/Microsoft.Insights/metrics", METRICS_API_VERSION)
                + "&metricnames=storage_space_used_mb&aggregation=Average", "metrics");
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
        String url = endpoint + "/subscriptions/" + ref.subscriptionId() + "/resourceGroups/" + ref.resourceGroup()
                + "/providers/Microsoft.Sql/locations/" + location + "/instanceFailoverGroups?api-version="
                + API_VERSION;
        List<String> names = new ArrayList<>();
        for (JsonNode group : list(url)) {
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
        for (JsonNode link : list(url("/distributedAvailabilityGroups", API_VERSION))) {
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
        for (JsonNode entry : list(url("/providers/Microsoft.Authorization/permissions",
                AUTHORIZATION_API_VERSION))) {
            grants.add(new PermissionGrant(strings(entry.path("actions")), strings(entry.path("notActions"))));
        }
        return grants;
    }

    private String url(String subPath, String apiVersion) {
        return endpoint + ref.resourceId() + subPath + "?api-version=" + apiVersion;
    }

    private JsonNode get(String subPath) throws ArmCallException {
        return send(url(subPath, API_VERSION), subPath.isEmpty() ? "the instance" : subPath);
    }

    /**
     * Every item of an ARM list: lists are pageable, each page naming the next in an absolute {@code nextLink}
     * (arm-api.md §2). The bound stops a server that links a page to itself from looping forever.
     */
    private List<JsonNode> list(String firstPage) throws ArmCallException {
        List<JsonNode> items = new ArrayList<>();
        String next = firstPage;
        for (int page = 0; next != null && !next.isBlank(); page++) {
            if (page == MAX_PAGES) {
                throw new ArmCallException(0, null, "Azure Resource Manager returned more than " + MAX_PAGES
                        + " pages for " + firstPage, null);
            }
            JsonNode body = send(next, firstPage);
            body.path("value").forEach(items::add);
            next = text(body, "nextLink");
        }
        return items;
    }

    private JsonNode send(String url, String what) throws ArmCallException {
        HttpRequest request = new HttpRequest(HttpMethod.GET, url).setHeader(HttpHeaderName.ACCEPT,
                "application/json");
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            JsonNode body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (response.getStatusCode() / 100 != 2) {
                JsonNode error = body.path("error");
                throw new ArmCallException(response.getStatusCode(), text(error, "code"),
                        error.hasNonNull("message") ? error.get("message").asText()
                                : "HTTP " + response.getStatusCode() + " from " + what, null);
            }
            return body;
        } catch (IOException e) {
            throw new ArmCallException(0, null, "unreadable answer from Azure Resource Manager: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Authentication, TLS and connection failures surface from the pipeline as unchecked exceptions.
            throw new ArmCallException(0, null, e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
