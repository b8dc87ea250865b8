package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * {@code mi.failoverGroup}: a link cannot be created on a managed instance that is in a failover group, and a failover
 * group cannot be added to one with a link (mi-link-workflow.md §1.4, §8).
 */
public final class FailoverGroupCheck extends ManagedInstanceCheck {

    public FailoverGroupCheck() {
        super("mi.failoverGroup", "Managed instance is in no failover group");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (mi.failoverGroups() == null) {
            return List.of(finding(facts, Status.SKIP, "the instance failover groups could not be listed: "
                    + mi.failoverGroupsError(), null));
        }
        if (mi.failoverGroups().isEmpty()) {
            return List.of(finding(facts, Status.PASS, "in no instance failover group", null));
        }
        String group = mi.failoverGroups().get(0);
        String resourceGroup = ManagedInstanceRef.parse(mi.resourceId()).resourceGroup();
        return List.of(finding(facts, Status.FAIL, "in instance "
                + Plural.noun(mi.failoverGroups().size(), "failover group", "failover groups") + " "
                + String.join(", ",
                mi.failoverGroups()) + ": a linked instance cannot be in a failover group", Remediation.manual(
                "Link to an instance outside failover groups, or remove this one from the group: az sql "
                        + "instance-failover-group delete --name " + ShellQuote.bash(group) + " --location "
                        + ShellQuote.bash(mi.location()) + " --resource-group " + ShellQuote.bash(resourceGroup))));
    }
}
