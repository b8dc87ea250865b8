package io.milink.linkmanager;

import java.util.Objects;

/**
 * One object of the link in a plan: what is there ({@code observed}), what the plan does to it, and the action
 * that does it (null when nothing is to do or the step is blocked).
 *
 * @param id       stable identifier, e.g. {@code sql.certificate} or {@code arm.link[Sales]}
 * @param title    what the object is, in words
 * @param observed what was found, in words
 * @param reason   why a BLOCKED step cannot be made, and what to do; null otherwise
 */
public record PlannedStep(String id, Side side, String title, String observed, Change change, String reason,
                          StepAction action) {

    public PlannedStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(change, "change");
        if (changes(change) && action == null) {
            throw new IllegalArgumentException(id + ": a change needs an action");
        }
    }

    static PlannedStep unchanged(String id, Side side, String title, String observed) {
        return new PlannedStep(id, side, title, observed, Change.NONE, null, null);
    }

    static PlannedStep blocked(String id, Side side, String title, String observed, String reason) {
        return new PlannedStep(id, side, title, observed, Change.BLOCKED, reason, null);
    }

    public boolean changes() {
        return changes(change);
    }

    private static boolean changes(Change change) {
        return change == Change.CREATE || change == Change.UPDATE || change == Change.DELETE
                || change == Change.REPLACE;
    }
}
