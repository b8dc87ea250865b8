package io.milink.preflight;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.simulator.SqlServerTwin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** How the preflight tests reach a SQL Server twin: as its sysadmin, the way a user's spec would say it. */
public final class TwinConnectors {

    private TwinConnectors() {
    }

    /**
     * A connector that logs in as the twin's sysadmin with strict TLS, trusting the twin's certificate (written to
     * {@code dir}); the password comes from a variable, as a spec names it, never inline.
     */
    public static SqlServerConnector sysadmin(SqlServerTwin twin, Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("twin-" + twin.port() + ".pem"), twin.certificatePem());
        SqlServerTwin.Credentials login = twin.sysadminCredentials();
        SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                new SqlAuthentication.SqlLogin(login.userName(), new SecretSource.EnvironmentVariable("PW")),
                Encryption.STRICT, false, null, pem);
        return new SqlServerConnector(target, Map.of("PW", login.password()), 10);
    }
}
