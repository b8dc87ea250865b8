package io.milink.linkmanager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.milink.core.spec.DatabaseLinkNames;
import io.milink.journal.Journal;
import io.milink.journal.JournalAlerts;
import io.milink.linkmanager.alerts.AlertThresholds;
import io.milink.linkmanager.alerts.LinkEvent;
import io.milink.linkmanager.alerts.LinkMonitor;
import io.milink.linkmanager.alerts.WebhookDispatcher;
import io.milink.linkmanager.alerts.WebhookReceiver;
import io.milink.linkmanager.alerts.WebhookSignature;
import io.milink.simulator.link.VirtualClock;

/**
 * A link monitor on the twins' clock: the twins of {@link TwinLink}, a journal, and a webhook receiver, polled by
 * hand as the test moves the clock.
 */
final class MonitorTwin implements AutoCloseable {

    static final List<DatabaseLinkNames> SALES =
            List.of(new DatabaseLinkNames("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI"));
    static final byte[] KEY = WebhookSignature.key("whsec_" + Base64.getEncoder()
            .encodeToString("monitor-test-secret-0123456789ab".getBytes(StandardCharsets.UTF_8)));
    static final String SCOPE = "sql22.contoso.local -> mi-target-01";

    final TwinLink twin;
    final Clock clock;
    final Journal journal;
    final JournalAlerts alerts;
    final WebhookReceiver receiver;
    final WebhookDispatcher webhooks;
    final List<LinkEvent> printed = new ArrayList<>();
    final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    final LinkMonitor monitor;

    MonitorTwin(TwinLink twin, Path journalDir, AlertThresholds thresholds) throws Exception {
        this.twin = twin;
        this.clock = of(twin.clock);
        this.journal = Journal.open(journalDir);
        this.alerts = new JournalAlerts(journal);
        this.receiver = new WebhookReceiver(KEY);
        this.webhooks = new WebhookDispatcher(List.of(new WebhookDispatcher.Endpoint(receiver.url(), KEY)),
                new WebhookDispatcher.Retry(5, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)),
                LinkMonitor.journaling(alerts, clock, problems::add),
                WebhookDispatcher.defaultClient(Duration.ofSeconds(2)), Clock.systemUTC(), 100);
        this.monitor = monitor(thresholds);
    }

    /** Another monitor of the same pair on the same journal: a restart. */
    LinkMonitor monitor(AlertThresholds thresholds) {
        return new LinkMonitor(new LinkStatusReader(clock), SALES, SCOPE, thresholds, alerts, webhooks, printed::add,
                clock);
    }

    LinkMonitor.Poll poll() {
        return monitor.poll(twin.session, "SQL22", "mi-target-01");
    }

    /** Polls every {@code step} until {@code total} has passed on the twins' clock; the events of all polls. */
    List<LinkEvent> pollFor(Duration total, Duration step) {
        List<LinkEvent> events = new ArrayList<>();
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            twin.clock.advance(step);
            events.addAll(poll().events());
        }
        return events;
    }

    void awaitDeliveries() throws InterruptedException {
        if (!webhooks.awaitIdle(Duration.ofSeconds(30))) {
            throw new AssertionError("webhook deliveries still pending: " + webhooks.pending());
        }
    }

    /** The twins' virtual clock as a java.time clock, so the monitor and the twins agree on the time. */
    static Clock of(VirtualClock v) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return v.now();
            }
        };
    }

    @Override
    public void close() {
        webhooks.close();
        receiver.close();
        journal.close();
        twin.close();
    }
}
