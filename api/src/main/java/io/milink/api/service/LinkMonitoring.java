package io.milink.api.service;

import io.milink.api.service.ServiceLinkTargets.ResolvedLink;
import io.milink.api.service.http.RequestRejected;
import io.milink.journal.JournalAlerts;
import io.milink.journal.LinkFeed;
import io.milink.journal.LinkStatuses;
import io.milink.journal.ServiceLinks;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatusJson;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.alerts.AlertThresholds;
import io.milink.linkmanager.alerts.AlertTracker;
import io.milink.linkmanager.alerts.CloudEventJson;
import io.milink.linkmanager.alerts.LinkEvent;
import io.milink.linkmanager.alerts.LinkMonitor;
import io.milink.linkmanager.alerts.SeedingProgress;
import io.milink.linkmanager.alerts.Severity;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One read of one registered link, as its monitor task asks for it ({@link LinkMonitorTasks}), on whichever replica
 * picked it: the link's status (one SQL Server batch and one ARM list, through the link monitor), journaled in
 * {@code link_status} for every replica's event streams; the alerts the
 * monitor raises and resolves journaled under scope {@link #SCOPE_PREFIX}{@code <link>}. The alerts still open come
 * from the journal at each read, and what the monitor remembers of seeding travels with the task, so the replica that
 * reads a link next carries on where the last one stopped. A link no longer registered is marked removed, its open
 * alerts resolved, and its reads end. Runs on the monitor scheduler's threads, never on an event loop.
 */
final class LinkMonitoring implements LinkMonitorTasks.Reader, LinkMonitorTasks.Sweep {

    private static final System.Logger LOG = System.getLogger(LinkMonitoring.class.getName());

    /** The longest a read may wait for SQL Server's answer; a status batch takes well under a second. */
    static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** The alerts' scope in the journal: this prefix and the link's name in the service. */
    static final String SCOPE_PREFIX = "service-link:";

    private final ServiceLinks links;
    private final ServiceLinkTargets targets;
    private final LinkStatusCache cache;
    private final JournalAlerts alerts;
    private final LinkStatuses statuses;
    private final LinkFeed feed;
    private final LinkSessionPool sessions;
    private final ServiceMetrics metrics;
    private final String replica;
    private final Clock clock;
    private volatile boolean stopping;

    LinkMonitoring(ServiceLinks links, ServiceLinkTargets targets, LinkStatusCache cache, JournalAlerts alerts,
                   LinkStatuses statuses, LinkFeed feed, LinkSessionPool sessions, ServiceMetrics metrics, String replica,
                   Clock clock) {
        this.links = links;
        this.targets = targets;
        this.cache = cache;
        this.alerts = alerts;
        this.statuses = statuses;
        this.feed = feed;
        this.sessions = sessions;
        this.metrics = metrics;
        this.replica = replica;
        this.clock = clock;
    }

    /** The service stops: reads not yet started are handed back, for another replica or the next start. */
    void stopping() {
        stopping = true;
    }

    @Override
    public LinkMonitorTasks.Outcome read(String name, String memory) {
        if (stopping) {
            return new LinkMonitorTasks.HandedBack(memory);
        }
        sessions.closeIdle();
        Optional<ServiceLinks.Registered> registered = links.find(name);
        if (registered.isEmpty()) {
            forget(name);
            return new LinkMonitorTasks.Gone();
        }
        ResolvedLink link;
        try {
            link = targets.resolve(LinkRequest.from(new JsonObject(registered.get().request())));
        } catch (RequestRejected e) {
            record(name, LinkStatuses.Read.error("the request this link was created with no longer fits the "
                    + "service's configuration: " + e.getMessage(), null));
            return new LinkMonitorTasks.Next(memory);
        }
        String sqlName = link.spec().sqlServer().displayName();
        String instanceName = link.spec().managedInstance().resource().name();
        LinkMonitor monitor = new LinkMonitor(new LinkStatusReader(clock), link.spec().linkNames(), SCOPE_PREFIX + name,
                AlertThresholds.DEFAULTS, alerts, null, e -> { }, clock, seeding(memory));
        String key = sessionKey(link);
        LinkSession session;
        try {
            session = sessions.borrow(key, () -> targets.open(link));
        } catch (Exception e) {
            String why = "cannot open SQL Server or the managed instance: " + e.getMessage();
            monitor.unreachable(sqlName, instanceName, why);
            record(name, LinkStatuses.Read.error(why, sqlName));
            return new LinkMonitorTasks.Next(memory(monitor));
        }
        LinkMonitor.Poll poll;
        try {
            // A SQL Server that stops answering mid-read fails the read after this long instead of holding one of the
            // monitor's few threads (and so the reads of other links) for as long as the TCP connection lives.
            session.sql().setNetworkTimeout(Runnable::run, (int) READ_TIMEOUT.toMillis());
            poll = monitor.poll(session, sqlName, instanceName);
        } catch (java.sql.SQLException e) {
            // The connection is closed or broken: it goes, and the next read opens another.
            sessions.release(key, session, true);
            String why = "cannot use the connection to SQL Server: " + e.getMessage();
            monitor.unreachable(sqlName, instanceName, why);
            record(name, LinkStatuses.Read.error(why, sqlName));
            return new LinkMonitorTasks.Next(memory(monitor));
        } catch (RuntimeException e) {
            sessions.release(key, session, true);
            throw e;
        }
        // A read that failed may have failed on the connection: it is not lent again.
        sessions.release(key, session, poll.status() == null);
        if (poll.status() == null) {
            record(name, LinkStatuses.Read.error(poll.failure(), sqlName));
        } else {
            String json = LinkStatusJson.render(poll.status(), false);
            JsonObject withoutTime = new JsonObject(json);
            withoutTime.getJsonObject("link").remove("observedAt");
            record(name, LinkStatuses.Read.status(json, LinkRequest.sha256(withoutTime.encode()),
                    LinkStatusEtag.of(poll.status()), sqlName));
        }
        return new LinkMonitorTasks.Next(memory(monitor));
    }

    private void record(String name, LinkStatuses.Read read) {
        if (statuses.record(name, read, clock.instant(), replica)) {
            // What readers see changed (a failover's new roles, say): this replica's status route reads the link
            // afresh at its next GET instead of answering a read from before. The read itself is not served there:
            // one from before the application stopped writing would carry a stale ETag.
            cache.invalidate(name);
        }
        metrics.linkRead(read.error() == null);
    }

    /** The sessions a link reads through: those of every link with the same SQL Server and instance request. */
    private static String sessionKey(ResolvedLink link) {
        return link.request().sqlServer().encode() + "\n" + link.request().managedInstance().encode();
    }

    @Override
    public Collection<String> registered() {
        return links.all().stream().map(ServiceLinks.Registered::name).toList();
    }

    @Override
    public void forgetAllBut(Collection<String> registered) {
        Set<String> keep = new HashSet<>(registered);
        Set<String> forgotten = new HashSet<>();
        for (LinkStatuses.Entry e : statuses.current()) {
            // Looked up again: a link registered since the list was read is kept.
            if (!keep.contains(e.link()) && links.find(e.link()).isEmpty()) {
                forget(e.link());
                forgotten.add(e.link());
            }
        }
        // Alerts of links never read here (a journal written by an older version, another tool).
        for (JournalAlerts.AlertEvent open : feed.openAlerts(SCOPE_PREFIX, 1_000)) {
            String link = open.scope().substring(SCOPE_PREFIX.length());
            if (!keep.contains(link) && !forgotten.contains(link) && links.find(link).isEmpty()) {
                forget(link);
                forgotten.add(link);
            }
        }
    }

    /**
     * A link no longer registered (removed): readers are told, and the alerts still open for it are resolved, since
     * its monitor is gone and a new stream would show them open forever.
     */
    private void forget(String name) {
        statuses.markRemoved(name, clock.instant(), replica);
        cache.invalidate(name);
        for (JournalAlerts.AlertEvent open : alerts.open(SCOPE_PREFIX + name)) {
            LinkEvent resolve = new LinkEvent(UUID.randomUUID().toString(), open.type()
                    + AlertTracker.RESOLVED_SUFFIX, Severity.INFO, open.sqlServer(), open.managedInstance(),
                    open.link(), open.database(), open.subject(), "resolved: link " + name + " is no longer "
                    + "registered in the service (removed)", clock.instant(), open.dedupeKey(), open.raisedAt(), true,
                    Map.of());
            alerts.record(new JournalAlerts.AlertEvent(resolve.id(), open.scope(), resolve.dedupeKey(),
                    resolve.type(), resolve.severity().label(), true, resolve.sqlServer(), resolve.managedInstance(),
                    resolve.link(), resolve.database(), resolve.subject(), resolve.message(), resolve.observedAt(),
                    resolve.raisedAt(), new String(CloudEventJson.body(resolve), StandardCharsets.UTF_8)));
        }
    }

    /** What the monitor remembers, as the task keeps it: {@code {"seeding": {"<dag>/<db>": {progress, since}}}}. */
    static String memory(LinkMonitor monitor) {
        return memory(monitor.seedingProgress());
    }

    static String memory(Map<String, SeedingProgress> progress) {
        JsonObject seeding = new JsonObject();
        progress.forEach((key, p) -> seeding.put(key, new JsonObject().put("progress", p.progress())
                .put("since", p.lastProgressAt().toString())));
        return new JsonObject().put("seeding", seeding).encode();
    }

    /** The seeding progress a task's memory holds; what cannot be read is forgotten (a stall window starts again). */
    static Map<String, SeedingProgress> seeding(String memory) {
        Map<String, SeedingProgress> progress = new HashMap<>();
        if (memory == null || memory.isBlank()) {
            return progress;
        }
        try {
            JsonObject seeding = new JsonObject(memory).getJsonObject("seeding");
            if (seeding != null) {
                for (String key : seeding.fieldNames()) {
                    JsonObject p = seeding.getJsonObject(key);
                    progress.put(key, new SeedingProgress(p.getLong("progress"), Instant.parse(p.getString("since"))));
                }
            }
        } catch (DecodeException | ClassCastException | NullPointerException | DateTimeParseException e) {
            LOG.log(Level.WARNING, "a link monitor's memory could not be read; its seeding stall window starts again: "
                    + e.getMessage());
            progress.clear();
        }
        return progress;
    }
}
