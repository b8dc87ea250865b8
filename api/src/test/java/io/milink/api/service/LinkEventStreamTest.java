package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /v1/events through the real HTTP client against the twins: a reader watching while an operator creates a link
 * sees the create's operation events from queued to succeeded, the link's status seeding with a growing percentage
 * and then replicating, and an alert another process journaled; every event has an id, and a stream resumed with
 * Last-Event-ID sends what came after it and nothing before.
 */
class LinkEventStreamTest {

    @TempDir
    Path dir;

    /** One Server-Sent Event as received. */
    record Event(String id, String type, JsonObject data) {
    }

    /** Reads a stream as it comes and splits it into events. */
    static final class Received {
        private final StringBuffer text = new StringBuffer();

        List<Event> events() {
            List<Event> events = new ArrayList<>();
            String all = text.toString();
            int end;
            while ((end = all.indexOf("\n\n")) >= 0) {
                String block = all.substring(0, end);
                all = all.substring(end + 2);
                String id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                for (String line : block.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        type = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
                if (type != null) {
                    events.add(new Event(id, type, new JsonObject(data.toString())));
                }
            }
            return events;
        }

        String text() {
            return text.toString();
        }

        Event await(String what, Predicate<Event> wanted) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
            while (Instant.now().isBefore(deadline)) {
                for (Event e : events()) {
                    if (wanted.test(e)) {
                        return e;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no " + what + " in 40 s; received:\n" + text);
        }
    }

    private static Received open(HttpClient client, String token, String lastEventId) {
        Received received = new Received();
        HttpClientResponse response = client.request(HttpMethod.GET, "/v1/events").compose(request -> {
            request.putHeader("Authorization", "Bearer " + token);
            if (lastEventId != null) {
                request.putHeader("Last-Event-ID", lastEventId);
            }
            // The handler is set on the event loop that received the head, so the first chunk is not missed.
            return request.send().map(r -> r.handler(chunk -> received.text.append(chunk.toString())));
        }).await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
        return received;
    }

    private static List<Integer> seedingPercents(List<Event> events) {
        List<Integer> percents = new ArrayList<>();
        for (Event e : events) {
            if (e.type().equals("link-status") && e.data().getJsonObject("status") != null) {
                JsonObject db = e.data().getJsonObject("status").getJsonArray("databases").getJsonObject(0);
                if ("Seeding".equals(db.getString("phase")) && db.getInteger("seedingPercent") != null) {
                    percents.add(db.getInteger("seedingPercent"));
                }
            }
        }
        return percents;
    }

    @Test
    void aReaderSeesTheCreateSeedingThenReplicatingAndAJournaledAlertAndResumesAfterTheLastEventId()
            throws Exception {
        try (WatchedLinkTwins world = WatchedLinkTwins.start(dir, true, 40)) {
            ServiceHarness harness = world.harness;
            HttpClient client = harness.streamingClient();
            Received watching = open(client, world.reader, null);

            HttpResponse<Buffer> created = harness.post("/v1/links", world.operator).sendJsonObject(world.request)
                    .await();
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
            String createId = created.bodyAsJsonObject().getString("id");

            watching.await("the create's queued event", e -> e.type().equals("operation")
                    && e.data().getJsonObject("operation").getString("id").equals(createId)
                    && e.data().getJsonObject("event").getString("message").startsWith("queued"));
            Event seeding = watching.await("a Seeding status", e -> !seedingPercents(List.of(e)).isEmpty());
            assertThat(seeding.data().getString("link")).isEqualTo(WatchedLinkTwins.LINK);
            assertThat(seeding.data().getString("etag")).matches("\"[0-9a-f]{32}\"");
            watching.await("a Replicating status", e -> e.type().equals("link-status")
                    && e.data().getJsonObject("status") != null && "Replicating".equals(e.data()
                    .getJsonObject("status").getJsonArray("databases").getJsonObject(0).getString("phase")));
            Event succeeded = watching.await("the create's last event", e -> e.type().equals("operation")
                    && e.data().getJsonObject("event").getString("message").startsWith("succeeded"));
            assertThat(succeeded.data().getJsonObject("operation").getString("state")).isEqualTo("Succeeded");
            assertThat(succeeded.data().getJsonObject("operation").getString("location"))
                    .isEqualTo("/v1/operations/" + createId);

            List<Integer> percents = seedingPercents(watching.events());
            assertThat(percents).as("the seeding percentages the stream sent").isSorted();
            assertThat(percents.get(percents.size() - 1)).as("seeding moved while watched")
                    .isGreaterThan(percents.get(0));
            assertThat(watching.events()).allSatisfy(e -> assertThat(e.id()).as(e.type() + " " + e.data())
                    .matches("\\d+\\.\\d+\\.[0-9A-Za-z-]*"));
            assertThat(watching.text()).as("nothing but events, comments and the retry hint")
                    .doesNotContain(world.operator).doesNotContain(world.reader);

            // What another process journals shows on the stream: an alert written straight into the journal.
            String alertId = "5a1e7c3e-0000-4000-8000-000000000001";
            journalOpenAlert(harness, alertId, WatchedLinkTwins.LINK);
            Event alert = watching.await("the journaled alert", e -> e.type().equals("alert")
                    && e.data().getString("id").equals(alertId));
            assertThat(alert.data().getString("link")).isEqualTo(WatchedLinkTwins.LINK);
            assertThat(alert.data().getString("type")).isEqualTo("link.log.filling");
            assertThat(alert.data().getBoolean("resolved")).isFalse();
            // The link's monitor (whichever replica reads it next) takes the journal's open alerts as its own: the
            // log is not filling, so at its next read it resolves the alert another process raised. Other alerts
            // may come and go meanwhile (SQL Server sees the instance's replica disconnected between its distributed
            // group and the instance's link, longer on a loaded machine): this waits for that alert's resolution.
            Event cleared = watching.await("the journaled alert resolved by the link's monitor", e -> e.type()
                    .equals("alert") && e.data().getString("link").equals(WatchedLinkTwins.LINK)
                    && e.data().getBoolean("resolved")
                    && e.data().getString("type").equals("link.log.filling.resolved"));
            assertThat(cleared.data().getString("message")).contains("cleared");

            // An alert left open for a link that is no longer registered is resolved by the service's monitor.
            journalOpenAlert(harness, "5a1e7c3e-0000-4000-8000-000000000002", "DAG_Gone");
            Event resolved = watching.await("the removed link's alert resolved", e -> e.type().equals("alert")
                    && e.data().getString("link").equals("DAG_Gone") && e.data().getBoolean("resolved"));
            assertThat(resolved.data().getString("type")).isEqualTo("link.log.filling.resolved");
            assertThat(resolved.data().getString("message")).contains("no longer registered");

            // Resumed after an operation event in the middle: the ones after it come again, none before, and the
            // alert too (it came after); the link's status is sent again, as state.
            List<Event> operations = watching.events().stream().filter(e -> e.type().equals("operation")).toList();
            assertThat(operations.size()).as("the create's events").isGreaterThan(3);
            Event middle = operations.get(operations.size() / 2);
            long middleId = middle.data().getJsonObject("event").getLong("id");
            Received resumed = open(client, world.reader, middle.id());
            resumed.await("the alert again", e -> e.type().equals("alert") && e.data().getString("id").equals(alertId));
            resumed.await("the link's status", e -> e.type().equals("link-status"));
            List<Long> replayed = resumed.events().stream().filter(e -> e.type().equals("operation"))
                    .map(e -> e.data().getJsonObject("event").getLong("id")).toList();
            assertThat(replayed).as("operation events after " + middleId).isNotEmpty()
                    .allSatisfy(id -> assertThat(id).isGreaterThan(middleId));
            assertThat(replayed).containsExactlyElementsOf(operations.stream()
                    .map(e -> e.data().getJsonObject("event").getLong("id")).filter(id -> id > middleId).toList());

            // A stream started afresh sends no history: the link's status (and the alerts still open: none now),
            // then what happens next.
            Received fresh = open(client, world.reader, "not-an-id-of-this-stream");
            fresh.await("the link's status", e -> e.type().equals("link-status"));
            assertThat(fresh.text()).startsWith("retry: 3000\n");
            Thread.sleep(LinkEventStream.POLL_MILLIS * 3);
            assertThat(fresh.events()).noneMatch(e -> e.type().equals("operation"))
                    .noneMatch(e -> e.type().equals("alert"));
            client.close().await();
        }
    }

    @Test
    void aNewStreamStartsWithTheAlertsStillOpenAndSeesThemResolvedWhenTheirLinkIsGone() throws Exception {
        // Links read hourly: the sweep that resolves alerts of links not registered runs once at the start, then a
        // minute later, so an alert journaled in between stays open while the stream starts.
        try (ServiceHarness harness = ServiceHarness.start(dir, config -> config.withReplicas(
                ReplicaSettings.DEFAULTS.withMonitorInterval(Duration.ofMinutes(60))))) {
            awaitFirstSweep(harness);
            String id = "5a1e7c3e-0000-4000-8000-000000000003";
            journalOpenAlert(harness, id, "DAG_Elsewhere");
            HttpClient client = harness.streamingClient();
            Received fresh = open(client, harness.operatorToken, null);
            Event open = fresh.await("the alert still open", e -> e.type().equals("alert")
                    && e.data().getString("id").equals(id));
            assertThat(open.data().getBoolean("resolved")).isFalse();
            assertThat(open.data().getString("link")).isEqualTo("DAG_Elsewhere");
            client.close().await();
        }
    }

    /** Waits until the monitors' sweep ran once (its next run is in the future). */
    private static void awaitFirstSweep(ServiceHarness harness) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = harness.journalConnection(); PreparedStatement q = c.prepareStatement(
                    "SELECT last_success FROM monitor_tasks WHERE task_name = ?")) {
                q.setString(1, LinkMonitorTasks.SWEEP);
                try (var rs = q.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the monitors' sweep did not run in 30 s");
    }

    /** An alert raised and still open, written into the journal as another process would. */
    private static void journalOpenAlert(ServiceHarness harness, String id, String link) throws Exception {
        try (Connection c = harness.journalConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO alert_events (id, scope, dedupe_key, type, severity, resolved, link_name, "
                        + "database_name, subject, message, observed_at, raised_at, body) "
                        + "VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, '{}')");
             PreparedStatement open = c.prepareStatement("INSERT INTO alerts_open (scope, dedupe_key, event_id) "
                     + "VALUES (?, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            insert.setString(1, id);
            insert.setString(2, LinkMonitoring.SCOPE_PREFIX + link);
            insert.setString(3, "test|log|" + id);
            insert.setString(4, "link.log.filling");
            insert.setString(5, "warning");
            insert.setString(6, link);
            insert.setString(7, "Sales");
            insert.setString(8, link + "/Sales");
            insert.setString(9, "the log of Sales is 91 % full");
            insert.setObject(10, now);
            insert.setObject(11, now);
            insert.executeUpdate();
            open.setString(1, LinkMonitoring.SCOPE_PREFIX + link);
            open.setString(2, "test|log|" + id);
            open.setString(3, id);
            open.executeUpdate();
        }
    }
}
