package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * {@code mi.state}: a link is created on a Ready instance; a stopped one answers ARM with
 * ManagedInstanceStoppingOrStopped (shared/reference/arm-api.md).
 */
public final class StateCheck extends ManagedInstanceCheck {

    public StateCheck() {
        super("mi.state", "Managed instance is Ready");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        String state = mi.state() == null ? "unknown" : mi.state();
        if ("Ready".equalsIgnoreCase(state)) {
            return List.of(finding(facts, Status.PASS, "state Ready", null));
        }
        String fix = state.equalsIgnoreCase("Stopped") || state.equalsIgnoreCase("Stopping")
                ? "Start it: az sql mi start --ids " + ShellQuote.bash(mi.resourceId())
                : "Wait until the current operation finishes and the state is Ready, then run preflight again.";
        return List.of(finding(facts, Status.FAIL, "state " + state, Remediation.manual(fix)));
    }
}
