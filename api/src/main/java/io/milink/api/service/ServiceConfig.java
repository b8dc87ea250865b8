package io.milink.api.service;

import io.milink.api.service.config.Credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the service.
 *
 * @param dataDirectory          where the journal (and the generated certificate's PEM) live
 * @param bindAddress            the address to listen on; loopback by default so nothing is exposed by accident
 * @param port                   the TCP port; 0 picks a free one (tests)
 * @param tls                    HTTPS with a generated self-signed certificate; false only with an explicit flag
 * @param credentials            the named SQL logins a preflight request may refer to
 * @param shutdownGrace          on close, how long running operations may finish before they are journaled Failed
 * @param maxUnfinishedOperations running + queued operations accepted at once; beyond, POST answers 503
 */
public record ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls, Credentials credentials,
                            Duration shutdownGrace, int maxUnfinishedOperations) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    /** Inside Kubernetes' default 30 s termination grace period, with room to journal and close. */
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;
    public static final int DEFAULT_MAX_UNFINISHED = 16;

    public ServiceConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (maxUnfinishedOperations < 1) {
            throw new IllegalArgumentException("maxUnfinishedOperations must be at least 1");
        }
    }

    public ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls) {
        this(dataDirectory, bindAddress, port, tls, Credentials.none(),
                Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS), DEFAULT_MAX_UNFINISHED);
    }

    public ServiceConfig withCredentials(Credentials value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, value, shutdownGrace, maxUnfinishedOperations);
    }

    public ServiceConfig withShutdownGrace(Duration value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, value, maxUnfinishedOperations);
    }

    public ServiceConfig withMaxUnfinishedOperations(int value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace, value);
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
