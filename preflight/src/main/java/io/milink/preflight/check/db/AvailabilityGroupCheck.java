package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/**
 * {@code db.availabilityGroup}: milink creates an availability group for the link. A database already in one can
 * only be linked through that group, and in single-database mode that group must hold exactly this database
 * (mi-link-workflow.md §1.7, §1.9).
 */
public final class AvailabilityGroupCheck extends DatabaseCheck {

    public AvailabilityGroupCheck() {
        super("db.availabilityGroup", "Not in another availability group");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (database.availabilityGroup() == null) {
            return finding(database.name(), Status.PASS, "not in an availability group", null);
        }
        return finding(database.name(), Status.WARN, "already in availability group '"
                + database.availabilityGroup() + "'", Remediation.manual("Link through that availability group "
                + "(name it in the spec) if it holds only this database; otherwise remove the database from it "
                + "or create a separate group."));
    }
}
