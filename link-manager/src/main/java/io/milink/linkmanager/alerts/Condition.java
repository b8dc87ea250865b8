package io.milink.linkmanager.alerts;

import java.util.Map;
import java.util.Objects;

/**
 * A condition a detector sees in one read: what the {@link AlertTracker} turns into an event when it starts (or gets
 * worse) and into a resolved event when it is no longer seen.
 *
 * @param type     the event type, e.g. {@code link.disconnected}
 * @param link     the distributed availability group, or null for a condition of the whole pair
 * @param database the database, or null when the condition is not one database's (a certificate)
 * @param subject  what it is about, unique per condition of this type within the pair
 */
public record Condition(String type, Severity severity, String link, String database, String subject,
                        String message, Map<String, Object> facts) {

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        facts = facts == null ? Map.of() : facts;
    }
}
