package io.milink.linkmanager;

import java.util.stream.Collectors;

/** A plan has steps that cannot be made as things are: nothing ran. The message lists each and what to do. */
public final class LinkBlockedException extends Exception {

    private final transient LinkPlan plan;

    public LinkBlockedException(LinkPlan plan) {
        super("nothing was changed: " + plan.blocked().size() + " object(s) cannot be made as things are:\n"
                + plan.blocked().stream().map(s -> "  - " + s.title() + ": " + s.reason())
                .collect(Collectors.joining("\n")));
        this.plan = plan;
    }

    public LinkPlan plan() {
        return plan;
    }
}
