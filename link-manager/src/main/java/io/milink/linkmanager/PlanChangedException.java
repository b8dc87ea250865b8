package io.milink.linkmanager;

/** What a person confirmed is no longer what would run: nothing was changed, and the plan must be shown again. */
public final class PlanChangedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PlanChangedException(String message) {
        super(message);
    }
}
