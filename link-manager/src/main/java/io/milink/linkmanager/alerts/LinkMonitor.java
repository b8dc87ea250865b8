package io.milink.linkmanager.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.milink.core.azure.ArmCallException;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.journal.JournalAlerts;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusReader;

/**
 * The link monitor's poll: read the link (one SQL Server batch, one ARM list), turn what changed into events, and
 * hand each to the journal (first: it is the record), the printer and the webhooks (queued: delivery never holds up
 * the next poll). A read that fails becomes an event too. Blocking: run it on its own thread, never an event loop.
 */
public final class LinkMonitor {

    /**
     * One poll's outcome.
     *
     * @param status null when the read failed
     * @param failure what failed, in words; null when the read worked
     */
    public record Poll(LinkStatus status, List<LinkEvent> events, String failure) {
        public Poll {
            events = List.copyOf(events);
        }
    }

    private final LinkStatusReader reader;
    private final List<DatabaseLinkNames> links;
    private final String scope;
    private final AlertTracker tracker;
    private final JournalAlerts journal;
    private final WebhookDispatcher webhooks;
    private final Consumer<LinkEvent> printer;
    private final Clock clock;

    /**
     * @param scope    the monitored pair's name in the journal (SQL Server's address and the instance's resource id):
     *                 the conditions open under it are loaded now, so a restart does not raise them again
     * @param journal  null to journal nothing
     * @param webhooks null when no webhook is configured
     */
    public LinkMonitor(LinkStatusReader reader, List<DatabaseLinkNames> links, String scope,
                       AlertThresholds thresholds, JournalAlerts journal, WebhookDispatcher webhooks,
                       Consumer<LinkEvent> printer, Clock clock) {
        this(reader, links, scope, thresholds, journal, webhooks, printer, clock, Map.of());
    }

    /**
     * @param seeding what an earlier monitor of the same links remembered ({@link #seedingProgress()}): the service's
     *                monitors pass it from one read to the next, whichever replica makes it
     */
    public LinkMonitor(LinkStatusReader reader, List<DatabaseLinkNames> links, String scope,
                       AlertThresholds thresholds, JournalAlerts journal, WebhookDispatcher webhooks,
                       Consumer<LinkEvent> printer, Clock clock, Map<String, SeedingProgress> seeding) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.links = List.copyOf(links);
        this.scope = Objects.requireNonNull(scope, "scope");
        this.journal = journal;
        this.webhooks = webhooks;
        this.printer = Objects.requireNonNull(printer, "printer");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<AlertTracker.OpenAlert> open = new ArrayList<>();
        if (journal != null) {
            for (JournalAlerts.AlertEvent e : journal.open(scope)) {
                open.add(new AlertTracker.OpenAlert(fromJournal(e)));
            }
        }
        this.tracker = new AlertTracker(thresholds, open, seeding);
    }

    /** What this monitor remembers of seeding between reads (see {@link AlertTracker#seedingProgress()}). */
    public Map<String, SeedingProgress> seedingProgress() {
        return tracker.seedingProgress();
    }

    /** The conditions open now (raised, not yet cleared). */
    public List<AlertTracker.OpenAlert> open() {
        return tracker.open();
    }

    /**
     * Reads once and publishes what changed.
     *
     * @param sqlServer       SQL Server's name for an event when the read fails before SQL Server named itself
     * @param managedInstance the instance's name, likewise
     */
    public Poll poll(LinkSession session, String sqlServer, String managedInstance) {
        LinkStatus status = null;
        String failure = null;
        List<LinkEvent> events;
        try {
            status = reader.read(session, links);
            events = tracker.observe(status);
        } catch (SQLException e) {
            failure = "SQL Server did not answer the status read: " + e.getMessage();
            events = tracker.readFailed(sqlServer, managedInstance, failure, clock.instant());
        } catch (ArmCallException e) {
            failure = "the managed instance's links could not be read: " + e.getMessage();
            events = tracker.readFailed(sqlServer, managedInstance, failure, clock.instant());
        }
        publish(events);
        return new Poll(status, events, failure);
    }

    /** A failure to even open the sides (sign-in, connection): an event like a failed read. */
    public Poll unreachable(String sqlServer, String managedInstance, String failure) {
        List<LinkEvent> events = tracker.readFailed(sqlServer, managedInstance, failure, clock.instant());
        publish(events);
        return new Poll(null, events, failure);
    }

    private void publish(List<LinkEvent> events) {
        for (LinkEvent e : events) {
            if (journal != null) {
                journal.record(toJournal(scope, e));
            }
            printer.accept(e);
            if (webhooks != null) {
                webhooks.submit(e);
            }
        }
    }

    static JournalAlerts.AlertEvent toJournal(String scope, LinkEvent e) {
        return new JournalAlerts.AlertEvent(e.id(), scope, e.dedupeKey(), e.type(), e.severity().label(),
                e.resolved(), e.sqlServer(), e.managedInstance(), e.link(), e.database(), e.subject(), e.message(),
                e.observedAt(), e.raisedAt(), new String(CloudEventJson.body(e), StandardCharsets.UTF_8));
    }

    static LinkEvent fromJournal(JournalAlerts.AlertEvent e) {
        return new LinkEvent(e.id(), e.type(), Severity.valueOf(e.severity().toUpperCase(Locale.ROOT)),
                e.sqlServer(), e.managedInstance(), e.link(), e.database(), e.subject(), e.message(), e.observedAt(),
                e.dedupeKey(), e.raisedAt(), e.resolved(), Map.of());
    }

    /** Journals each delivery's outcome. */
    public static WebhookDispatcher.DeliveryListener journaling(JournalAlerts journal, Clock clock,
                                                                Consumer<String> problems) {
        return new WebhookDispatcher.DeliveryListener() {
            @Override
            public void delivered(LinkEvent event, WebhookDispatcher.Endpoint endpoint, int attempts, int status) {
                if (journal != null) {
                    journal.recordDelivery(new JournalAlerts.Delivery(event.id(), endpoint.shown(), "DELIVERED",
                            attempts, status, null, clock.instant()));
                }
            }

            @Override
            public void failed(LinkEvent event, WebhookDispatcher.Endpoint endpoint, int attempts, Integer status,
                               String error) {
                if (journal != null) {
                    journal.recordDelivery(new JournalAlerts.Delivery(event.id(), endpoint.shown(), "FAILED",
                            attempts, status, error, clock.instant()));
                }
                problems.accept("webhook " + endpoint.shown() + " did not take " + event.type() + " " + event.id()
                        + ": " + error);
            }

            @Override
            public void dropped(LinkEvent event, WebhookDispatcher.Endpoint endpoint, String why) {
                if (journal != null) {
                    journal.recordDelivery(new JournalAlerts.Delivery(event.id(), endpoint.shown(), "DROPPED", 0,
                            null, why, clock.instant()));
                }
                problems.accept("webhook " + endpoint.shown() + ": " + event.type() + " " + event.id()
                        + " not sent: " + why);
            }
        };
    }
}
