package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.milink.core.Tsql;
import io.milink.core.spec.SecretSource;

/**
 * CREATE MASTER KEY (Doc, scripts page §3.1), its password read from the spec's reference only when it runs. The
 * plan and the script show a sqlcmd variable in its place: the password is never printed.
 */
record CreateMasterKey(SecretSource password) implements StepAction {

    private static final String GUARD = "USE [master];\nIF NOT EXISTS (SELECT * FROM sys.symmetric_keys WHERE "
            + "symmetric_key_id = 101)\n    CREATE MASTER KEY ENCRYPTION BY PASSWORD = ";

    @Override
    public String shown() {
        return GUARD + "'<the password from " + password.describe() + ">';";
    }

    @Override
    public List<String> script() {
        return List.of("-- The master key's password: sqlcmd -v MasterKeyPassword=\"...\" (never written here)",
                "-- A ' in the password must be doubled ('') when you type it into the statement below by hand, and"
                        + " in the sqlcmd variable too: sqlcmd pastes it into the quoted text as it is.",
                GUARD + "N'$(MasterKeyPassword)';", "GO");
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws SQLException {
        String secret = password.resolve(session.environment());
        try (Statement s = session.sql().createStatement()) {
            s.execute(GUARD + Tsql.literal(secret) + ";");
        }
    }
}
