package io.milink.preflight.check.sql;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.InstanceCheck;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.SqlServerFacts;

/**
 * {@code sql.masterKey}: the database master key in master protects the link certificate's private key
 * (mi-link-workflow.md §1.6, §3.1).
 */
public final class MasterKeyCheck extends InstanceCheck {

    public static final String ID = "sql.masterKey";

    public MasterKeyCheck() {
        super(ID, "Database master key in master");
    }

    @Override
    protected Finding evaluate(String target, SqlServerFacts server) {
        if (server.masterKeyPresent()) {
            return finding(target, Status.PASS, "##MS_DatabaseMasterKey## (symmetric_key_id 101) exists in master",
                    null);
        }
        return finding(target, Status.FAIL, "no database master key in master", Remediation.tsql(
                "-- Store the password in your secret store: it is needed to restore the key elsewhere.\n"
                        + "USE [master];\n"
                        + "IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101)\n"
                        + "    CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'<strong password>';"));
    }
}
