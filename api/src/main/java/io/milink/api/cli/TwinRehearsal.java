package io.milink.api.cli;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.simulator.SqlServerTwin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Collects facts from a scenario's SQL Server twin exactly as from a real server: the twin runs in-process on a
 * loopback port, and milink connects with the product's own connector over TDS 8.0 with the twin's certificate
 * pinned, logged in with the scenario's first sysadmin login.
 * Public because {@code milink serve} rehearses the same way (one implementation for CLI and service).
 */
public final class TwinRehearsal {

    /** The twin's password reaches the connector the way a real one does: through a named secret source. */
    private static final String PASSWORD_VARIABLE = "MILINK_TWIN_PASSWORD";

    private TwinRehearsal() {
    }

    public static Facts collect(Preflight preflight, ScenarioArgument scenario, List<String> databases) {
        try (SqlServerTwin twin = TwinLauncher.start(scenario, "127.0.0.1", 0, true)) {
            Path pem = Files.createTempFile("milink-twin-", ".pem");
            try {
                Files.writeString(pem, twin.certificatePem());
                SqlServerTwin.Credentials login = twin.sysadminCredentials();
                SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                        new SqlAuthentication.SqlLogin(login.userName(),
                                new SecretSource.EnvironmentVariable(PASSWORD_VARIABLE)),
                        Encryption.STRICT, false, null, pem);
                SqlServerConnector connector = new SqlServerConnector(target,
                        Map.of(PASSWORD_VARIABLE, login.password()), 10);
                return preflight.collect(connector, twin.serverName() + " (twin '" + scenario.displayName() + "')",
                        databases);
            } finally {
                Files.deleteIfExists(pem);
            }
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot write the twin's certificate file: "
                    + e.getMessage(), e);
        }
    }
}
