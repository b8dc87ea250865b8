package io.milink.linkmanager.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends events to webhooks without ever holding up the poller: {@link #submit} queues and returns; two background
 * threads post each event (a signed CloudEvent, {@link CloudEventJson}, {@link WebhookSignature}) and retry with
 * exponential backoff and jitter on a connection error, a time-out, 429 or 5xx, waiting at least what
 * {@code Retry-After} asks; any other answer is final. The queue is bounded: an event that finds it full is dropped
 * and reported as such. Every outcome goes to the {@link DeliveryListener} (the journal).
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** A webhook: where, and the key its signatures are made with. {@code toString} never shows the key. */
    public record Endpoint(URI url, byte[] key) {
        public Endpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(key, "key");
        }

        /** The address without user info and query, which may carry a token: what messages and the journal show. */
        public String shown() {
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getRawPath() == null ? "" : url.getRawPath());
        }

        @Override
        public String toString() {
            return "Endpoint[" + shown() + "]";
        }
    }

    /**
     * @param attempts     tries in all, the first included
     * @param initialDelay the wait before the second try; it doubles before each further one, up to {@code maxDelay}
     * @param timeout      how long one try may take, connection included
     */
    public record Retry(int attempts, Duration initialDelay, Duration maxDelay, Duration timeout) {
        public static final Retry DEFAULTS = new Retry(8, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(10));

        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
            }
            Objects.requireNonNull(initialDelay, "initialDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** The wait after try {@code attempt} (1-based): doubling, capped, half of it random ("equal jitter"). */
        Duration backoff(int attempt) {
            long base = initialDelay.toMillis() << Math.min(attempt - 1, 30);
            long capped = Math.max(0, Math.min(base, maxDelay.toMillis()));
            long half = capped / 2;
            return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
        }
    }

    /** What became of each delivery. Called on the dispatcher's threads: it may block (a journal write). */
    public interface DeliveryListener {
        void delivered(LinkEvent event, Endpoint endpoint, int attempts, int status);

        /** @param status the last answer's, or null when there was none (connection error, time-out) */
        void failed(LinkEvent event, Endpoint endpoint, int attempts, Integer status, String error);

        void dropped(LinkEvent event, Endpoint endpoint, String why);
    }

    /** The longest {@code Retry-After} honoured; a longer one is treated as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final List<Endpoint> endpoints;
    private final Retry retry;
    private final DeliveryListener listener;
    private final HttpClient http;
    private final Clock clock;
    private final int capacity;
    /** Deliveries without an outcome yet; removing one is what reports it, so each is reported once. */
    private final java.util.Set<Delivery> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();

    /** One event to one webhook; identity, not value, tells two apart. */
    private static final class Delivery {
        private final LinkEvent event;
        private final Endpoint endpoint;
        private final byte[] body;
        /** Set by the one caller that reports the outcome: a stop and a finishing attempt may race. */
        private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

        Delivery(LinkEvent event, Endpoint endpoint, byte[] body) {
            this.event = event;
            this.endpoint = endpoint;
            this.body = body;
        }

        LinkEvent event() {
            return event;
        }

        Endpoint endpoint() {
            return endpoint;
        }

        byte[] body() {
            return body;
        }
    }
    private final ScheduledThreadPoolExecutor executor;

    /** @param capacity deliveries in flight or waiting to retry at most; more are dropped */
    public WebhookDispatcher(List<Endpoint> endpoints, Retry retry, DeliveryListener listener, HttpClient http,
                             Clock clock, int capacity) {
        this.endpoints = List.copyOf(endpoints);
        this.retry = Objects.requireNonNull(retry, "retry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "milink-webhooks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** A client for webhooks: HTTP/1.1 and 2, no redirects (a 3xx is an answer, not followed). */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Queues {@code event} for every webhook and returns at once. */
    public void submit(LinkEvent event) {
        byte[] body = CloudEventJson.body(event);
        for (Endpoint endpoint : endpoints) {
            if (waiting.size() >= capacity) {
                listener.dropped(event, endpoint, "the webhook queue is full (" + capacity + " deliveries waiting)");
                continue;
            }
            Delivery d = new Delivery(event, endpoint, body);
            waiting.add(d);
            try {
                executor.execute(() -> attempt(d, 1));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                settle(d, () -> listener.dropped(event, endpoint, "the monitor is stopping"));
            }
        }
    }

    private void attempt(Delivery d, int attempt) {
        LinkEvent event = d.event();
        Endpoint endpoint = d.endpoint();
        Integer status = null;
        String error;
        Duration retryAfter = null;
        try {
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(endpoint.url()).timeout(retry.timeout())
                    .header("Content-Type", CloudEventJson.CONTENT_TYPE)
                    .header(WebhookSignature.ID, event.id())
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(endpoint.key(), event.id(), timestamp,
                            d.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body())).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            int answered = status;
            if (status >= 200 && status < 300) {
                settle(d, () -> listener.delivered(event, endpoint, attempt, answered));
                return;
            }
            error = "HTTP " + status;
            retryAfter = response.headers().firstValue("Retry-After").map(v -> retryAfter(v, clock.instant()))
                    .orElse(null);
            if (status != 429 && status < 500) {
                String why = error + " (not retried: only 429 and 5xx are)";
                settle(d, () -> listener.failed(event, endpoint, attempt, answered, why));
                return;
            }
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            settle(d, () -> listener.dropped(event, endpoint, "the monitor stopped before it was delivered"));
            return;
        }
        if (attempt >= retry.attempts()) {
            Integer last = status;
            String why = error + " (gave up after " + attempt + " tries)";
            settle(d, () -> listener.failed(event, endpoint, attempt, last, why));
            return;
        }
        Duration wait = retry.backoff(attempt);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        try {
            executor.schedule(() -> attempt(d, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            String why = "the monitor stopped before it was delivered (" + error + ")";
            settle(d, () -> listener.dropped(event, endpoint, why));
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3); null when it is neither. */
    static Duration retryAfter(String value, Instant now) {
        String v = value.trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /**
     * Reports {@code d}'s outcome once (the first caller wins; a stop and a retry may race), then takes it off the
     * waiting set: {@link #awaitIdle} returns only once every outcome has been reported, not merely decided.
     */
    private void settle(Delivery d, Runnable report) {
        if (!d.reported.compareAndSet(false, true)) {
            return;
        }
        try {
            report.run();
        } finally {
            waiting.remove(d);
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until every queued delivery has an outcome, or {@code timeout}; true when none is left. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!waiting.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Deliveries queued, in flight or waiting to retry. */
    public int pending() {
        return waiting.size();
    }

    /**
     * Stops at once: each delivery still waiting is reported dropped. Call {@link #awaitIdle} first to give them a
     * chance.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        for (Delivery d : List.copyOf(waiting)) {
            settle(d, () -> {
                try {
                    listener.dropped(d.event(), d.endpoint(), "the monitor stopped before it was delivered");
                } catch (RuntimeException e) {
                    // Stopping always finishes: a listener that cannot record the drop (its journal already
                    // closed) must not leave the other deliveries unsettled.
                }
            });
        }
    }
}
