package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.exists}: each database named for the link exists on the instance. */
public final class ExistsCheck extends DatabaseCheck {

    public ExistsCheck() {
        super("db.exists", "Database exists");
    }

    @Override
    protected boolean reportsMissing() {
        return true;
    }

    @Override
    protected boolean reportsSystemDatabases() {
        return true;
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        return finding(database.name(), Status.PASS, "database_id " + database.databaseId(), null);
    }
}
