package io.milink.preflight.check.mi;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code mi.nameCollision}: the link creates each database on the managed instance under its own name; a database
 * of that name already there makes ARM refuse the link (ManagedDatabaseNameInUse; shared/reference/arm-api.md).
 */
public final class NameCollisionCheck extends ManagedInstanceCheck {

    public NameCollisionCheck() {
        super("mi.nameCollision", "No database of the same name on the managed instance");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        List<Finding> findings = new ArrayList<>();
        if (facts.requestedDatabases().isEmpty()) {
            findings.add(finding(facts, Status.SKIP, "no database was named; pass --database NAME", null));
            return findings;
        }
        if (mi.databases() == null) {
            findings.add(finding(facts, Status.SKIP, "the managed instance's databases could not be listed: "
                    + mi.databasesError(), null));
            return findings;
        }
        for (String database : facts.requestedDatabases()) {
            boolean taken = mi.databases().stream().anyMatch(d -> d.equalsIgnoreCase(database));
            findings.add(taken
                    ? finding(database, Status.FAIL, "the managed instance already has a database named '" + database
                    + "'", Remediation.manual("Drop or rename the managed instance's database, or link to "
                    + "another instance."))
                    : finding(database, Status.PASS, "no database of that name on the managed instance", null));
        }
        return findings;
    }
}
