package io.milink.api.service;

import io.milink.api.service.auth.EntraSettings;
import io.milink.api.service.config.Credentials;
import io.milink.journal.JournalLocation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the service.
 *
 * @param dataDirectory           where the embedded journal (unless {@code journal} names a database) and the
 *                                generated certificate's PEM live
 * @param bindAddress             the address to listen on; loopback by default so nothing is exposed by accident
 * @param port                    the TCP port; 0 picks a free one (tests)
 * @param tls                     HTTPS; false only with an explicit flag
 * @param credentials             the named SQL logins a preflight request may refer to
 * @param shutdownGrace           on close, how long running operations may finish before they are journaled Failed
 * @param maxUnfinishedOperations running + queued operations accepted at once; beyond, POST answers 503
 * @param certificate             the configured server certificate; null for a generated self-signed one
 * @param entra                   how to accept Entra ID access tokens; null to accept only milink's own tokens
 * @param retentionDays           finished operations older than this many days are purged; 0 keeps them forever
 * @param scenarioDirectory       the only directory whose scenario files a request may name; null for built-ins only
 * @param certificateDirectory    the only directory whose certificate files a request may name as
 *                                {@code sqlServer.serverCertificate}; null: a request may name none
 * @param journal                 where the journal is: a PostgreSQL database several replicas share, or (null) the
 *                                embedded H2 file in {@code dataDirectory}
 * @param replicas                how often each link is read, and how replicas keep and take over work; null for
 *                                {@link ReplicaSettings#DEFAULTS}
 */
public record ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls, Credentials credentials,
                            Duration shutdownGrace, int maxUnfinishedOperations,
                            ServerCertificate certificate, EntraSettings entra, int retentionDays,
                            Path scenarioDirectory, Path certificateDirectory, JournalLocation journal,
                            ReplicaSettings replicas) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8443;
    /** Inside Kubernetes' default 30 s termination grace period, with room to journal and close. */
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 20;
    public static final int DEFAULT_MAX_UNFINISHED = 16;
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public ServiceConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (maxUnfinishedOperations < 1) {
            throw new IllegalArgumentException("maxUnfinishedOperations must be at least 1");
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retention days must be 0 (keep forever) or more");
        }
        if (journal == null) {
            journal = new JournalLocation.H2File(dataDirectory);
        }
        if (replicas == null) {
            replicas = ReplicaSettings.DEFAULTS;
        }
    }

    /** No named credentials, the default grace and limit, a generated certificate, milink tokens only, the default retention. */
    public ServiceConfig(Path dataDirectory, String bindAddress, int port, boolean tls) {
        this(dataDirectory, bindAddress, port, tls, Credentials.none(),
                Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS), DEFAULT_MAX_UNFINISHED,
                null, null, DEFAULT_RETENTION_DAYS, null, null, null, null);
    }

    public ServiceConfig withCredentials(Credentials value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, value, shutdownGrace, maxUnfinishedOperations,
                certificate, entra, retentionDays, scenarioDirectory, certificateDirectory, journal, replicas);
    }

    public ServiceConfig withShutdownGrace(Duration value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, value, maxUnfinishedOperations,
                certificate, entra, retentionDays, scenarioDirectory, certificateDirectory, journal, replicas);
    }

    public ServiceConfig withMaxUnfinishedOperations(int value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace, value,
                certificate, entra, retentionDays, scenarioDirectory, certificateDirectory, journal, replicas);
    }

    public ServiceConfig withCertificate(ServerCertificate value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, value, entra, retentionDays, scenarioDirectory, certificateDirectory,
                journal, replicas);
    }

    public ServiceConfig withEntra(EntraSettings value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, value, retentionDays, scenarioDirectory, certificateDirectory,
                journal, replicas);
    }

    public ServiceConfig withRetentionDays(int days) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, entra, days, scenarioDirectory, certificateDirectory, journal, replicas);
    }

    public ServiceConfig withScenarioDirectory(Path directory) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, entra, retentionDays, directory, certificateDirectory, journal, replicas);
    }

    public ServiceConfig withCertificateDirectory(Path directory) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, entra, retentionDays, scenarioDirectory, directory, journal, replicas);
    }

    /** The same configuration with the journal in {@code value} (a PostgreSQL database) instead. */
    public ServiceConfig withJournal(JournalLocation value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, entra, retentionDays, scenarioDirectory, certificateDirectory,
                value, replicas);
    }

    /** The same configuration with other monitoring and replica timings. */
    public ServiceConfig withReplicas(ReplicaSettings value) {
        return new ServiceConfig(dataDirectory, bindAddress, port, tls, credentials, shutdownGrace,
                maxUnfinishedOperations, certificate, entra, retentionDays, scenarioDirectory, certificateDirectory,
                journal, value);
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
