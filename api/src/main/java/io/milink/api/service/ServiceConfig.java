package io.milink.api.service;

import io.milink.api.service.auth.EntraSettings;

import java.nio.file.Path;

/**
 * How to run the service.
 *
 * @param dataDirectory where the journal (and the generated certificate's PEM) live
 * @param bindAddress   the address to listen on; loopback by default so nothing is exposed by accident
 * @param port          the TCP port; 0 picks a free one (tests)
 * @param tls           HTTPS; false only with an explicit flag
 * @param certificate   the configured server certificate; null for a generated self-signed one
 * @param entra         how to accept Entra ID access tokens; null to accept only milink's own tokens
 * @param retentionDays finished operations older than this many days are purged; 0 keeps them forever
 */
public record ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls,
                            ServerCertificate certificate, EntraSettings entra, int retentionDays) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public ServiceConfig {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days must be 0 (keep forever) or more");
        }
    }

    /** A generated certificate, milink tokens only, the default retention. */
    public ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls) {
        this(dataDirectory, bindAddress, port, tls, null, null, DEFAULT_RETENTION_DAYS);
    }

    public ServiceConfig withCertificate(ServerCertificate certificate) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, certificate, entra, retentionDays);
    }

    public ServiceConfig withEntra(EntraSettings entra) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, certificate, entra, retentionDays);
    }

    public ServiceConfig withRetentionDays(int days) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, certificate, entra, days);
    }

    /** The default data directory: {@code MILINK_DATA_DIR}, else {@code ~/.milink}. */
    public static Path defaultDataDirectory() {
        String fromEnvironment = System.getenv("MILINK_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".milink");
    }
}
