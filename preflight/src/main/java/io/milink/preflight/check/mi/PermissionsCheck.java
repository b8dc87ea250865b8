package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.core.azure.LinkRequiredActions;
import io.milink.core.azure.PermissionGrant;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * {@code mi.permissions}: the identity milink runs as holds, on the managed instance, every Azure RBAC action the link
 * needs: the documented custom-role list, kept once in core ({@link LinkRequiredActions}; mi-link-workflow.md
 * §1.5). Judged from Microsoft.Authorization's permissions list for the caller, as Azure RBAC does: an action is
 * allowed when one role's actions match it and that role's notActions do not.
 */
public final class PermissionsCheck extends ManagedInstanceCheck {

    private final List<String> required;

    public PermissionsCheck() {
        this(LinkRequiredActions.all());
    }

    PermissionsCheck(List<String> required) {
        super("mi.permissions", "Azure permissions for the link");
        this.required = List.copyOf(required);
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (mi.permissions() == null) {
            return List.of(finding(facts, Status.SKIP, "the caller's permissions could not be read: "
                    + mi.permissionsError(), null));
        }
        List<PermissionGrant> grants = mi.permissions().stream()
                .map(p -> new PermissionGrant(p.actions(), p.notActions())).toList();
        List<String> missing = required.stream().filter(a -> !PermissionGrant.anyAllows(grants, a)).toList();
        if (missing.isEmpty()) {
            return List.of(finding(facts, Status.PASS, "all " + required.size() + " actions the link needs are "
                    + "granted", null));
        }
        return List.of(finding(facts, Status.FAIL, missing.size() + " of " + required.size() + " actions the link "
                + "needs are not granted: " + String.join(", ", missing), Remediation.manual(
                "Assign the built-in role to the identity milink runs as: az role assignment create --assignee "
                        + "PRINCIPAL_ID --role \"SQL Managed Instance Contributor\" --scope "
                        + ShellQuote.bash(mi.resourceId())
                        + "\nor a custom role with the actions listed in docs/azure.md.")));
    }
}
