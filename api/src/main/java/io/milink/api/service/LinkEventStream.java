package io.milink.api.service;

import io.milink.api.service.http.Problems;
import io.milink.journal.JournalAlerts;
import io.milink.journal.LinkFeed;
import io.milink.journal.LinkStatuses;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /v1/events}: Server-Sent Events of every link of the service, for any token (reader and up). Three kinds:
 * {@code link-status} (a link's status as {@code GET /v1/links/{name}} gives it, each time it changes, as the
 * link's monitor journaled it, whichever replica read it: {@link LinkMonitoring}), {@code operation} (each journaled
 * event of an operation on a link, from queued to its end) and {@code alert} (raised and resolved, as the link monitor
 * journaled them). All three are read back from the journal twice a second, so they include what any process writing
 * the same journal did. Every event's {@code id:} is a {@link LinkEventCursor}; {@code Last-Event-ID} resumes after it, and a new stream starts with every link's current
 * status and the alerts still open, then what happens next. Journal reads run on the journal pool, never on an event
 * loop.
 */
final class LinkEventStream {

    private static final Logger LOG = LoggerFactory.getLogger(LinkEventStream.class);

    /** How often the journal is read for what others wrote: well under the second a watcher would notice. */
    static final long POLL_MILLIS = 500;
    private static final int BATCH = 200;
    /**
     * A missing operation event id younger than this is waited for: ids are taken when a row is written, so a
     * transaction that took id 41 may commit after the one that took 42. Older gaps (a rolled-back write, a purged
     * operation) are passed over.
     */
    private static final long GAP_WAIT_MILLIS = 1_000;
    /**
     * How far back each look for changed statuses starts before the last one stood: a change is stamped by the
     * database when its transaction starts and seen when it commits, a moment later; a version sent before is not sent
     * again.
     */
    private static final Duration STATUS_OVERLAP = Duration.ofSeconds(5);
    /** What the browser's EventSource waits before it reconnects, and what other clients are told to. */
    private static final int RETRY_MILLIS = 3_000;

    private final Vertx vertx;
    private final LinkFeed feed;
    private final WorkerExecutor journalWorker;
    private final LinkStatuses statuses;
    private final long heartbeatMillis;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();

    LinkEventStream(Vertx vertx, LinkFeed feed, WorkerExecutor journalWorker, LinkStatuses statuses,
                    ServiceLimits limits) {
        this.vertx = vertx;
        this.feed = feed;
        this.journalWorker = journalWorker;
        this.statuses = statuses;
        this.heartbeatMillis = Math.max(1, limits.heartbeat().toMillis());
        this.maxStreams = limits.maxEventStreams();
    }

    /**
     * One stream's position: the journal cursor, each link's status version sent, where the next look for changed
     * statuses starts (the database's time), an id gap being waited for.
     */
    private static final class Position {
        LinkEventCursor cursor;
        final Map<String, Long> statusVersions = new HashMap<>();
        Instant statusesReadAt;
        long gapSeenAt;

        Position(LinkEventCursor cursor, Instant statusesReadAt) {
            this.cursor = cursor;
            this.statusesReadAt = statusesReadAt;
        }
    }

    private record Batch(List<LinkFeed.OperationEntry> operations, List<JournalAlerts.AlertEvent> alerts,
                         List<LinkStatuses.Entry> statuses, Instant statusesReadAt) {
    }

    /**
     * Where a stream starts, the links' current statuses, and (for a new one, not a resumed one) the alerts still open
     * to show first.
     */
    private record Start(LinkEventCursor cursor, List<JournalAlerts.AlertEvent> openAlerts,
                         LinkStatuses.Snapshot statuses) {
    }

    void handle(RoutingContext ctx) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            ctx.response().putHeader("Retry-After", Integer.toString(OperationEventStream.RETRY_AFTER_SECONDS));
            Problems.send(ctx, 503, "unavailable", "Too many event streams",
                    "The service is serving as many event streams as it allows at once (" + maxStreams + "); retry "
                            + "after " + OperationEventStream.RETRY_AFTER_SECONDS + " seconds, or poll GET /v1/links.");
            return;
        }
        // Called once, whether the response ends or the connection closes under it.
        ctx.addEndHandler(v -> open.decrementAndGet());
        HttpServerResponse response = ctx.response();
        Optional<LinkEventCursor> resumed = LinkEventCursor.parse(ctx.request().getHeader("Last-Event-ID"));
        journalWorker.executeBlocking(() -> {
            // A status is state, not history: every stream, resumed or not, starts with each link's current one.
            LinkStatuses.Snapshot current = statuses.snapshot();
            if (resumed.isPresent()) {
                return new Start(resumed.get(), List.<JournalAlerts.AlertEvent>of(), current);
            }
            // The cursor first: an alert journaled between the two reads is sent twice (open, then new), never
            // missed; a client keeps alerts by id.
            LinkEventCursor now = new LinkEventCursor(feed.lastOperationEventId(), feed.lastAlert());
            return new Start(now, feed.openAlerts(LinkMonitoring.SCOPE_PREFIX, BATCH), current);
        }, false).onSuccess(start -> {
            if (response.closed() || response.ended()) {
                return;
            }
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.write("retry: " + RETRY_MILLIS + "\n: events of the service's links\n\n");
            // This stream never ends on its own: when the service stops, it ends it at once rather than holding the
            // shutdown's grace period, and the client reconnects (to this service again, or another) with its id.
            ctx.request().connection().shutdownHandler(v -> {
                if (!response.closed() && !response.ended()) {
                    response.end();
                }
            });
            vertx.setPeriodic(heartbeatMillis, timer -> {
                if (response.closed() || response.ended()) {
                    vertx.cancelTimer(timer);
                } else {
                    response.write(": heartbeat\n\n");
                }
            });
            Position position = new Position(start.cursor(), start.statuses().readAt());
            sendStatuses(response, position, start.statuses().entries());
            for (JournalAlerts.AlertEvent open : start.openAlerts()) {
                write(response, position, "alert", alertData(open));
            }
            poll(response, position);
        }).onFailure(ctx::fail);
    }

    private void poll(HttpServerResponse response, Position position) {
        if (response.closed() || response.ended()) {
            return;
        }
        LinkEventCursor at = position.cursor;
        Instant statusesSince = position.statusesReadAt.minus(STATUS_OVERLAP);
        Map<String, Long> sent = Map.copyOf(position.statusVersions);
        journalWorker.executeBlocking(() -> {
            LinkStatuses.Changes changes = statuses.changedSince(statusesSince);
            List<String> unsent = new ArrayList<>();
            for (LinkStatuses.Version v : changes.versions()) {
                if (!Long.valueOf(v.version()).equals(sent.get(v.link()))) {
                    unsent.add(v.link());
                }
            }
            return new Batch(feed.operationEventsAfter(at.operationEvent(), BATCH),
                    feed.alertsAfter(LinkMonitoring.SCOPE_PREFIX, at.alert(), BATCH), statuses.entries(unsent),
                    changes.readAt());
        }, false).onComplete(done -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (done.failed()) {
                // The journal did not answer this time; the stream stays, and the next read tries again.
                LOG.atWarn().setCause(done.cause()).log("an event stream could not read the journal");
            } else {
                sendOperations(response, position, done.result().operations());
                sendAlerts(response, position, done.result().alerts());
                sendStatuses(response, position, done.result().statuses());
                position.statusesReadAt = done.result().statusesReadAt();
            }
            if (response.writeQueueFull()) {
                // A client that reads slower than events come: read the journal again once it has caught up, so the
                // service never buffers an unbounded backlog for it.
                response.drainHandler(v -> vertx.setTimer(POLL_MILLIS, timer -> poll(response, position)));
            } else {
                vertx.setTimer(POLL_MILLIS, timer -> poll(response, position));
            }
        });
    }

    private void sendOperations(HttpServerResponse response, Position position, List<LinkFeed.OperationEntry> entries) {
        long now = System.currentTimeMillis();
        for (LinkFeed.OperationEntry e : entries) {
            if (e.id() != position.cursor.operationEvent() + 1) {
                if (position.gapSeenAt == 0) {
                    position.gapSeenAt = now;
                }
                boolean recent = e.at().isAfter(Instant.ofEpochMilli(now - GAP_WAIT_MILLIS));
                if (recent && now - position.gapSeenAt < GAP_WAIT_MILLIS) {
                    return; // the missing ids may still commit: wait for them before going past
                }
            }
            position.gapSeenAt = 0;
            position.cursor = position.cursor.withOperationEvent(e.id());
            if (e.link() == null) {
                continue; // a preflight: not about a link
            }
            JsonObject data = new JsonObject().put("link", e.link())
                    .put("operation", new JsonObject().put("id", e.operationId()).put("kind", e.kind())
                            .put("state", e.state().name()).put("location", OperationJson.location(e.operationId())))
                    .put("event", new JsonObject().put("id", e.id()).put("at", e.at().toString())
                            .put("message", e.message()));
            write(response, position, "operation", data);
        }
    }

    private void sendAlerts(HttpServerResponse response, Position position, List<JournalAlerts.AlertEvent> alerts) {
        for (JournalAlerts.AlertEvent a : alerts) {
            position.cursor = position.cursor.withAlert(new LinkFeed.AlertCursor(a.observedAt(), a.id()));
            write(response, position, "alert", alertData(a));
        }
    }

    private static JsonObject alertData(JournalAlerts.AlertEvent a) {
        return new JsonObject()
                .put("link", a.scope().substring(LinkMonitoring.SCOPE_PREFIX.length()))
                .put("id", a.id()).put("type", a.type()).put("severity", a.severity())
                .put("resolved", a.resolved()).put("database", a.database())
                .put("distributedAvailabilityGroup", a.link()).put("subject", a.subject())
                .put("message", a.message()).put("observedAt", a.observedAt().toString())
                .put("raisedAt", a.raisedAt().toString());
    }

    private void sendStatuses(HttpServerResponse response, Position position, List<LinkStatuses.Entry> entries) {
        for (LinkStatuses.Entry s : entries) {
            Long was = position.statusVersions.put(s.link(), s.version());
            if (s.removed() && was == null) {
                continue; // removed before this stream saw it: nothing to take back
            }
            JsonObject data = new JsonObject().put("link", s.link());
            if (s.target() != null) {
                data.put("sqlServerTarget", s.target());
            }
            if (s.removed()) {
                data.put("removed", true).put("status", (Object) null);
            } else if (s.status() != null) {
                data.put("etag", s.etag()).put("status", new JsonObject(s.status()));
            } else {
                data.put("status", (Object) null).put("error", s.error());
            }
            write(response, position, "link-status", data);
        }
    }

    private static void write(HttpServerResponse response, Position position, String event, JsonObject data) {
        response.write("id: " + position.cursor.encode() + "\nevent: " + event + "\ndata: " + data.encode() + "\n\n");
    }
}
