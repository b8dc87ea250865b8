package io.milink.preflight.check.mi;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/** {@code mi.exists}: the managed instance named can be read over Azure Resource Manager. */
public final class ExistsCheck extends ManagedInstanceCheck {

    public ExistsCheck() {
        super("mi.exists", "Managed instance exists and can be read");
    }

    @Override
    protected boolean reportsReadFailure() {
        return true;
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (mi.read()) {
            return List.of(finding(facts, Status.PASS, mi.resourceId() + " (" + mi.fqdn() + ")", null));
        }
        String evidence = mi.resourceId() + ": " + (mi.errorCode() == null ? "" : mi.errorCode() + ": ")
                + mi.errorMessage();
        if ("ResourceNotFound".equalsIgnoreCase(mi.errorCode()) || "ResourceGroupNotFound".equalsIgnoreCase(
                mi.errorCode()) || "SubscriptionNotFound".equalsIgnoreCase(mi.errorCode())) {
            return List.of(finding(facts, Status.FAIL, evidence, Remediation.manual("Check the subscription, "
                    + "resource group and instance name (az sql mi show --ids RESOURCE_ID).")));
        }
        String fix = mi.errorStatus() == 401 || mi.errorStatus() == 403
                ? "Grant the identity milink runs as read access to the managed instance (docs/azure.md lists the "
                + "actions), or sign in as one that has it."
                : "Read the error above; run with --debug for the full response.";
        return List.of(finding(facts, Status.ERROR, evidence, Remediation.manual(fix)));
    }
}
