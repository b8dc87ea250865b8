package io.milink.preflight;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** How the preflight tests start SQL Server twins and reach them: as sysadmin, the way a user's spec would say it. */
public final class TwinConnectors {

    /** One TLS certificate for every twin of the test JVM: RSA key generation is most of a twin's start-up. */
    private static final IssuedCertificate TLS =
            CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 30);

    private TwinConnectors() {
    }

    /** A SQL Server twin builder that reuses the JVM's TLS certificate. */
    public static SqlServerTwin.Builder twin() {
        return SqlServerTwin.builder().tlsCertificate(TLS);
    }

    /**
     * A connector that logs in as the twin's sysadmin (a scenario without one: its first login, which sql.sysadmin
     * then fails) with strict TLS, trusting the twin's certificate (written to {@code dir}); the password comes from a
     * variable, as a spec names it, never inline.
     */
    public static SqlServerConnector sysadmin(SqlServerTwin twin, Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("twin-" + twin.port() + ".pem"), twin.certificatePem());
        SqlServerTwin.Credentials login = twin.loginCredentials();
        SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                new SqlAuthentication.SqlLogin(login.userName(), new SecretSource.EnvironmentVariable("PW")),
                Encryption.STRICT, false, null, pem);
        return new SqlServerConnector(target, Map.of("PW", login.password()), 10);
    }
}
