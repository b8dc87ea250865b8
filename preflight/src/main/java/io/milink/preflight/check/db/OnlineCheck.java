package io.milink.preflight.check.db;

import io.milink.core.Tsql;
import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.online}: a database must be ONLINE to be backed up and seeded. */
public final class OnlineCheck extends DatabaseCheck {

    public OnlineCheck() {
        super("db.online", "Database is online");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if ("ONLINE".equalsIgnoreCase(database.state())) {
            return finding(database.name(), Status.PASS, "state ONLINE", null);
        }
        return finding(database.name(), Status.FAIL, "state " + database.state(), Remediation.tsql(
                "-- If the database is OFFLINE; other states (RESTORING, RECOVERY_PENDING, SUSPECT) need their own "
                        + "recovery.\nALTER DATABASE " + Tsql.quoteName(database.name()) + " SET ONLINE;"));
    }
}
