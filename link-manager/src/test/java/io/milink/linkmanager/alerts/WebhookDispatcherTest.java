package io.milink.linkmanager.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Delivery to a real HTTP receiver: signed CloudEvents, retries on 5xx and 429 only, Retry-After, a bounded queue. */
class WebhookDispatcherTest {

    private static final byte[] KEY = WebhookSignature.key("whsec_" + java.util.Base64.getEncoder()
            .encodeToString("a-test-secret-of-32-bytes-length".getBytes(StandardCharsets.UTF_8)));
    private static final WebhookDispatcher.Retry FAST = new WebhookDispatcher.Retry(4, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5));

    private static LinkEvent event(String id) {
        return new LinkEvent(id, "link.disconnected", Severity.CRITICAL, "SQL22", "mi-target-01", "DAG_Sales",
                "Sales", "DAG_Sales/Sales", "Sales does not replicate", Instant.parse("2026-12-01T00:00:00Z"),
                "link.disconnected|SQL22|mi-target-01|DAG_Sales/Sales", Instant.parse("2026-12-01T00:00:00Z"), false,
                Map.of("lagSeconds", 60L));
    }

    /** Outcomes as the journal would get them. */
    static final class Outcomes implements WebhookDispatcher.DeliveryListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void delivered(LinkEvent e, WebhookDispatcher.Endpoint endpoint, int attempts, int status) {
            seen.add("delivered " + e.id() + " after " + attempts + " with " + status);
        }

        @Override
        public void failed(LinkEvent e, WebhookDispatcher.Endpoint endpoint, int attempts, Integer status, String error) {
            seen.add("failed " + e.id() + " after " + attempts + ": " + error);
        }

        @Override
        public void dropped(LinkEvent e, WebhookDispatcher.Endpoint endpoint, String why) {
            seen.add("dropped " + e.id() + ": " + why);
        }
    }

    private static WebhookDispatcher dispatcher(URI url, Outcomes outcomes, int capacity) {
        return new WebhookDispatcher(List.of(new WebhookDispatcher.Endpoint(url, KEY)), FAST, outcomes,
                WebhookDispatcher.defaultClient(Duration.ofSeconds(2)), Clock.systemUTC(), capacity);
    }

    @Test
    void aSignedCloudEventIsRetriedAfterA500AndDeliveredOnceWithTheSameId() throws Exception {
        Outcomes outcomes = new Outcomes();
        try (WebhookReceiver receiver = new WebhookReceiver(KEY);
             WebhookDispatcher d = dispatcher(receiver.url(), outcomes, 10)) {
            receiver.answer(new int[] {500});
            d.submit(event("e-1"));
            assertThat(d.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<WebhookReceiver.Received> got = receiver.received();
            assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(500, 200);
            assertThat(got).allSatisfy(r -> {
                assertThat(r.id()).isEqualTo("e-1");
                assertThat(r.signatureValid()).as("HMAC-SHA256 over id.timestamp.body").isTrue();
                assertThat(r.contentType()).isEqualTo("application/cloudevents+json");
            });
            JsonNode ce = new ObjectMapper().readTree(got.get(1).body());
            assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
            assertThat(ce.path("id").asText()).isEqualTo("e-1");
            assertThat(ce.path("type").asText()).isEqualTo("io.milink.link.disconnected");
            assertThat(ce.path("source").asText()).isEqualTo("/sqlServers/SQL22/managedInstances/mi-target-01");
            assertThat(ce.path("subject").asText()).isEqualTo("DAG_Sales/Sales");
            assertThat(ce.path("time").asText()).isEqualTo("2026-12-01T00:00:00Z");
            assertThat(ce.path("data").path("severity").asText()).isEqualTo("critical");
            assertThat(ce.path("data").path("facts").path("lagSeconds").asLong()).isEqualTo(60);
            assertThat(outcomes.seen).containsExactly("delivered e-1 after 2 with 200");
        }
    }

    @Test
    void aSignatureMadeWithAnotherSecretDoesNotVerify() throws Exception {
        Outcomes outcomes = new Outcomes();
        try (WebhookReceiver receiver = new WebhookReceiver("another secret".getBytes(StandardCharsets.UTF_8));
             WebhookDispatcher d = dispatcher(receiver.url(), outcomes, 10)) {
            d.submit(event("e-2"));
            assertThat(d.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signatureValid()).isFalse());
        }
    }

    @Test
    void a4xxOtherThan429IsFinalAndRecordedAsFailed() throws Exception {
        Outcomes outcomes = new Outcomes();
        try (WebhookReceiver receiver = new WebhookReceiver(KEY);
             WebhookDispatcher d = dispatcher(receiver.url(), outcomes, 10)) {
            receiver.answer(new int[] {400});
            d.submit(event("e-3"));
            assertThat(d.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(receiver.received()).hasSize(1);
            assertThat(outcomes.seen).singleElement().asString().startsWith("failed e-3 after 1: HTTP 400")
                    .contains("not retried");
        }
    }

    @Test
    void a429WaitsAtLeastItsRetryAfterAndTheLastFailureIsRecordedWhenTriesRunOut() throws Exception {
        Outcomes outcomes = new Outcomes();
        try (WebhookReceiver receiver = new WebhookReceiver(KEY);
             WebhookDispatcher d = dispatcher(receiver.url(), outcomes, 10)) {
            receiver.answer(new int[] {429, 1}, new int[] {503}, new int[] {503}, new int[] {503});
            d.submit(event("e-4"));
            assertThat(d.awaitIdle(Duration.ofSeconds(30))).isTrue();
            List<WebhookReceiver.Received> got = receiver.received();
            assertThat(got).extracting(WebhookReceiver.Received::answered).containsExactly(429, 503, 503, 503);
            assertThat(got.get(1).timestamp() - got.get(0).timestamp()).as("Retry-After: 1 second honoured")
                    .isGreaterThanOrEqualTo(1);
            assertThat(outcomes.seen).singleElement().asString().startsWith("failed e-4 after 4: HTTP 503")
                    .contains("gave up");
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerIsRetriedAsAConnectionError() throws Exception {
        Outcomes outcomes = new Outcomes();
        URI closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/hook");
        }
        try (WebhookDispatcher d = dispatcher(closed, outcomes, 10)) {
            d.submit(event("e-5"));
            assertThat(d.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(outcomes.seen).singleElement().asString().startsWith("failed e-5 after 4: ")
                    .contains("ConnectException");
        }
    }

    @Test
    void aFullQueueDropsTheEventAndSaysSoWithoutBlocking() throws Exception {
        Outcomes outcomes = new Outcomes();
        try (WebhookReceiver receiver = new WebhookReceiver(KEY);
             WebhookDispatcher d = dispatcher(receiver.url(), outcomes, 1)) {
            receiver.answer(new int[] {503}, new int[] {503});
            d.submit(event("e-6"));
            d.submit(event("e-7"));
            assertThat(d.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(outcomes.seen).contains("dropped e-7: the webhook queue is full (1 deliveries waiting)",
                    "delivered e-6 after 3 with 200");
        }
    }

    @Test
    void retryAfterReadsSecondsAndHttpDatesAndIsCapped() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(WebhookDispatcher.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WebhookDispatcher.retryAfter("Tue, 01 Dec 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WebhookDispatcher.retryAfter("999999", now)).isEqualTo(WebhookDispatcher.MAX_RETRY_AFTER);
        assertThat(WebhookDispatcher.retryAfter("soon", now)).isNull();
    }
}
