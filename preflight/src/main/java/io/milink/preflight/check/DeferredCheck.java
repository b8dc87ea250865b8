package io.milink.preflight.check;

import io.milink.preflight.facts.Facts;

import java.util.List;

/**
 * A check whose facts milink does not collect yet (the managed instance, the network, certificate chains). It
 * reports SKIP with the reason, never PASS: an unchecked requirement must not look met.
 */
public final class DeferredCheck implements Check {

    private final String id;
    private final String title;
    private final String reason;

    public DeferredCheck(String id, String title, String reason) {
        this.id = id;
        this.title = title;
        this.reason = reason;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Finding> evaluate(Facts facts) {
        return List.of(new Finding(id, Status.SKIP, facts.target(), title, reason, null));
    }
}
