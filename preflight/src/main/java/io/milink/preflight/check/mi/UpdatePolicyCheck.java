package io.milink.preflight.check.mi;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.check.Version;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.List;

/**
 * {@code mi.updatePolicy}: failing back from the managed instance to SQL Server needs the instance's update policy
 * to match the SQL Server version (SQLServer2022 for 2022, SQLServer2025 for 2025); AlwaysUpToDate makes the link
 * one-way. 2016-2019 links are one-way whatever the policy. A 2025 database cannot go to an instance on the 2022
 * policy at all (mi-link-workflow.md §1.1, §1.3, §1.4).
 */
public final class UpdatePolicyCheck extends ManagedInstanceCheck {

    public UpdatePolicyCheck() {
        super("mi.updatePolicy", "Update policy allows fail-back to this SQL Server");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        String policy = mi.updatePolicy() == null ? "unknown" : mi.updatePolicy();
        if (facts.sqlServer() == null) {
            return List.of(finding(facts, Status.SKIP, "not evaluated: SQL Server could not be read", null));
        }
        int major;
        try {
            major = Version.parse(facts.sqlServer().productVersion()).major();
        } catch (IllegalArgumentException e) {
            return List.of(finding(facts, Status.SKIP, "SQL Server's version is unreadable", null));
        }
        String wanted = major == 16 ? "SQLServer2022" : major == 17 ? "SQLServer2025" : null;
        if (wanted == null) {
            return List.of(finding(facts, Status.PASS, "update policy " + policy + "; a link from this SQL Server "
                    + "version is one-way (SQL Server to managed instance) whatever the policy", null));
        }
        if (major == 17 && "SQLServer2022".equalsIgnoreCase(policy)) {
            // A database never moves to an older engine; the documentation says it for multi-database links
            // ("2025 -> 2025/Always-up-to-date, not 2022", mi-link-workflow.md §1.3).
            return List.of(finding(facts, Status.FAIL, "update policy SQLServer2022: a SQL Server 2025 database "
                    + "cannot replicate to an instance on the SQL Server 2022 policy (its engine is older)",
                    io.milink.preflight.check.Remediation.manual("Use an instance with the SQLServer2025 update "
                            + "policy (fail-back possible) or AlwaysUpToDate (one-way).")));
        }
        if (wanted.equalsIgnoreCase(policy)) {
            return List.of(finding(facts, Status.PASS, "update policy " + policy + ": fail-back to SQL Server is "
                    + "possible", null));
        }
        return List.of(finding(facts, Status.WARN, "update policy " + policy + ": the link works one way only; "
                + "fail-back to this SQL Server needs " + wanted, io.milink.preflight.check.Remediation.manual(
                "If you need fail-back, use an instance with the " + wanted + " update policy (it cannot be "
                        + "changed back once AlwaysUpToDate).")));
    }
}
