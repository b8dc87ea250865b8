package io.milink.linkmanager;

import java.util.List;

/** The objects of a link, in creation order, each with what must happen to it. */
public record LinkPlan(List<PlannedStep> steps) {

    public LinkPlan {
        steps = List.copyOf(steps);
    }

    /** The steps that create or change something. */
    public List<PlannedStep> changes() {
        return steps.stream().filter(PlannedStep::changes).toList();
    }

    /** The steps that cannot be made as things are: nothing may run while there is one. */
    public List<PlannedStep> blocked() {
        return steps.stream().filter(s -> s.change() == Change.BLOCKED).toList();
    }

    public boolean nothingToDo() {
        return changes().isEmpty() && blocked().isEmpty();
    }
}
