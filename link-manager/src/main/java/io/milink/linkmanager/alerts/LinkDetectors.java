package io.milink.linkmanager.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.milink.linkmanager.LinkStatus.CertificateValidity;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;
import io.milink.linkmanager.LinkStatus.Signals;
import io.milink.linkmanager.LinkStatusReader;

/**
 * The detectors: pure functions of one database's status, what the monitor remembers of its seeding, and the time.
 * No I/O: everything they read came with the status, in its one SQL Server batch and one ARM list. Each condition's
 * meaning and fix are documented in docs/monitoring.md, "Alerts".
 */
public final class LinkDetectors {

    public static final String SEEDING_FAILED = "link.seeding.failed";
    public static final String SEEDING_STALLED = "link.seeding.stalled";
    public static final String SEEDING_CANCEL_APPROACHING = "link.seeding.cancelApproaching";
    public static final String LOG_BACKUP_DURING_SEEDING = "link.seeding.logBackup";
    public static final String DISCONNECTED = "link.disconnected";
    public static final String LOG_FILLING = "link.log.filling";
    public static final String CERTIFICATE_EXPIRING = "link.certificate.expiring";

    private LinkDetectors() {
    }

    /** Every condition that holds for {@code db} now. */
    public static List<Condition> detect(DatabaseStatus db, SeedingProgress progress, Instant now,
                                         AlertThresholds t) {
        List<Condition> found = new ArrayList<>();
        String subject = db.link() + "/" + db.name();
        Signals s = db.signals();
        switch (db.phase()) {
            case SEEDING_FAILED -> found.add(new Condition(SEEDING_FAILED, Severity.CRITICAL, db.link(), db.name(),
                    subject, "seeding of " + db.name() + " failed and does not resume: " + String.join("; ",
                    db.reasons()), facts("phase", db.phase().label(), "replicaState", db.replicaState())));
            case DISCONNECTED -> found.add(new Condition(DISCONNECTED, Severity.CRITICAL, db.link(), db.name(),
                    subject, db.name() + " does not replicate: " + String.join("; ", db.reasons()),
                    facts("phase", db.phase().label(), "synchronizationState", db.synchronizationState(),
                            "replicaState", db.replicaState(), "logSendQueueKb", db.logSendQueueKb(),
                            "lagSeconds", db.lagSeconds())));
            case SEEDING -> seeding(found, db, subject, progress, now, t);
            default -> {
            }
        }
        if (s.logUsedPercent() != null) {
            boolean critical = s.logUsedPercent() >= t.logCriticalPercent();
            if (critical || s.logUsedPercent() >= t.logWarningPercent() && s.logHeldByLink()) {
                found.add(new Condition(LOG_FILLING, critical ? Severity.CRITICAL : Severity.WARNING, db.link(),
                        db.name(), subject, LinkStatusReader.logText(db.name(), s),
                        facts("logUsedPercent", s.logUsedPercent(), "logReuseWait", s.logReuseWait())));
            }
        }
        for (CertificateValidity c : s.certificates()) {
            Duration left = Duration.between(now, c.expiry());
            if (left.compareTo(t.certificateWarning()) >= 0) {
                continue;
            }
            boolean critical = left.compareTo(t.certificateCritical()) < 0;
            String when = left.isNegative() || left.isZero() ? "expired on " + c.expiry()
                    : "expires on " + c.expiry() + ", in " + days(left);
            // One condition per certificate, whichever database it came with: the key has no database.
            found.add(new Condition(CERTIFICATE_EXPIRING, critical ? Severity.CRITICAL : Severity.WARNING, null,
                    null, c.role().id() + "/" + c.name(), c.role().label() + " [" + c.name() + "] " + when
                    + ": the link fails without a valid one; " + c.role().remedy(),
                    facts("role", c.role().id(), "certificate", c.name(), "expiresAt", c.expiry().toString())));
        }
        return found;
    }

    private static void seeding(List<Condition> found, DatabaseStatus db, String subject, SeedingProgress progress,
                                Instant now, AlertThresholds t) {
        Signals s = db.signals();
        if (s.logBackupDuringSeeding(db.phase())) {
            found.add(new Condition(LOG_BACKUP_DURING_SEEDING, Severity.CRITICAL, db.link(), db.name(), subject,
                    "a log backup of " + db.name() + " started at " + s.lastLogBackupAt() + ", after seeding started "
                    + "at " + s.seedingStartedAt() + ": it can truncate log the secondary still needs (errors "
                    + "1408/1412 on the instance), and then the link must be removed and made again; pause log "
                    + "backups until seeding is done (or use trace flag 12381 where the build has it)",
                    facts("lastLogBackupAt", s.lastLogBackupAt().toString(),
                            "seedingStartedAt", s.seedingStartedAt().toString())));
        }
        if (progress != null && progress.progress() >= 0) {
            Duration still = Duration.between(progress.lastProgressAt(), now);
            if (still.compareTo(t.seedingStallWindow()) >= 0) {
                found.add(new Condition(SEEDING_STALLED, Severity.WARNING, db.link(), db.name(), subject,
                        "seeding of " + db.name() + " has made no progress for " + minutes(still) + " ("
                        + (db.seeding() != null ? db.seeding().transferredBytes() + " of "
                        + db.seeding().databaseSizeBytes() + " bytes sent" : db.seedingPercent() + " %") + "): "
                        + "check SQL Server's log disk (a full log pauses it), the network between SQL Server and "
                        + "the instance, and both sides' error logs; a lost connection starts seeding over",
                        facts("transferredBytes", db.seeding() == null ? null : db.seeding().transferredBytes(),
                                "seedingPercent", db.seedingPercent(),
                                "lastProgressAt", progress.lastProgressAt().toString())));
            }
        }
        if (s.firstSeedingStartedAt() != null) {
            Duration age = Duration.between(s.firstSeedingStartedAt(), now);
            if (age.compareTo(t.seedingCancelWarning()) >= 0) {
                Instant cancelAt = s.firstSeedingStartedAt().plus(AlertThresholds.SEEDING_CANCEL);
                Long eta = db.seeding() == null ? null : db.seeding().etaSeconds();
                boolean lateEta = eta == null || now.plusSeconds(eta).isAfter(cancelAt);
                found.add(new Condition(SEEDING_CANCEL_APPROACHING, lateEta ? Severity.CRITICAL : Severity.WARNING,
                        db.link(), db.name(), subject, "seeding of " + db.name() + " started "
                        + days(age) + " ago (" + s.firstSeedingStartedAt() + "); Azure cancels a link whose seeding "
                        + "has not finished 6 days after it was created, at about " + cancelAt
                        + (eta == null ? "; the remaining time is unknown"
                        : lateEta ? "; at the current rate it needs " + minutes(Duration.ofSeconds(eta))
                        + " more and will not finish in time" : "; at the current rate it finishes in "
                        + minutes(Duration.ofSeconds(eta)))
                        + ": give seeding more bandwidth (other links seeding at the same time share it), or plan to "
                        + "remove the link and create it again",
                        facts("seedingStartedAt", s.firstSeedingStartedAt().toString(), "cancelAt",
                                cancelAt.toString(), "etaSeconds", eta)));
            }
        }
    }

    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m < 120 ? m + " min" : String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0);
    }

    private static String days(Duration d) {
        return String.format(Locale.ROOT, "%.1f days", d.toMinutes() / 1440.0);
    }
}
