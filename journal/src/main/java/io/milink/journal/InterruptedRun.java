package io.milink.journal;

import java.time.Instant;

/**
 * A run that stopped without finishing.
 *
 * @param lastStep      the last step it started, or null when it stopped before its first
 * @param lastStepState {@code STARTED} (it stopped during that step), {@code DONE} or {@code FAILED}; null with no step
 */
public record InterruptedRun(String id, String kind, Instant startedAt, String lastStep, String lastStepState) {
}
