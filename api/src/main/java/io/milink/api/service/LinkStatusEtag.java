package io.milink.api.service;

import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;

import java.util.Comparator;

/**
 * The entity tag of a link's status: a hash of what a failover depends on, per database, its phase, each side's role
 * and each side's last hardened LSN. A caller who sends it back as {@code If-Match} fails over the state it looked
 * at: a role that changed, a phase that moved, or log hardened since (something still writes, though a planned
 * failover wants the application stopped first) makes it stale, and the failover is refused with 412. Times, queues
 * and seeding percentages are left out, so a status read twice a second apart keeps its tag while nothing that
 * matters has moved.
 */
final class LinkStatusEtag {

    private LinkStatusEtag() {
    }

    /** A strong entity tag, quoted as HTTP writes it. */
    static String of(LinkStatus status) {
        StringBuilder text = new StringBuilder();
        status.databases().stream().sorted(Comparator.comparing(DatabaseStatus::name)).forEach(d -> text
                .append(d.name()).append('\u0000')
                .append(d.link()).append('\u0000')
                .append(d.phase().label()).append('\u0000')
                .append(d.sqlServerRole()).append('\u0000')
                .append(d.managedInstanceRole()).append('\u0000')
                .append(d.lastHardenedLsn().sqlServer()).append('\u0000')
                .append(d.lastHardenedLsn().managedInstance()).append('\n'));
        return "\"" + LinkRequest.sha256(text.toString()).substring(0, 32) + "\"";
    }

    /**
     * Whether an If-Match header names this tag. A weak tag never matches (RFC 9110 13.1.1), and neither does
     * {@code *}: it would fail over whatever state the link is in, which is what If-Match is asked for to prevent.
     */
    static boolean matches(String ifMatch, String etag) {
        for (String candidate : ifMatch.split(",")) {
            if (candidate.trim().equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
