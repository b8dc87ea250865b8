package io.milink.preflight.check.db;

import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/**
 * {@code db.tde}: a TDE-encrypted database replicates only once its TDE certificate is on the managed instance
 * (mi-link-workflow.md §1.7, §7.9).
 */
public final class TdeCheck extends DatabaseCheck {

    public TdeCheck() {
        super("db.tde", "Transparent data encryption");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if (!database.isTdeEncrypted()) {
            return finding(database.name(), Status.PASS, "not encrypted with TDE", null);
        }
        return finding(database.name(), Status.WARN, "encrypted with TDE (encryption_state 3): the TDE certificate "
                + "must reach the managed instance before the link is created", Remediation.manual(
                "Migrate the TDE certificate to the managed instance first (Microsoft Learn: \"Migrate a certificate "
                        + "of a TDE-protected database to Azure SQL Managed Instance\")."));
    }
}
