package io.milink.core.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.spec.SecretSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where Azure Resource Manager is and how milink trusts its certificate: the cloud's own endpoint and the JDK's trust
 * anchors unless told otherwise, for a private or sovereign cloud (Azure Stack Hub), a TLS-inspecting proxy, or the
 * ARM twin. The token audience follows the endpoint: Azure's own clouds take tokens for their management audience,
 * an endpoint of its own usually for itself.
 *
 * @param url                the Resource Manager endpoint (https); null: the cloud's own
 * @param audience           the audience tokens are requested for; null: {@code url} when it is given, else the cloud's
 * @param trustStore         a PEM file of CA or server certificates, or a PKCS#12 file (.p12, .pfx); null: the JDK's
 *                           default trust anchors
 * @param trustStorePassword a PKCS#12 trust store's password, by reference; null: none
 */
public record ResourceManagerEndpoint(URI url, String audience, Path trustStore, SecretSource trustStorePassword) {

    /** Azure's own endpoint for the chosen cloud, trusted as the JDK trusts it. */
    public static final ResourceManagerEndpoint CLOUD = new ResourceManagerEndpoint(null, null, null, null);

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** @throws IllegalArgumentException with a one-line message when the settings do not fit together */
    public ResourceManagerEndpoint {
        if (url != null) {
            checkUrl(url);
        }
        audience = audience == null || audience.isBlank() ? null : audience.trim();
        if (audience != null && url == null) {
            throw new IllegalArgumentException("a Resource Manager audience needs the Resource Manager endpoint it "
                    + "belongs to (Azure's own clouds have theirs built in)");
        }
        if (trustStorePassword != null && trustStore == null) {
            throw new IllegalArgumentException("a trust store password needs a trust store");
        }
    }

    /**
     * @param text the endpoint as a user writes it, e.g. {@code https://management.contoso.local/}
     * @throws IllegalArgumentException saying what a usable endpoint looks like
     */
    public static URI parseUrl(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            URI url = new URI(trimmed);
            checkUrl(url);
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a URL; give the Resource Manager endpoint "
                    + "as https://HOST[:PORT]/", e);
        }
    }

    private static void checkUrl(URI url) {
        if (!url.isAbsolute() || url.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not a URL with a host; give the Resource Manager "
                    + "endpoint as https://HOST[:PORT]/");
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            // azure-core's bearer token policy refuses to send a token over anything else.
            throw new IllegalArgumentException("the Resource Manager endpoint " + url + " must use https: Azure "
                    + "sign-in tokens are only ever sent over TLS");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("the Resource Manager endpoint " + url + " must be https://HOST[:PORT]"
                    + "[/PATH], without user name, query or fragment");
        }
    }

    /** True when every call goes to this machine: the host is localhost, 127.0.0.0/8 or ::1. */
    public boolean loopback() {
        return url != null && isLoopbackHost(url.getHost());
    }

    /**
     * Whether {@code url} names this machine: {@code localhost}, or an address literal in 127.0.0.0/8 or {@code ::1}.
     * Other names are never resolved: what a DNS name points to can change after this check.
     */
    public static boolean isLoopbackUrl(String url) {
        try {
            URI parsed = new URI(url);
            return parsed.getHost() != null && isLoopbackHost(parsed.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isLoopbackHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        boolean ipv6 = name.startsWith("[") && name.endsWith("]");
        if (!ipv6 && !IPV4_LITERAL.matcher(name).matches()) {
            return false;
        }
        try {
            // An address literal: InetAddress parses it without any lookup.
            return InetAddress.getByName(ipv6 ? name.substring(1, name.length() - 1) : name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * {@code cloud} with this endpoint and its audience in place of the cloud's. The Azure SDK sends every call to
     * {@code resourceManagerEndpointUrl} and asks for tokens for {@code managementEndpointUrl + "/.default"}.
     */
    public AzureEnvironment applyTo(AzureEnvironment cloud) {
        if (url == null) {
            return cloud;
        }
        String endpoint = url.toString().endsWith("/") ? url.toString() : url + "/";
        Map<String, String> endpoints = new HashMap<>(cloud.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", endpoint);
        endpoints.put("managementEndpointUrl", audience != null ? audience : endpoint);
        return new AzureEnvironment(endpoints);
    }

    /**
     * The azure-core HTTP client for this endpoint: the JDK's trust, or exactly the trust store's certificates.
     *
     * @param variables where the trust store password's variable is looked up
     * @throws IllegalArgumentException when the trust store cannot be read, naming the file and what to give
     */
    public HttpClient httpClient(Map<String, String> variables) {
        return trustStore == null ? new JdkHttpClientBuilder().build()
                : AzureConnections.httpClientTrusting(TrustStores.load(trustStore, trustStorePassword, variables));
    }

    /** For messages: where Resource Manager is and what it is trusted with; never a password. */
    public String describe() {
        StringBuilder text = new StringBuilder(url == null ? "the cloud's Resource Manager" : url.toString());
        if (audience != null) {
            text.append(", audience ").append(audience);
        }
        if (trustStore != null) {
            text.append(", trusting ").append(trustStore);
        }
        return text.toString();
    }
}
