package io.milink.linkmanager.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * Turns the conditions seen in each read into events, once: a condition raises an event when it first appears (or
 * its severity rises), nothing while it holds, and a {@code .resolved} event when a read no longer shows it. What it
 * keeps per link is the open conditions and each seeding database's progress, so the cost stays flat per link.
 * The open conditions come from and go to the journal ({@link OpenAlert}), so a restarted monitor neither raises
 * again what it already raised nor forgets to resolve it. One tracker per SQL Server and instance pair; not
 * thread-safe: one poller drives it.
 */
public final class AlertTracker {

    /** The monitor could not read a side: one condition for the pair, resolved by the next read that works. */
    public static final String READ_FAILED = "link.monitor.readFailed";
    public static final String RESOLVED_SUFFIX = ".resolved";

    /**
     * A condition that raised an event and has not cleared.
     *
     * @param event the raise (its id, type, severity, subject and time)
     */
    public record OpenAlert(LinkEvent event) {
        public OpenAlert {
            Objects.requireNonNull(event, "event");
        }
    }

    private final AlertThresholds thresholds;
    private final Map<String, OpenAlert> open = new LinkedHashMap<>();
    private final Map<String, SeedingProgress> seeding = new HashMap<>();

    /** @param alreadyOpen what the journal says is open for this pair (raised before a restart) */
    public AlertTracker(AlertThresholds thresholds, List<OpenAlert> alreadyOpen) {
        this(thresholds, alreadyOpen, Map.of());
    }

    /**
     * @param alreadyOpen what the journal says is open for this pair (raised before a restart)
     * @param seeding     how far each database's seeding had got at the reads before ({@link #seedingProgress()} of
     *                    the tracker that made them), so a stall is judged across a change of reader
     */
    public AlertTracker(AlertThresholds thresholds, List<OpenAlert> alreadyOpen, Map<String, SeedingProgress> seeding) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        for (OpenAlert a : alreadyOpen) {
            open.put(a.event().dedupeKey(), a);
        }
        this.seeding.putAll(seeding);
    }

    /**
     * What a stall detector remembers between reads, by {@code <distributed AG>/<database>}: what another tracker of
     * the same pair takes over ({@link #AlertTracker(AlertThresholds, List, Map)}).
     */
    public Map<String, SeedingProgress> seedingProgress() {
        return Map.copyOf(seeding);
    }

    /** The open conditions, in the order they were raised. */
    public List<OpenAlert> open() {
        return List.copyOf(open.values());
    }

    /** The events this read causes: raises, escalations and resolutions, in that order. */
    public List<LinkEvent> observe(LinkStatus status) {
        Instant now = status.observedAt();
        Map<String, Condition> seen = new LinkedHashMap<>();
        for (DatabaseStatus db : status.databases()) {
            String progressKey = db.link() + "/" + db.name();
            SeedingProgress progress = SeedingProgress.next(seeding.get(progressKey), db, now);
            if (progress == null) {
                seeding.remove(progressKey);
            } else {
                seeding.put(progressKey, progress);
            }
            for (Condition c : LinkDetectors.detect(db, progress, now, thresholds)) {
                seen.merge(dedupeKey(status.sqlServer(), status.managedInstance(), c), c,
                        (a, b) -> b.severity().compareTo(a.severity()) > 0 ? b : a);
            }
        }
        List<LinkEvent> events = new ArrayList<>();
        seen.forEach((key, c) -> {
            OpenAlert was = open.get(key);
            if (was == null || c.severity().compareTo(was.event().severity()) > 0) {
                Instant raisedAt = was == null ? now : was.event().raisedAt();
                LinkEvent raised = event(status.sqlServer(), status.managedInstance(), c, key, now, raisedAt, false);
                open.put(key, new OpenAlert(raised));
                events.add(raised);
            }
        });
        for (Iterator<Map.Entry<String, OpenAlert>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, OpenAlert> e = it.next();
            if (!seen.containsKey(e.getKey())) {
                events.add(resolved(e.getValue().event(), now));
                it.remove();
            }
        }
        return events;
    }

    /**
     * A read that failed: one condition for the pair until a read works again. The other open conditions stay open:
     * nothing is known about them.
     *
     * @param what what failed, in words, with its error (never a secret: errors carry none)
     */
    public List<LinkEvent> readFailed(String sqlServer, String managedInstance, String what, Instant now) {
        Condition c = new Condition(READ_FAILED, Severity.WARNING, null, null, "monitor",
                "the monitor could not read the link: " + what + "; nothing about the link is known until a read "
                        + "works again: check that SQL Server and Azure answer and that the monitor may sign in",
                Map.of());
        String key = dedupeKey(sqlServer, managedInstance, c);
        if (open.containsKey(key)) {
            return List.of();
        }
        LinkEvent raised = event(sqlServer, managedInstance, c, key, now, now, false);
        open.put(key, new OpenAlert(raised));
        return List.of(raised);
    }

    private static String dedupeKey(String sqlServer, String managedInstance, Condition c) {
        return String.join("|", c.type(), String.valueOf(sqlServer), String.valueOf(managedInstance), c.subject());
    }

    private static LinkEvent event(String sqlServer, String managedInstance, Condition c, String key, Instant now,
                                   Instant raisedAt, boolean resolved) {
        return new LinkEvent(id(key, now, c.severity(), resolved), c.type(), c.severity(), sqlServer,
                managedInstance, c.link(), c.database(), c.subject(), c.message(), now, key, raisedAt, resolved,
                c.facts());
    }

    private static LinkEvent resolved(LinkEvent raised, Instant now) {
        String message = "cleared: " + raised.subject() + " no longer shows " + raised.type() + " (raised at "
                + raised.raisedAt() + ")";
        return new LinkEvent(id(raised.dedupeKey(), now, Severity.INFO, true), raised.type() + RESOLVED_SUFFIX,
                Severity.INFO, raised.sqlServer(), raised.managedInstance(), raised.link(), raised.database(),
                raised.subject(), message, now, raised.dedupeKey(), raised.raisedAt(), true, Map.of());
    }

    /** A name-based id: the same condition, time and kind always give the same id, so a re-sent event dedupes. */
    private static String id(String key, Instant at, Severity severity, boolean resolved) {
        return UUID.nameUUIDFromBytes((key + "|" + at + "|" + severity + "|" + (resolved ? "resolved" : "raised"))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
