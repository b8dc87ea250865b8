package io.milink.linkmanager.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * When the detectors raise (docs/monitoring.md, "Alerts"; the spec's {@code alerts.thresholds}).
 *
 * @param seedingStallWindow      seeding that sent no byte for this long is stalled
 * @param seedingCancelWarning    seeding this long after the link's first seeding attempt is near the automatic cancel
 *                                (Azure cancels link creation whose seeding has not finished after 6 days:
 *                                mi-link-workflow.md §3.11, §7.4)
 * @param logWarningPercent       the log this full while the link holds it back (log_reuse_wait_desc
 *                                AVAILABILITY_REPLICA) is a warning
 * @param logCriticalPercent      the log this full is critical whatever holds it: at 100 % replication stops (§7.5)
 * @param certificateWarning      a certificate expiring within this is a warning
 * @param certificateCritical     within this (or expired), critical
 */
public record AlertThresholds(Duration seedingStallWindow, Duration seedingCancelWarning, double logWarningPercent,
                              double logCriticalPercent, Duration certificateWarning, Duration certificateCritical) {

    /** Azure cancels link creation when seeding has not finished this long after it started (Doc, §3.11, §7.4). */
    public static final Duration SEEDING_CANCEL = Duration.ofDays(6);

    public static final AlertThresholds DEFAULTS = new AlertThresholds(Duration.ofMinutes(10), Duration.ofDays(5),
            80, 95, Duration.ofDays(30), Duration.ofDays(7));

    public AlertThresholds {
        positive(seedingStallWindow, "seedingStallWindow");
        positive(seedingCancelWarning, "seedingCancelWarning");
        positive(certificateWarning, "certificateWarning");
        positive(certificateCritical, "certificateCritical");
        if (seedingCancelWarning.compareTo(SEEDING_CANCEL) >= 0) {
            throw new IllegalArgumentException("seedingCancelWarning must be shorter than the 6 days after which "
                    + "Azure cancels seeding, not " + seedingCancelWarning);
        }
        if (!(logWarningPercent > 0 && logWarningPercent <= logCriticalPercent && logCriticalPercent <= 100)) {
            throw new IllegalArgumentException("log percentages must satisfy 0 < logWarningPercent <= "
                    + "logCriticalPercent <= 100, not " + logWarningPercent + " and " + logCriticalPercent);
        }
        if (certificateCritical.compareTo(certificateWarning) > 0) {
            throw new IllegalArgumentException("certificateCritical (" + certificateCritical + ") must not be longer "
                    + "than certificateWarning (" + certificateWarning + ")");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than zero, not " + d);
        }
    }
}
