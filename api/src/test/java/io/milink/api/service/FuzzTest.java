package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Malformed bodies, headers and request lines, seeded so a failure reproduces: the service may refuse them (4xx, or
 * closing the connection) but must never answer 5xx, which would mean an input reached code that did not expect it.
 * Thousands of each: scenario and LinkSpec bodies mutated or broken against the contract (wrong types, unknown and
 * password fields, deep nesting), and raw request lines and headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {

    private static final long SEED = 20261122L;
    private static final int BODY_REQUESTS = 2_500;
    private static final int RAW_REQUESTS = 2_000;
    private static final int LINK_REQUESTS = 1_500;
    private static final int WINDOW = 50;
    /** A LinkSpec body (with a credential this service does not have, so nothing runs if one comes out valid). */
    private static final String LINK_SPEC = "{\"sqlServer\": {\"host\": \"sql01.fuzz\", \"port\": 1433, "
            + "\"credential\": \"fuzz\", \"encrypt\": \"strict\", \"trustServerCertificate\": false}, "
            + "\"managedInstance\": {\"fqdn\": \"mi.fuzz\", \"subnet\": \"10.0.2.0/27\"}, "
            + "\"databases\": [\"Sales\"]}";
    private static final String[] SQL_SERVER_FIELDS = {"host", "port", "instance", "credential", "encrypt",
        "trustServerCertificate", "hostNameInCertificate", "serverCertificate", "password", "passwordEnv",
        "passwordFile", "user", "login", "authentication", ""};
    private static final String[] JSON_VALUES = {"null", "true", "false", "0", "-1", "65536", "1.5", "1e999",
        "\"\"", "\"  \"", "[]", "{}", "[null]", "\"\\u0000\"", "\"\\ud800\"", "\"strict\"", "\"maybe\"",
        "99999999999999999999", "{\"$ref\": \"#/components/schemas/SqlServer\"}"};
    private static final String TEMPLATE = "{\"scenario\": \"no-such-scenario-fuzz\", \"databases\": [\"Sales\", "
            + "\"Orders\"]}";
    private static final String[] PATHS = {"/v1/preflight", "/v1/preflight/x", "/v1/preflight/x/checklist",
        "/v1/operations/x", "/v1/operations/x/events", "/health/ready", "/v1/", "/", "/v1/links", "/v1/links/x",
        "/v1/links/DAG_Sales/plan", "/v1/links/x/script", "/v1/links/x/failover", "/v1/links/x/failover/check",
        "/v1/links/x/cutover", "/v1/links/x/cutover/check",
        "/v1/links/%2e%2e", "/v1/links/a%00b", "/v1/links/" + "L".repeat(300)};
    /** A link request (with a credential this service does not have, so nothing runs if one comes out valid). */
    private static final String LINK_REQUEST = "{\"name\": \"DAG_Sales\", \"sqlServer\": {\"host\": \"sql01.fuzz\", "
            + "\"credential\": \"fuzz\", \"serverCertificate\": \"/etc/passwd\"}, \"managedInstance\": {\"resourceId\": "
            + "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi\", \"azureCredential\": "
            + "\"fuzz\", \"probeNetwork\": false, \"sql\": {\"credential\": \"fuzz\", \"port\": 1433}}, \"databases\": "
            + "[\"Sales\"], \"accept\": [\"sql.traceFlags\"], \"link\": {\"replicationMode\": \"sync\", "
            + "\"partnerEndpoint\": \"tcp://10.0.1.4:5022\", \"certificateExpiry\": \"2030-12-31\", "
            + "\"masterKeySecret\": \"fuzz\"}}";
    private static final String[] FAILOVERS = {"{\"type\": \"planned\"}", "{\"type\": \"forced\", "
            + "\"allowDataLoss\": true, \"confirm\": \"x\"}", "{\"type\": \"forced\"}", "{\"type\": \"sideways\"}",
        "{\"type\": \"planned\", \"confirm\": 1}", "{}", "[]", "{\"type\": \"planned\", \"to\": \"x\"}"};
    /** Cutover bodies: the typed name right, wrong, missing, of the wrong type, with a field too many. */
    private static final String[] CUTOVERS = {"{\"confirm\": \"x\"}", "{\"confirm\": \"DAG_Sales\"}",
        "{\"confirm\": null}", "{}", "[\"x\"]", "{\"confirm\": 7}", "{\"confirm\": \"x\", \"force\": true}",
        "{\"confirm\": \"" + "x".repeat(200) + "\"}", "{\"confirm\": \"x\u0000\"}"};
    private static final String[] LINK_PATHS = {"/v1/links", "/v1/links/x", "/v1/links/x/plan", "/v1/links/x/script",
        "/v1/links/x/failover", "/v1/links/x/failover/check", "/v1/links/-x", "/v1/links/x%2Fy/failover",
        "/v1/links/x/cutover", "/v1/links/DAG_Sales/cutover", "/v1/links/x/cutover/check", "/v1/links/x%00/cutover"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
        "", "*/*", "application/json; charset=ebcdic"};

    @TempDir
    static Path dir;
    private ServiceHarness harness;
    /** Not final: a test may draw from a sequence of its own (see the event stream's). */
    private Random random = new Random(SEED);

    /** Everything the service logs while fuzzed: no request may make it log an error. */
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    void start() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
        harness = ServiceHarness.start(dir);
    }

    @AfterAll
    void stop() {
        try {
            harness.close();
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        }
    }

    @BeforeEach
    void forgetEarlierLogs() {
        synchronized (log) {
            log.list.clear();
        }
    }

    /**
     * An error raised inside the Vert.x HTTP client this test sends with, not in the service: on a loaded machine a
     * request's timeout can fire as its pooled connection arrives, and Vert.x then fails a promise it already
     * completed ("Promise already completed" from SharedHttpClientConnectionGroup). The service has no HTTP client
     * on these paths, so such a stack trace is never the service's.
     */
    private static boolean inTheTestsOwnClient(ILoggingEvent event) {
        for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            for (var frame : proxy.getStackTraceElementProxyArray()) {
                if (frame.getStackTraceElement().getClassName().startsWith("io.vertx.core.http.impl."
                        + "SharedHttpClientConnectionGroup")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** No ERROR (an unhandled exception in the router, a handler's failure) while this test ran. */
    private void assertNoErrorLogged() {
        List<ILoggingEvent> seen;
        synchronized (log) { // Logback appends under the appender's lock.
            seen = new ArrayList<>(log.list);
        }
        assertThat(seen.stream().filter(e -> e.getLevel() == Level.ERROR).filter(e -> !inTheTestsOwnClient(e))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()
                        + ")")).toList()).as("errors logged, seed " + SEED).isEmpty();
    }

    /**
     * The link routes: link requests mutated against the contract (including a certificate file outside the
     * certificate directory, the instance's SQL endpoint and the link section), failover and cutover bodies, and
     * hostile Idempotency-Key and If-Match headers, on every link path and method (DELETE included). No link is registered, so what gets past validation is a 400 (unknown credential) or a 404.
     */
    @Test
    void malformedLinkRequestsNeverGet5xxNorAnErrorInTheLog() {
        List<Fuzzed> requests = new ArrayList<>();
        List<String> idempotencyKeys = new ArrayList<>();
        List<String> ifMatches = new ArrayList<>();
        for (int i = 0; i < LINK_REQUESTS; i++) {
            String path = pick(LINK_PATHS);
            HttpMethod method = pick(new HttpMethod[] {HttpMethod.POST, HttpMethod.POST, HttpMethod.GET,
                HttpMethod.DELETE, HttpMethod.PUT});
            String body = path.endsWith("/failover") ? (random.nextBoolean() ? pick(FAILOVERS) : mutate(pick(FAILOVERS)))
                    : path.endsWith("/cutover") ? (random.nextBoolean() ? pick(CUTOVERS) : mutate(pick(CUTOVERS)))
                    : random.nextInt(4) == 0 ? LINK_REQUEST.substring(0, random.nextInt(LINK_REQUEST.length()))
                    : mutate(LINK_REQUEST);
            requests.add(new Fuzzed(method, path + (random.nextInt(6) == 0 ? query() : ""), authorization(),
                    pick(CONTENT_TYPES), null, body.getBytes(StandardCharsets.UTF_8)));
            idempotencyKeys.add(random.nextInt(3) == 0 ? printableText(random.nextInt(300)) : null);
            ifMatches.add(random.nextInt(3) == 0 ? (random.nextBoolean() ? "\"" + printableText(32) + "\""
                    : printableText(random.nextInt(40))) : null);
        }
        List<String> serverErrors = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += WINDOW) {
            List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
            for (int i = from; i < Math.min(requests.size(), from + WINDOW); i++) {
                Fuzzed f = requests.get(i);
                HttpRequest<Buffer> request = harness.client.request(f.method(), f.path()).timeout(10_000);
                if (f.authorization() != null) {
                    request.putHeader("Authorization", f.authorization());
                }
                if (!f.contentType().isEmpty()) {
                    request.putHeader("Content-Type", f.contentType());
                }
                if (idempotencyKeys.get(i) != null) {
                    request.putHeader("Idempotency-Key", idempotencyKeys.get(i));
                }
                if (ifMatches.get(i) != null) {
                    request.putHeader("If-Match", ifMatches.get(i));
                }
                sent.add(request.sendBuffer(Buffer.buffer(f.body())));
            }
            Future.join(sent).await();
            for (int i = 0; i < sent.size(); i++) {
                HttpResponse<Buffer> response = sent.get(i).result();
                Fuzzed f = requests.get(from + i);
                if (response == null || response.statusCode() >= 500) {
                    serverErrors.add((response == null ? "no answer (" + sent.get(i).cause() + ")"
                            : response.statusCode() + " " + response.bodyAsString()) + " for " + f.method() + " "
                            + f.path() + " " + new String(f.body(), 0, Math.min(f.body().length, 200),
                            StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
        assertNoErrorLogged();
    }

    /** What one fuzzed request is, generated up front so the seed alone decides the sequence. */
    private record Fuzzed(HttpMethod method, String path, String authorization, String contentType,
                          String lastEventId, byte[] body) {
    }

    @Test
    void malformedBodiesNeverGet5xx() {
        List<Fuzzed> requests = new ArrayList<>();
        for (int i = 0; i < BODY_REQUESTS; i++) {
            byte[] body = body();
            HttpMethod method = i % 5 == 0 ? pick(new HttpMethod[] {HttpMethod.PUT, HttpMethod.PATCH,
                HttpMethod.DELETE, HttpMethod.GET, HttpMethod.OPTIONS}) : HttpMethod.POST;
            String path = i % 4 == 0 ? pick(PATHS) + query() : "/v1/preflight";
            requests.add(new Fuzzed(method, path, authorization(), pick(CONTENT_TYPES),
                    random.nextInt(10) == 0 ? printableText(random.nextInt(80)) : null, body));
        }
        List<String> serverErrors = new ArrayList<>();
        // In windows of concurrent requests: thousands stay within seconds, and concurrency is fuzzed too.
        for (int from = 0; from < requests.size(); from += WINDOW) {
            List<Fuzzed> window = requests.subList(from, Math.min(requests.size(), from + WINDOW));
            List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
            for (Fuzzed f : window) {
                HttpRequest<Buffer> request = harness.client.request(f.method(), f.path()).timeout(10_000);
                if (f.authorization() != null) {
                    request.putHeader("Authorization", f.authorization());
                }
                if (!f.contentType().isEmpty()) {
                    request.putHeader("Content-Type", f.contentType());
                }
                if (f.lastEventId() != null) {
                    request.putHeader("Last-Event-ID", f.lastEventId());
                }
                sent.add(request.sendBuffer(Buffer.buffer(f.body())));
            }
            Future.join(sent).await();
            for (int i = 0; i < window.size(); i++) {
                HttpResponse<Buffer> response = sent.get(i).result();
                Fuzzed f = window.get(i);
                if (response == null || response.statusCode() >= 500) {
                    serverErrors.add((response == null ? "no answer (" + sent.get(i).cause() + ")"
                            : response.statusCode()) + " for " + f.method() + " " + f.path() + " "
                            + new String(f.body(), 0, Math.min(f.body().length, 200), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
        assertNoErrorLogged();
    }

    /**
     * Raw bytes on a socket, since an HTTP client refuses to send most of these. Against a plain-HTTP instance of the
     * same service: HTTP parsing is what is under test, and a TLS handshake per request would only make it slow.
     */
    @Test
    void malformedRequestLinesAndHeadersNeverGet5xx() throws Exception {
        try (MilinkService plain = MilinkService.start(new ServiceConfig(dir.resolve("plain"), "127.0.0.1", 0,
                false))) {
            rawPort = plain.port();
            rawToken = plain.initialOperatorToken().orElseThrow();
            sendRawRequests();
        }
    }

    /**
     * GET /v1/events as raw requests: Last-Event-ID values that are not this stream's ids (negative, past the range
     * of a long, another stream's number, control characters, very long), other methods and paths around it, a
     * missing or wrong token, odd Accept headers and bodies; every stream that is accepted is hung up on as soon as
     * its status line came. Never a 5xx, never an error in the log.
     */
    @Test
    void malformedEventStreamRequestsNeverGet5xxNorAnErrorInTheLog() throws Exception {
        // Its own sequence, drawn from a seed of its own: whichever order the tests run in, this one changes none of
        // the requests the others send.
        Random shared = random;
        random = new Random(SEED + 1);
        try (MilinkService plain = MilinkService.start(new ServiceConfig(dir.resolve("events"), "127.0.0.1", 0,
                false))) {
            rawPort = plain.port();
            rawToken = plain.initialOperatorToken().orElseThrow();
            String[] lastEventIds = {"0.0.", "12.0.", "1.2.3", "-1.0.", "99999999999999999999.0.x",
                "1.99999999999999999999.", "1.1." + "a".repeat(70), "..", "1..", "%00", "1.0.\u0001", "7",
                "1.0.5a1e7c3e-0000-4000-8000-000000000001", " 3.4. ", "1e3.0.", "0x10.0."};
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                StringBuilder r = new StringBuilder(pick(new String[] {"GET", "GET", "GET", "GET", "POST", "DELETE",
                    "HEAD", "OPTIONS", randomText(3)})).append(" /v1/events");
                if (random.nextInt(4) == 0) {
                    r.append(pick(new String[] {"/", "?", "?after=%zz", "/x", "%00", "?" + randomText(10)}));
                }
                r.append(" HTTP/1.1\r\nHost: localhost\r\n");
                switch (random.nextInt(4)) {
                    case 0 -> { }
                    case 1 -> r.append("Authorization: Bearer ").append(randomText(20)).append("\r\n");
                    default -> r.append("Authorization: Bearer ").append(rawToken).append("\r\n");
                }
                if (random.nextBoolean()) {
                    r.append("Last-Event-ID: ").append(random.nextBoolean() ? pick(lastEventIds)
                            : randomText(random.nextInt(200))).append("\r\n");
                }
                if (random.nextInt(3) == 0) {
                    r.append("Accept: ").append(pick(new String[] {"text/event-stream", "application/json", "*/*",
                        randomText(10)})).append("\r\n");
                }
                String body = random.nextInt(5) == 0 ? mutate(LINK_SPEC) : "";
                if (!body.isEmpty()) {
                    r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
                }
                requests.add(r.append("\r\n").append(body).toString());
            }
            List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            int accepted = 0;
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                List<java.util.concurrent.Future<String>> sent = new ArrayList<>();
                for (String request : requests) {
                    sent.add(senders.submit(() -> send(request)));
                }
                for (int i = 0; i < sent.size(); i++) {
                    String statusLine = sent.get(i).get();
                    if (statusLine != null && statusLine.matches("HTTP/1\\.[01] 5\\d\\d.*")) {
                        serverErrors.add(statusLine + " for " + requests.get(i).substring(0,
                                Math.min(160, requests.get(i).length())));
                    } else if (statusLine != null && statusLine.startsWith("HTTP/1.1 200")) {
                        accepted++;
                    }
                }
            } finally {
                senders.shutdownNow();
            }
            assertThat(serverErrors).as("seed " + SEED).isEmpty();
            assertThat(accepted).as("streams accepted (and hung up on)").isGreaterThan(50);
        } finally {
            random = shared;
        }
        // After the stop too: the service's stop ends the streams and the link reads without an error.
        assertNoErrorLogged();
    }

    private int rawPort;
    private String rawToken;

    private void sendRawRequests() throws Exception {
        List<String> requests = new ArrayList<>(List.of(
                "GET /v1/operations/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \u0001\u0002\r\n\r\n",
                "GET /v1/operations/x HTTP/1.1\r\nHost: localhost\r\nAuthorization\r\n\r\n",
                "GET /v1/operations/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + "A".repeat(20_000)
                        + "\r\n\r\n",
                "G\u00e9T / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
                "GET " + "/x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "POST /v1/preflight HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + rawToken
                        + "\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n"
                        + "{".repeat(200_000),
                "\r\n\r\n\r\n",
                "GET /v1/preflight?target=%zz&limit=%00 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + rawToken + "\r\n\r\n",
                "GET /v1/operations/%2e%2e%2f%2e%2e HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + rawToken + "\r\n\r\n"));
        for (int i = 0; i < RAW_REQUESTS; i++) {
            requests.add(randomRequest());
        }
        List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Concurrently: a request the server waits on (an announced body never sent) costs its read timeout.
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String request : requests) {
                sent.add(senders.submit(() -> {
                    String statusLine = send(request);
                    if (statusLine != null && statusLine.matches("HTTP/1\\.[01] 5\\d\\d.*")) {
                        serverErrors.add(statusLine + " for " + request.substring(0, Math.min(120,
                                request.length())));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
        assertNoErrorLogged();
    }

    private byte[] body() {
        return switch (random.nextInt(12)) {
            case 8 -> mutate(LINK_SPEC).getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"sqlServer\": {\"" + pick(SQL_SERVER_FIELDS) + "\": " + pick(JSON_VALUES) + ", \""
                    + pick(SQL_SERVER_FIELDS) + "\": " + pick(JSON_VALUES) + "}" + (random.nextBoolean() ? ""
                    : ", \"scenario\": " + pick(JSON_VALUES)) + "}").getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"sqlServer\": " + pick(JSON_VALUES) + ", \"managedInstance\": " + pick(JSON_VALUES)
                    + ", \"databases\": " + pick(new String[] {"[" + "\"d\",".repeat(random.nextInt(300))
                    + "\"d\"]", pick(JSON_VALUES)}) + "}").getBytes(StandardCharsets.UTF_8);
            case 11 -> ("{\"sqlServer\": " + "{\"host\": ".repeat(random.nextInt(2_000)) + "1"
                    + "}".repeat(random.nextInt(2_000)) + "}").getBytes(StandardCharsets.UTF_8);
            case 0 -> randomBytes(random.nextInt(300));
            case 1 -> mutate(TEMPLATE).getBytes(StandardCharsets.UTF_8);
            case 2 -> TEMPLATE.substring(0, random.nextInt(TEMPLATE.length())).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(random.nextInt(5_000)) + "]".repeat(random.nextInt(5_000)))
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"scenario\": \"" + "\\u0000".repeat(random.nextInt(50)) + "\", \"databases\": "
                    + pick(new String[] {"null", "{}", "[null]", "[[]]", "[\"\"]", "1e999", "\"\\ud800\""}) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"scenario\": " + pick(new String[] {"null", "true", "[]", "{}", "-0", "\"\"", "\"   \"",
                "\"" + "x".repeat(5_000) + "\"", "\"../../../../etc/passwd\"", "\"/\""}) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"scenario\": \"a\", \"scenario\": \"b\", \"" + randomText(8) + "\": 1}")
                    .getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    private String mutate(String text) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !s.isEmpty(); i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, (char) random.nextInt(0x3000));
                default -> s.setCharAt(at, "{}[]\":,\\ 0n".charAt(random.nextInt(11)));
            }
        }
        return s.toString();
    }

    private String authorization() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "Bearer " + printableText(43);
            case 2 -> "Basic " + printableText(10);
            default -> "Bearer " + harness.operatorToken;
        };
    }

    /**
     * A query an HTTP client will send (it refuses raw spaces, braces and such) that is still hostile: percent-
     * encoded junk, and now and then a broken escape such as {@code %zz} or a lone {@code %}.
     */
    private String query() {
        return random.nextBoolean() ? "" : "?format=" + queryText(3) + "&limit=" + (random.nextInt(2000) - 1000)
                + "&target=" + queryText(5);
    }

    private String queryText(int length) {
        String text = java.net.URLEncoder.encode(randomText(length), StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> text + "%zz";
            case 1 -> "%" + text;
            case 2 -> text + "%0";
            default -> text;
        };
    }

    private String randomRequest() {
        String method = pick(new String[] {"GET", "POST", "DELETE", "PUT", "HEAD", "OPTIONS", "TRACE", "CONNECT",
            randomText(4)});
        StringBuilder r = new StringBuilder(method).append(' ').append(pick(PATHS));
        if (random.nextBoolean()) {
            r.append("?").append(randomText(random.nextInt(30)));
        }
        r.append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = random.nextInt(6); i > 0; i--) {
            String name = pick(new String[] {"Authorization", "Content-Type", "Accept", "Last-Event-ID",
                "X-" + randomText(5), "Content-Encoding", "Expect", "Connection"});
            r.append(name).append(": ").append(random.nextBoolean() ? randomText(random.nextInt(60))
                    : "Bearer " + rawToken).append("\r\n");
        }
        String body = switch (random.nextInt(6)) {
            case 0 -> mutate(LINK_SPEC);
            case 1 -> mutate(TEMPLATE);
            case 2 -> mutate(LINK_REQUEST);
            case 3 -> mutate(pick(CUTOVERS));
            default -> "";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty() || random.nextBoolean()) {
            r.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        return r.append("\r\n").append(body).toString();
    }

    /** Text of printable and not so printable characters, never CR or LF (which would end a header early). */
    private String randomText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = (char) (random.nextInt(4) == 0 ? random.nextInt(0x100) : 0x21 + random.nextInt(0x5d));
            s.append(c == '\r' || c == '\n' ? '_' : c);
        }
        return s.toString();
    }

    /** What an HTTP client lets through in a header value: visible ASCII. */
    private String printableText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return s.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Sends raw bytes; returns the status line, or null when the server closed (or stayed silent) instead. */
    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", rawPort)) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                return null; // The server refused mid-request and closed: a refusal, not a 5xx.
            }
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            try {
                for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                    line.append((char) b);
                }
            } catch (SocketTimeoutException e) {
                // Waiting for more of a request that will never come: no answer is not a 5xx either.
            } catch (IOException e) {
                return null;
            }
            return line.isEmpty() ? null : line.toString().strip();
        }
    }
}
