package io.milink.linkmanager.alerts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for tests (the JDK's HTTP server): records every request with its headers and whether its
 * Standard Webhooks signature verifies, and answers with the next scripted status (then 200).
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String id, long timestamp, String contentType, byte[] body, boolean signatureValid, int answered) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final byte[] key;
    private final ConcurrentLinkedDeque<int[]> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> firstTries = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean failFirstTry;

    public WebhookReceiver(byte[] key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst(WebhookSignature.ID);
            String ts = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP);
            long timestamp = ts == null ? -1 : Long.parseLong(ts);
            boolean valid = id != null && WebhookSignature.verify(key, id, timestamp, body,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE));
            int[] next = failFirstTry && id != null && firstTries.add(id) ? new int[] {500} : script.pollFirst();
            int status = next == null ? 200 : next[0];
            if (next != null && next.length > 1) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
            }
            received.add(new Received(id, timestamp, exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    valid, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order: a status, or a status and a Retry-After in seconds. */
    public void answer(int[]... statuses) {
        for (int[] s : statuses) {
            script.addLast(s);
        }
    }

    /** From now on, the first delivery of each event id gets a 500 (whatever is scripted), the next ones go on. */
    public void failFirstTryOfEachEvent() {
        failFirstTry = true;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
