package io.milink.core.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The SQL Server to check or link, and how to reach it.
 *
 * @param host                   DNS name or IP address
 * @param port                   TCP port; null when {@code instanceName} is used (resolved through SQL Browser)
 * @param instanceName           named instance; null for the default instance or an explicit port
 * @param authentication         how to log in
 * @param encryption             the driver's encrypt setting
 * @param trustServerCertificate accept any server certificate (test systems only; ignored by STRICT)
 * @param hostNameInCertificate  the name the server certificate was issued for, when it differs from host
 * @param serverCertificate      a PEM/DER file of the server certificate to pin (STRICT)
 */
public record SqlServerTarget(String host, Integer port, String instanceName, SqlAuthentication authentication,
                              Encryption encryption, boolean trustServerCertificate, String hostNameInCertificate,
                              Path serverCertificate) {

    public SqlServerTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(encryption, "encryption");
        if (port != null && instanceName != null) {
            throw new SpecException("sqlServer: give either port or instance, not both");
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw new SpecException("sqlServer.port: " + port + " is not a TCP port (1-65535)");
        }
    }

    /** How the user would name it: {@code host}, {@code host:port} or {@code host\instance}. */
    public String displayName() {
        if (instanceName != null) {
            return host + "\\" + instanceName;
        }
        return port == null ? host : host + ":" + port;
    }
}
