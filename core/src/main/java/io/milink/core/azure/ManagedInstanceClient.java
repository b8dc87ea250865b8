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
                p.hasNonNull("storageSizeInGB") ? p.get("storageSizeInGB").asInt() : null);
    }

    /** The names of the databases already on the instance. */
    public List<String> databaseNames() throws ArmCallException {
        List<String> names = new ArrayList<>();
        for (JsonNode database : get("/databases").path("value")) {
            names.add(database.path("name").asText());
        }
        return names;
    }

    /** The public blob of the instance's DATABASE_MIRRORING endpoint certificate (hex, as ARM gives it). */
    public String endpointCertificateBlob() throws ArmCallException {
        return text(get("/endpointCertificates/DATABASE_MIRRORING").path("properties"), "publicBlob");
    }

    private JsonNode get(String subPath) throws ArmCallException {
        String url = endpoint + ref.resourceId() + subPath + "?api-version=" + API_VERSION;
        HttpRequest request = new HttpRequest(HttpMethod.GET, url).setHeader(HttpHeaderName.ACCEPT,
                "application/json");
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            JsonNode body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (response.getStatusCode() / 100 != 2) {
                JsonNode error = body.path("error");
                throw new ArmCallException(response.getStatusCode(), text(error, "code"),
                        error.hasNonNull("message") ? error.get("message").asText()
                                : "HTTP " + response.getStatusCode() + " from " + subPath, null);
            }
            return body;
        } catch (IOException e) {
            throw new ArmCallException(0, null, "unreadable answer from Azure Resource Manager: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Authentication, TLS and connection failures surface from the pipeline as unchecked exceptions.
            throw new ArmCallException(0, null, e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
