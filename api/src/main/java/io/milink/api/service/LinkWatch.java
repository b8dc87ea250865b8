package io.milink.api.service;

import io.milink.api.service.ServiceLinkTargets.ResolvedLink;
import io.milink.api.service.http.RequestRejected;
import io.milink.journal.JournalAlerts;
import io.milink.journal.LinkFeed;
import io.milink.journal.ServiceLinks;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatusJson;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.alerts.AlertThresholds;
import io.milink.linkmanager.alerts.AlertTracker;
import io.milink.linkmanager.alerts.CloudEventJson;
import io.milink.linkmanager.alerts.LinkEvent;
import io.milink.linkmanager.alerts.LinkMonitor;
import io.milink.linkmanager.alerts.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The service's link monitor, running while someone watches {@code GET /v1/events}: every interval it reads each
 * registered link (one SQL Server batch and one ARM list per link, through the link monitor), keeps the latest status
 * for the streams, serves it to status reads through the cache, and journals the alerts the monitor raises and
 * resolves (scope {@link #SCOPE_PREFIX}{@code <link>}), where every stream, of this process or another, reads them.
 * It reads only while at least one stream is open: nobody watching, no load on SQL Server or Azure. Round-the-clock
 * alerting with webhooks is {@code milink link monitor}'s job (docs/monitoring.md).
 *
 * <p>Reads run on their own single worker thread, one link after another, never on an event loop; what streams ask
 * for ({@link #changedSince}) is a map lookup.
 */
final class LinkWatch {

    private static final System.Logger LOG = System.getLogger(LinkWatch.class.getName());

    /** The alerts' scope in the journal: this prefix and the link's name in the service. */
    static final String SCOPE_PREFIX = "service-link:";

    /**
     * A link as last read. A status change, a read that failed, or the link's removal gives a new version.
     *
     * @param status     the status JSON ({@code milink link status --output json}); null when it could not be read
     * @param etag       the status's entity tag; null without a status
     * @param error      why there is no status; null when there is one
     * @param removed    the link is no longer registered
     * @param target     the link's SQL Server as a preflight report names it (its {@code target}); null if unknown
     */
    record Snapshot(String link, long version, String status, String etag, String error, boolean removed,
                    String target) {
    }

    private final Vertx vertx;
    private final WorkerExecutor worker;
    private final ServiceLinks links;
    private final ServiceLinkTargets targets;
    private final LinkStatusCache cache;
    private final JournalAlerts alerts;
    private final LinkFeed feed;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong versions = new AtomicLong();
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
    /** What a snapshot's status was compared by: its JSON without the time it was read. Worker thread only. */
    private final Map<String, String> compared = new HashMap<>();
    private final Map<String, LinkMonitor> monitors = new HashMap<>();
    private final Map<String, LinkSession> sessions = new HashMap<>();
    private int watchers;
    private boolean reading;
    /** Held by a round (and the closing of its sessions), so the service's stop can wait for the one running. */
    private final ReentrantLock round = new ReentrantLock();
    private volatile boolean closed;

    LinkWatch(Vertx vertx, WorkerExecutor worker, ServiceLinks links, ServiceLinkTargets targets, LinkStatusCache cache,
              JournalAlerts alerts, LinkFeed feed, Duration interval, Clock clock) {
        this.vertx = vertx;
        this.worker = worker;
        this.links = links;
        this.targets = targets;
        this.cache = cache;
        this.alerts = alerts;
        this.feed = feed;
        this.interval = interval;
        this.clock = clock;
    }

    /** A stream opened: reading starts now if it is the first. */
    synchronized void watch() {
        watchers++;
        if (watchers == 1 && !reading) {
            reading = true;
            vertx.runOnContext(v -> tick());
        }
    }

    /** A stream ended: reading stops after the current round once none is left. */
    synchronized void unwatch() {
        watchers = Math.max(0, watchers - 1);
    }

    /** The snapshots newer than {@code version}, oldest first; from 0, the current state of every link. */
    List<Snapshot> changedSince(long version) {
        List<Snapshot> changed = new ArrayList<>();
        for (Snapshot s : latest.values()) {
            if (s.version() > version && !(version == 0 && s.removed())) {
                changed.add(s);
            }
        }
        changed.sort((a, b) -> Long.compare(a.version(), b.version()));
        return changed;
    }

    private void tick() {
        if (closed) {
            return;
        }
        worker.executeBlocking(() -> {
            underRound(this::readAll);
            return null;
        }, true).onComplete(done -> {
            if (closed) {
                return;
            }
            if (done.failed()) {
                LOG.log(Level.WARNING, "the link watch's round failed; it tries again", done.cause());
            }
            synchronized (this) {
                if (watchers == 0) {
                    reading = false;
                    worker.executeBlocking(() -> {
                        underRound(this::closeSessions);
                        return null;
                    }, true);
                    return;
                }
            }
            vertx.setTimer(Math.max(1, interval.toMillis()), t -> tick());
        });
    }

    private void underRound(Runnable work) {
        round.lock();
        try {
            if (!closed) {
                work.run();
            }
        } finally {
            round.unlock();
        }
    }

    /**
     * The service stops: no round starts after this; the one running, if any, is waited for up to {@code grace}
     * (it uses the journal, which closes next), then the connections to the sides are closed. Blocking.
     */
    void close(Duration grace) {
        closed = true;
        try {
            if (round.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    closeSessions();
                } finally {
                    round.unlock();
                }
            } else {
                LOG.log(Level.WARNING, "a read of the links was still running when the service stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: every registered link read once. Worker thread. */
    private void readAll() {
        List<ServiceLinks.Registered> registered = links.all();
        Set<String> names = new HashSet<>();
        for (ServiceLinks.Registered r : registered) {
            names.add(r.name());
            try {
                read(r);
            } catch (RuntimeException e) {
                // The journal refused an alert, or a side answered in a way the reader did not expect: this link's
                // snapshot says so, and the others are still read.
                LOG.log(Level.WARNING, "the link watch could not read link " + r.name(), e);
                closeSession(r.name());
                publishError(r.name(), "the status could not be read: " + e.getMessage(), null);
            }
        }
        for (String gone : new ArrayList<>(latest.keySet())) {
            if (!names.contains(gone) && !latest.get(gone).removed()) {
                latest.put(gone, new Snapshot(gone, versions.incrementAndGet(), null, null, null, true, null));
                compared.remove(gone);
                monitors.remove(gone);
                closeSession(gone);
            }
        }
        resolveAlertsOfRemovedLinks(names);
    }

    /**
     * Resolves the alerts still open for links no longer registered (removed, whether watched then or not): their
     * monitor is gone, so nothing else would, and a new stream would show them open forever.
     */
    private void resolveAlertsOfRemovedLinks(Set<String> registered) {
        for (JournalAlerts.AlertEvent open : feed.openAlerts(SCOPE_PREFIX, 1_000)) {
            String link = open.scope().substring(SCOPE_PREFIX.length());
            if (registered.contains(link)) {
                continue;
            }
            LinkEvent resolve = new LinkEvent(UUID.randomUUID().toString(), open.type()
                    + AlertTracker.RESOLVED_SUFFIX, Severity.INFO, open.sqlServer(), open.managedInstance(),
                    open.link(), open.database(), open.subject(), "resolved: link " + link + " is no longer "
                    + "registered in the service (removed)", clock.instant(), open.dedupeKey(), open.raisedAt(), true,
                    Map.of());
            alerts.record(new JournalAlerts.AlertEvent(resolve.id(), open.scope(), resolve.dedupeKey(),
                    resolve.type(), resolve.severity().label(), true, resolve.sqlServer(), resolve.managedInstance(),
                    resolve.link(), resolve.database(), resolve.subject(), resolve.message(), resolve.observedAt(),
                    resolve.raisedAt(), new String(CloudEventJson.body(resolve), StandardCharsets.UTF_8)));
        }
    }

    private void read(ServiceLinks.Registered registered) {
        String name = registered.name();
        ResolvedLink link;
        try {
            link = targets.resolve(LinkRequest.from(new JsonObject(registered.request())));
        } catch (RequestRejected e) {
            publishError(name, "the request this link was created with no longer fits the service's configuration: "
                    + e.getMessage(), null);
            return;
        }
        String sqlName = link.spec().sqlServer().displayName();
        String instanceName = link.spec().managedInstance().resource().name();
        LinkMonitor monitor = monitors.computeIfAbsent(name, n -> new LinkMonitor(new LinkStatusReader(clock),
                link.spec().linkNames(), SCOPE_PREFIX + n, AlertThresholds.DEFAULTS, alerts, null, e -> { }, clock));
        LinkSession session = sessions.get(name);
        try {
            if (session == null) {
                session = targets.open(link);
                sessions.put(name, session);
            }
        } catch (Exception e) {
            String why = "cannot open SQL Server or the managed instance: " + e.getMessage();
            monitor.unreachable(sqlName, instanceName, why);
            publishError(name, why, sqlName);
            return;
        }
        // Taken before the read: an operation that ends meanwhile invalidates the link, and what this read saw is
        // then not stored for the status route (LinkStatusCache).
        long generation = cache.generation();
        LinkMonitor.Poll poll = monitor.poll(session, sqlName, instanceName);
        if (poll.status() == null) {
            // The connection may be what broke: open both sides afresh next round.
            closeSession(name);
            publishError(name, poll.failure(), sqlName);
            return;
        }
        cache.put(name, poll.status(), generation);
        String json = LinkStatusJson.render(poll.status(), false);
        JsonObject withoutTime = new JsonObject(json);
        withoutTime.getJsonObject("link").remove("observedAt");
        String key = withoutTime.encode();
        if (!key.equals(compared.get(name)) || latest.get(name) == null || latest.get(name).status() == null) {
            compared.put(name, key);
            latest.put(name, new Snapshot(name, versions.incrementAndGet(), json, LinkStatusEtag.of(poll.status()),
                    null, false, sqlName));
        }
    }

    private void publishError(String name, String why, String target) {
        Snapshot was = latest.get(name);
        compared.remove(name);
        if (was == null || was.error() == null || !was.error().equals(why)) {
            latest.put(name, new Snapshot(name, versions.incrementAndGet(), null, null, why, false, target));
        }
    }

    private void closeSession(String name) {
        LinkSession session = sessions.remove(name);
        if (session != null) {
            ServiceLinkTargets.close(session);
        }
    }

    private void closeSessions() {
        for (String name : new ArrayList<>(sessions.keySet())) {
            closeSession(name);
        }
    }
}
