package io.milink.api.service;

import io.milink.api.service.http.Problems;
import io.milink.journal.Operation;
import io.milink.journal.OperationEvent;
import io.milink.journal.OperationJournal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v1/operations/{id}/events}: Server-Sent Events. Replays the journaled events (after
 * {@code Last-Event-ID} when a client reconnects), then follows new ones by polling the journal, and ends the
 * stream with an {@code end} event once the operation is final. The journal is the one source of truth, so a
 * stream shows exactly what a later replay would.
 */
final class OperationEventStream {

    private static final long POLL_MILLIS = 200;

    /** What a client told "too many streams" should wait: about one poll cycle of a short operation. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final Vertx vertx;
    private final OperationJournal operations;
    private final WorkerExecutor journalWorker;
    private final long heartbeatMillis;
    private final int maxStreams;
    /** Streams holding a place, from the request's arrival to the response's end or the connection's close. */
    private final AtomicInteger open = new AtomicInteger();

    OperationEventStream(Vertx vertx, OperationJournal operations, WorkerExecutor journalWorker,
                         ServiceLimits limits) {
        this.vertx = vertx;
        this.operations = operations;
        this.journalWorker = journalWorker;
        this.heartbeatMillis = Math.max(1, limits.heartbeat().toMillis());
        this.maxStreams = limits.maxEventStreams();
    }

    /** Event streams open now (tests). */
    int openStreams() {
        return open.get();
    }

    void handle(RoutingContext ctx) {
        // Each stream polls the shared journal pool 5 times a second, so their number is capped.
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            Problems.send(ctx, 503, "unavailable", "Too many event streams",
                    "The service is serving as many event streams as it allows at once (" + maxStreams
                            + "); retry after " + RETRY_AFTER_SECONDS + " seconds, or poll GET /v1/operations/{id}.");
            return;
        }
        // Called once, whether the response ends (404, end event) or the connection closes under it.
        ctx.addEndHandler(v -> open.decrementAndGet());
        HttpServerResponse response = ctx.response();
        String id = ctx.pathParam("id");
        long after = lastEventId(ctx.request().getHeader("Last-Event-ID"));
        journalWorker.executeBlocking(() -> operations.find(id), false).onSuccess(op -> {
            if (op.isEmpty()) {
                Problems.notFound(ctx, "No operation " + id + ".");
                return;
            }
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.write(": events of operation " + id + "\n\n");
            // A comment line now and then: proxies and the server's idle timeout see a live stream while a long
            // step journals nothing, and a vanished client is noticed by the failed write.
            vertx.setPeriodic(heartbeatMillis, timer -> {
                if (response.closed() || response.ended()) {
                    vertx.cancelTimer(timer);
                } else {
                    response.write(": heartbeat\n\n");
                }
            });
            poll(response, id, after);
        }).onFailure(ctx::fail);
    }

    private record Batch(Optional<Operation> operation, List<OperationEvent> events) {
    }

    private void poll(HttpServerResponse response, String id, long after) {
        if (response.closed() || response.ended()) {
            return;
        }
        journalWorker.executeBlocking(() -> {
            // State first, then events: the final state and its event commit together, so a final state read here
            // guarantees its event is among those read next.
            Optional<Operation> op = operations.find(id);
            return new Batch(op, operations.eventsAfter(id, after));
        }, false).onComplete(done -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (done.failed() || done.result().operation().isEmpty()) {
                response.end();
                return;
            }
            long last = after;
            for (OperationEvent event : done.result().events()) {
                response.write("id: " + event.id() + "\nevent: progress\ndata: "
                        + OperationJson.event(event).encode() + "\n\n");
                last = event.id();
            }
            Operation op = done.result().operation().get();
            if (op.state().isTerminal()) {
                response.end("event: end\ndata: " + new JsonObject().put("state", op.state().name()).encode()
                        + "\n\n");
                return;
            }
            long next = last;
            vertx.setTimer(POLL_MILLIS, timer -> poll(response, id, next));
        });
    }

    private static long lastEventId(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
