package io.milink.linkmanager.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something the monitor saw happen to a link: a condition raised (once while it holds) or cleared. Immutable; what the
 * journal keeps and a webhook receives (as a CloudEvent, {@link CloudEventJson}).
 *
 * @param id          stable for this event, also across retries: a receiver drops a second delivery with the same id
 * @param type        e.g. {@code link.seeding.stalled}; a cleared condition's is its type with {@code .resolved}
 * @param link        the distributed availability group; null for an event about the whole pair (a failed read)
 * @param database    null for an event about more than one database (a certificate, a failed read)
 * @param subject     what the event is about within the pair, e.g. {@code DAG_Sales/Sales}
 * @param message     in words, with the documented fix where there is one
 * @param observedAt  the read that raised or cleared it
 * @param dedupeKey   the condition's identity: the raise and its resolve share it, and no second raise is made while
 *                    it holds (unless its severity rises)
 * @param raisedAt    when the condition was first seen (for a resolve, when it had been raised)
 * @param facts       the figures behind it (percentages, bytes, dates as text), for the receiver's own rules
 */
public record LinkEvent(String id, String type, Severity severity, String sqlServer, String managedInstance,
                        String link, String database, String subject, String message, Instant observedAt,
                        String dedupeKey, Instant raisedAt, boolean resolved, Map<String, Object> facts) {

    public LinkEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Map<String, Object> copy = new LinkedHashMap<>();
        if (facts != null) {
            facts.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
        }
        facts = java.util.Collections.unmodifiableMap(copy);
    }

    /** One line for a terminal: time, severity, type, subject, message. */
    public String line() {
        return observedAt + " " + severity.label().toUpperCase(java.util.Locale.ROOT) + " " + type + " " + subject
                + ": " + message;
    }
}
