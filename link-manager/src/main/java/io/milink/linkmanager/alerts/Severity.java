package io.milink.linkmanager.alerts;

import java.util.Locale;

/** How urgent an event is. Ordered: a later constant is more severe. */
public enum Severity {
    /** Worth knowing, nothing to do: a condition cleared. */
    INFO,
    /** Act soon: it will break the link if left alone (a stall, a log filling up, a certificate expiring). */
    WARNING,
    /** Act now: the link is broken or about to be (disconnected, seeding failed, a log backup during seeding). */
    CRITICAL;

    /** The name as events, the journal and the docs write it: {@code info}, {@code warning}, {@code critical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
