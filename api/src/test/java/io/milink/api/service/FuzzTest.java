package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed bodies, headers and request lines, seeded so a failure reproduces: the service may refuse them (4xx, or
 * closing the connection) but must never answer 5xx, which would mean an input reached code that did not expect it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {

    private static final long SEED = 20261122L;
    private static final String TEMPLATE = "{\"scenario\": \"no-such-scenario-fuzz\", \"databases\": [\"Sales\", "
            + "\"Orders\"]}";
    private static final String[] PATHS = {"/v1/preflight", "/v1/preflight/x", "/v1/preflight/x/checklist",
        "/v1/operations/x", "/v1/operations/x/events", "/health/ready", "/v1/", "/"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
        "", "*/*", "application/json; charset=ebcdic"};

    @TempDir
    static Path dir;
    private ServiceHarness harness;
    private final Random random = new Random(SEED);

    @BeforeAll
    void start() {
        harness = ServiceHarness.start(dir);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void malformedBodiesNeverGet5xx() {
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] body = body();
            HttpMethod method = i % 5 == 0 ? pick(new HttpMethod[] {HttpMethod.PUT, HttpMethod.PATCH,
                HttpMethod.DELETE, HttpMethod.GET, HttpMethod.OPTIONS}) : HttpMethod.POST;
            String path = i % 4 == 0 ? pick(PATHS) + query() : "/v1/preflight";
            HttpRequest<Buffer> request = harness.client.request(method, path).timeout(10_000);
            String authorization = authorization();
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            String contentType = pick(CONTENT_TYPES);
            if (!contentType.isEmpty()) {
                request.putHeader("Content-Type", contentType);
            }
            HttpResponse<Buffer> response = request.sendBuffer(Buffer.buffer(body)).await();
            if (response.statusCode() >= 500) {
                serverErrors.add(response.statusCode() + " for " + method + " " + path + " "
                        + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            }
        }
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
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

    private int rawPort;
    private String rawToken;

    private void sendRawRequests() throws IOException {
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
        for (int i = 0; i < 300; i++) {
            requests.add(randomRequest());
        }
        List<String> serverErrors = new ArrayList<>();
        for (String request : requests) {
            String statusLine = send(request);
            if (statusLine != null && statusLine.matches("HTTP/1\\.[01] 5\\d\\d.*")) {
                serverErrors.add(statusLine + " for " + request.substring(0, Math.min(120, request.length())));
            }
        }
        assertThat(serverErrors).as("seed " + SEED).isEmpty();
    }

    private byte[] body() {
        return switch (random.nextInt(8)) {
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

    private String query() {
        return random.nextBoolean() ? "" : "?format=" + randomText(3) + "&limit=" + (random.nextInt(2000) - 1000)
                + "&target=" + randomText(5);
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
        String body = random.nextBoolean() ? mutate(TEMPLATE) : "";
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
            socket.setSoTimeout(1_000);
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
