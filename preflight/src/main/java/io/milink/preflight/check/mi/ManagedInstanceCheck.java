package io.milink.preflight.check.mi;

import io.milink.preflight.check.Check;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * A check of the managed instance. Without one named there is nothing to judge (SKIP, saying how to name it); when
 * reading it failed, {@code mi.exists} carries the failure and the others SKIP.
 */
public abstract class ManagedInstanceCheck implements Check {

    private final String id;
    private final String title;

    protected ManagedInstanceCheck(String id, String title) {
        this.id = id;
        this.title = title;
    }

    @Override
    public final String id() {
        return id;
    }

    protected final String title() {
        return title;
    }

    @Override
    public final List<Finding> evaluate(Facts facts) {
        ManagedInstanceFacts mi = facts.managedInstance();
        if (mi == null) {
            return List.of(finding(facts, Status.SKIP, "no managed instance named: pass --mi RESOURCE_ID, or give "
                    + "managedInstance.resourceId in the spec (a rehearsal: a scenario with a managedInstance: section)", null));
        }
        if (!mi.read() && !reportsReadFailure()) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: the managed instance could not be read "
                    + "(see mi.exists)", null));
        }
        return evaluate(facts, mi);
    }

    /** Only mi.exists reports a failed read. */
    protected boolean reportsReadFailure() {
        return false;
    }

    protected abstract List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi);

    protected final Finding finding(Facts facts, Status status, String evidence,
                                    io.milink.preflight.check.Remediation remediation) {
        return new Finding(id, status, facts.target(), title, evidence, remediation);
    }

    protected final Finding finding(String target, Status status, String evidence,
                                    io.milink.preflight.check.Remediation remediation) {
        return new Finding(id, status, target, title, evidence, remediation);
    }
}
