package io.milink.api.service;

import java.nio.file.Path;

/**
 * How to run the service.
 *
 * @param dataDirectory where the journal (and the generated certificate's PEM) live
 * @param bindAddress   the address to listen on; loopback by default so nothing is exposed by accident
 * @param port          the TCP port; 0 picks a free one (tests)
 * @param tls           HTTPS with a generated self-signed certificate; false only with an explicit flag
 */
public record ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;

    /** The default data directory: {@code MILINK_DATA_DIR}, else {@code ~/.milink}. */
    public static Path defaultDataDirectory() {
        String fromEnvironment = System.getenv("MILINK_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".milink");
    }
}
