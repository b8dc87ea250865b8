package io.milink.preflight.check.db;

import io.milink.core.Tsql;
import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

/** {@code db.recoveryModel}: a linked database must use the FULL recovery model (mi-link-workflow.md §1.7). */
public final class RecoveryModelCheck extends DatabaseCheck {

    public RecoveryModelCheck() {
        super("db.recoveryModel", "Full recovery model");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        if ("FULL".equalsIgnoreCase(database.recoveryModel())) {
            return finding(database.name(), Status.PASS, "recovery model FULL", null);
        }
        String name = Tsql.quoteName(database.name());
        return finding(database.name(), Status.FAIL, "recovery model " + database.recoveryModel(),
                Remediation.tsql("ALTER DATABASE " + name + " SET RECOVERY FULL;\n"
                        + "-- A full backup after the switch starts the log chain (see db.fullBackup):\n"
                        + "BACKUP DATABASE " + name + " TO DISK = N'<backup path>' WITH CHECKSUM;"));
    }
}
