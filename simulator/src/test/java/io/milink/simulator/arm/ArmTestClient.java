package io.milink.simulator.arm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real HTTPS client for the twin (JDK HttpClient, trusting exactly the twin's certificate; verification stays
 * on). Every response it receives is checked by {@link ResponseContract} before the test sees it, so no test can
 * accept a body that drifts from the 2025-01-01 contracts.
 */
final class ArmTestClient {

    static final String API_VERSION = "2025-01-01";
    static final String TOKEN = "Bearer test-token-not-a-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResponseContract CONTRACT = new ResponseContract(new OpenApiContracts());

    /** A response as the test sees it; {@code body} is null when the response had none. */
    record Response(int status, Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }
    }

    private final ArmTwin twin;
    private final HttpClient http;
    private final List<String> validated = new ArrayList<>();

    ArmTestClient(ArmTwin twin) {
        this.twin = twin;
        this.http = HttpClient.newBuilder().sslContext(trusting(twin.tlsCertificatePem()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static SSLContext trusting(String pem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("arm-twin", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <instance id><suffix>?api-version=2025-01-01} */
    String mi(String suffix) {
        return twin.resourceId() + suffix + "?api-version=" + API_VERSION;
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, TOKEN);
    }

    Response put(String pathAndQuery, String body) {
        return send("PUT", pathAndQuery, body, TOKEN);
    }

    Response patch(String pathAndQuery, String body) {
        return send("PATCH", pathAndQuery, body, TOKEN);
    }

    Response post(String pathAndQuery, String body) {
        return send("POST", pathAndQuery, body, TOKEN);
    }

    Response delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null, TOKEN);
    }

    /** An absolute URL the twin handed out (Location, Azure-AsyncOperation). */
    Response getUrl(String url) {
        if (!url.startsWith(twin.baseUrl() + "/")) {
            throw new AssertionError("the twin handed out a URL outside itself: " + url);
        }
        return get(url.substring(twin.baseUrl().length()));
    }

    /** Polls a Location URL until it stops answering 202; the last response. */
    Response pollLocation(String url) {
        for (int i = 0; i < 20; i++) {
            Response r = getUrl(url);
            if (r.status() != 202) {
                return r;
            }
            url = Optional.ofNullable(r.header("Location")).orElse(url);
        }
        throw new AssertionError("operation still running after 20 polls: " + url);
    }

    /** Polls an Azure-AsyncOperation URL until its status is terminal; the last status body. */
    JsonNode pollAsyncOperation(String url) {
        for (int i = 0; i < 20; i++) {
            Response r = getUrl(url);
            String status = r.body().path("status").asText();
            if (!status.equals("InProgress")) {
                return r.body();
            }
        }
        throw new AssertionError("operation still running after 20 polls: " + url);
    }

    /** @param authorization the Authorization header, or null to send none */
    Response send(String method, String pathAndQuery, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(twin.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new TreeMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            Response r = new Response(response.statusCode(), headers, json);
            String path = URI.create(twin.baseUrl() + pathAndQuery).getPath();
            validated.add(CONTRACT.check(method, path, r));
            return r;
        } catch (IOException e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What each response was checked against, in order (for tests that prove the checking happened). */
    List<String> validatedAgainst() {
        return validated;
    }
}
