package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.sql.SqlServerManager;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline {@link ArmPipeline} builds is the one {@code SqlServerManager} builds for the same sign-in: the same
 * policies in the same order, the same endpoint, and the same headers on the wire.
 */
class ArmPipelineTest {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    private static final TokenCredential TOKEN = request -> Mono.just(new AccessToken("test-token",
            OffsetDateTime.now().plusHours(1)));

    @Test
    void buildsTheManagersPoliciesInTheManagersOrderForEveryCloudAndATwinsEndpoint() {
        for (AzureEnvironment environment : List.of(AzureEnvironment.AZURE, AzureEnvironment.AZURE_CHINA,
                AzureEnvironment.AZURE_US_GOVERNMENT,
                AzureConnections.withResourceManager(AzureEnvironment.AZURE, "https://127.0.0.1:40123"))) {
            RecordingHttpClient http = new RecordingHttpClient();
            SqlServerManager manager = SqlServerManager.configure().withHttpClient(http)
                    .authenticate(TOKEN, new AzureProfile(null, SUBSCRIPTION, environment));
            ArmPipeline pipeline = ArmPipeline.of(TOKEN, environment, SUBSCRIPTION, http);

            assertThat(policyClasses(pipeline.pipeline())).isEqualTo(policyClasses(manager.httpPipeline()));
            assertThat(pipeline.pipeline().getHttpClient()).isSameAs(manager.httpPipeline().getHttpClient());
            assertThat(pipeline.endpoint()).isEqualTo(manager.serviceClient().getEndpoint())
                    .isEqualTo(environment.getResourceManagerEndpoint());
        }
    }

    @Test
    void sendsTheHeadersTheManagersPipelineSends() {
        AzureEnvironment environment = AzureConnections.withResourceManager(AzureEnvironment.AZURE,
                "https://127.0.0.1:40123");
        RecordingHttpClient http = new RecordingHttpClient();
        SqlServerManager manager = SqlServerManager.configure().withHttpClient(http)
                .authenticate(TOKEN, new AzureProfile(null, SUBSCRIPTION, environment));
        ArmPipeline pipeline = ArmPipeline.of(TOKEN, environment, SUBSCRIPTION, http);
        String url = environment.getResourceManagerEndpoint() + "subscriptions/" + SUBSCRIPTION
                + "?api-version=2025-01-01";

        manager.httpPipeline().send(new HttpRequest(HttpMethod.GET, url)).block();
        pipeline.pipeline().send(new HttpRequest(HttpMethod.GET, url)).block();

        assertThat(http.requests).hasSize(2);
        Map<String, String> viaManager = comparableHeaders(http.requests.get(0));
        Map<String, String> viaPipeline = comparableHeaders(http.requests.get(1));
        assertThat(viaPipeline).isEqualTo(viaManager).containsEntry("authorization", "Bearer test-token")
                .containsKeys("user-agent", "x-ms-client-request-id");
        assertThat(http.requests.get(1).getUrl()).isEqualTo(http.requests.get(0).getUrl());
    }

    private static List<String> policyClasses(HttpPipeline pipeline) {
        return IntStream.range(0, pipeline.getPolicyCount())
                .mapToObj(i -> pipeline.getPolicy(i).getClass().getName()).toList();
    }

    /** Every header by name; a request's own id and date are compared by presence only. */
    private static Map<String, String> comparableHeaders(HttpRequest request) {
        Map<String, String> headers = new TreeMap<>();
        request.getHeaders().stream().forEach(h -> {
            String name = h.getName().toLowerCase(java.util.Locale.ROOT);
            boolean perRequest = name.equals("x-ms-client-request-id") || name.equals("date")
                    || name.equals("x-ms-date");
            headers.put(name, perRequest ? "(set)" : h.getValue());
        });
        return headers;
    }

    /** Answers every request with an empty 200 and keeps the request as the pipeline sent it. */
    private static final class RecordingHttpClient implements HttpClient {
        final List<HttpRequest> requests = new ArrayList<>();

        @Override
        public Mono<HttpResponse> send(HttpRequest request) {
            requests.add(request);
            return Mono.just(new HttpResponse(request) {
                @Override
                public int getStatusCode() {
                    return 200;
                }

                @Override
                @Deprecated
                public String getHeaderValue(String name) {
                    return null;
                }

                @Override
                public HttpHeaders getHeaders() {
                    return new HttpHeaders();
                }

                @Override
                public Flux<ByteBuffer> getBody() {
                    return Flux.just(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
                }

                @Override
                public Mono<byte[]> getBodyAsByteArray() {
                    return Mono.just("{}".getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public Mono<String> getBodyAsString() {
                    return Mono.just("{}");
                }

                @Override
                public Mono<String> getBodyAsString(Charset charset) {
                    return Mono.just("{}");
                }
            });
        }
    }
}
