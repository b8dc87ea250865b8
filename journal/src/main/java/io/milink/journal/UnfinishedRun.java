package io.milink.journal;

import java.time.Instant;

/**
 * An earlier run on a target that did not succeed: it was interrupted (its process ended, or it was closed before
 * finishing) or it failed.
 *
 * @param state         {@code INTERRUPTED} or {@code FAILED}
 * @param lastStep      the last step it started, or null when it stopped before its first
 * @param lastStepState {@code STARTED} (it stopped during that step), {@code DONE} or {@code FAILED}; null with no step
 */
public record UnfinishedRun(String id, String kind, String state, Instant startedAt, String lastStep,
                            String lastStepState) {

    /** Where it stopped, in words: "during step X", "after step X", "at step X, which failed", "before its first step". */
    public String whereItStopped() {
        if (lastStep == null) {
            return "before its first step";
        }
        return switch (lastStepState) {
            case "DONE" -> "after step " + lastStep;
            case "FAILED" -> "at step " + lastStep + ", which failed";
            default -> "during step " + lastStep;
        };
    }
}
