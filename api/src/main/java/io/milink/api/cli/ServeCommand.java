package io.milink.api.cli;

import io.milink.api.logging.ServeProcessLogging;
import io.milink.api.service.MilinkService;
import io.milink.api.service.ServerCertificate;
import io.milink.api.service.ReplicaSettings;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.auth.EntraSettings;
import io.milink.api.service.config.ConfigException;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.journal.JournalUnavailableException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink serve}: the HTTP API (docs/api.md, docs/operations.md). Runs until SIGTERM or Ctrl-C, then stops
 * accepting requests, lets running work finish for the grace period, and journals what did not finish as Failed so
 * nothing is silently lost. Every option can also come from the environment or a configuration file
 * ({@link ServeDefaults}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = ServeDefaults.class,
        description = {"Run the milink HTTP API (HTTPS on 127.0.0.1:8443 by default) until stopped.",
            "Each option can also be set in the environment (--port: MILINK_SERVE_PORT, --data-dir: MILINK_DATA_DIR, ...) "
                + "or in the configuration file (port: 8443); the command line wins, then the environment, then "
                + "the file."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = ServeDefaults.CONFIG_OPTION, paramLabel = "FILE", description = "Configuration file (YAML, or "
            + "properties when named *.properties): options by name and the named SQL credentials requests may use. "
            + "Default: $MILINK_CONFIG.")
    Path config;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServiceConfig.DEFAULT_PORT,
            description = "TCP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServiceConfig.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Journal directory. Default: $MILINK_DATA_DIR, "
            + "else ~/.milink.")
    Path dataDir;

    @Mixin
    JournalOptions journal;

    @Option(names = "--insecure-http", description = "Serve plain HTTP instead of HTTPS (tokens then cross the "
            + "network in clear text: only behind a TLS-terminating proxy on the same host).")
    boolean insecureHttp;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", defaultValue = ""
            + ServiceConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS, description = "On SIGTERM, how long running operations "
            + "may finish before they are journaled as Failed. Default: ${DEFAULT-VALUE}.")
    int shutdownGraceSeconds;

    @Option(names = "--max-operations", paramLabel = "N", defaultValue = "" + ServiceConfig.DEFAULT_MAX_UNFINISHED,
            description = "Unfinished operations (running and queued) accepted at once; beyond that POST answers "
                    + "503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    int maxOperations;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Server certificate (PEM, with any "
            + "intermediates after it) instead of a generated self-signed one; needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Unencrypted PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Server certificate and key as a PKCS#12 "
            + "keystore, instead of --tls-cert/--tls-key.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-env", paramLabel = "VAR", description = "Environment variable holding "
            + "the keystore password.")
    String tlsKeystorePasswordEnv;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File holding the keystore "
            + "password (first line).")
    Path tlsKeystorePasswordFile;

    @Option(names = "--entra-tenant", paramLabel = "TENANT_ID", description = "Also accept Microsoft Entra ID access "
            + "tokens issued by this tenant (directory id); needs --entra-audience.")
    String entraTenant;

    @Option(names = "--entra-audience", paramLabel = "AUD", split = ",", description = "Accepted token audience: the "
            + "API app's client id and/or its App ID URI (repeat or separate with commas).")
    List<String> entraAudiences = new ArrayList<>();

    @Option(names = "--entra-reader-role", paramLabel = "ROLE", defaultValue = EntraSettings.DEFAULT_READER_ROLE,
            description = "App role value granting reader. Default: ${DEFAULT-VALUE}.")
    String entraReaderRole;

    @Option(names = "--entra-operator-role", paramLabel = "ROLE", defaultValue = EntraSettings.DEFAULT_OPERATOR_ROLE,
            description = "App role value granting operator. Default: ${DEFAULT-VALUE}.")
    String entraOperatorRole;

    @Option(names = "--entra-authority", paramLabel = "URL", defaultValue = EntraSettings.PUBLIC_CLOUD_AUTHORITY,
            description = "Entra login host (sovereign clouds). Default: ${DEFAULT-VALUE}.")
    String entraAuthority;

    @Option(names = "--retention-days", paramLabel = "N", defaultValue = "" + ServiceConfig.DEFAULT_RETENTION_DAYS,
            description = "Purge finished operations, their events and reports after N days (0: keep forever). "
                    + "Default: ${DEFAULT-VALUE}.")
    int retentionDays;

    @Option(names = "--scenario-dir", paramLabel = "DIR", description = "Let requests name scenario YAML files in "
            + "DIR (relative to it; links out of it are refused). Default: none, built-in scenarios only.")
    Path scenarioDir;

    @Option(names = "--certificate-dir", paramLabel = "DIR", description = "Let requests name certificate files in "
            + "DIR as sqlServer.serverCertificate (relative to it; links out of it are refused). Default: none, no "
            + "request may name a file.")
    Path certificateDir;

    @Option(names = "--monitor-interval", paramLabel = "DURATION", defaultValue = "10s", description = "Read each "
            + "registered link once per DURATION (by one replica): its status for the dashboard and GET /v1/events, "
            + "its alerts. 100ms to 60m. Default: ${DEFAULT-VALUE}.")
    String monitorInterval;

    @Option(names = "--monitor-threads", paramLabel = "N", defaultValue = "" + 4, description = "Links this replica "
            + "reads at once (1 to 64). Default: ${DEFAULT-VALUE}.")
    int monitorThreads;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "5s", description = "How often a replica "
            + "renews the work it runs; every replica of one journal must use the same. 100ms to 5m. "
            + "Default: ${DEFAULT-VALUE}.")
    String heartbeat;

    @Option(names = "--missed-heartbeats", paramLabel = "N", defaultValue = "4", description = "After N missed "
            + "renewals (at least 4) a replica's work is another's to take over; every replica of one journal must "
            + "use the same. Default: ${DEFAULT-VALUE}.")
    int missedHeartbeats;

    /** The replicas' timings from the options; refused with what is allowed when out of range. */
    ReplicaSettings replicaSettings() {
        Duration interval = NetprobeCommand.parseDuration("--monitor-interval", monitorInterval);
        Duration beat = NetprobeCommand.parseDuration("--heartbeat", heartbeat);
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofMinutes(60)) > 0) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--monitor-interval must be from 100ms to 60m, not "
                    + monitorInterval);
        }
        if (beat.compareTo(Duration.ofMillis(100)) < 0 || beat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--heartbeat must be from 100ms to 5m, not " + heartbeat);
        }
        if (monitorThreads < 1 || monitorThreads > 64) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--monitor-threads must be from 1 to 64");
        }
        if (missedHeartbeats < 4 || missedHeartbeats > 100) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--missed-heartbeats must be from 4 to 100");
        }
        return new ReplicaSettings(interval, monitorThreads, beat, missedHeartbeats);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--port must be from 0 to 65535");
        }
        if (shutdownGraceSeconds < 0 || maxOperations < 1) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--shutdown-grace must be 0 or more seconds and "
                    + "--max-operations at least 1");
        }
        if (retentionDays < 0) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--retention-days must be 0 (keep forever) or more");
        }
        ReplicaSettings replicas = replicaSettings();
        Path directory = dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
        Credentials credentials = credentials();
        ServiceConfig config = new ServiceConfig(directory, bind, port, !insecureHttp)
                .withCredentials(credentials)
                .withShutdownGrace(Duration.ofSeconds(shutdownGraceSeconds))
                .withMaxUnfinishedOperations(maxOperations)
                .withCertificate(certificate())
                .withEntra(entra())
                .withRetentionDays(retentionDays)
                .withScenarioDirectory(scenarioDirectory())
                .withCertificateDirectory(certificateDirectory())
                .withJournal(journal.location(directory, environment()))
                .withReplicas(replicas);
        MilinkService service;
        try {
            service = MilinkService.start(config);
        } catch (ServerCertificate.Unusable e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (JournalUnavailableException | MilinkService.PortInUse e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot start the service on " + bind + ":" + port
                    + ": " + e.getMessage() + ". Is the port in use? Pick another --port.", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // From here on, a stop (SIGTERM) and anything still running past its grace period report through the JSON
        // log only.
        ServeProcessLogging.install();
        Runtime.getRuntime().addShutdownHook(new Thread(ServeProcessLogging.logFailures("stopping the service",
                () -> {
                    try {
                        service.close();
                    } finally {
                        stopped.countDown();
                    }
                }), "milink-serve-shutdown"));

        out.println("milink serve: listening on " + service.baseUrl() + " (journal: " + config.journal().describe()
                + ")");
        if (!credentials.names().isEmpty()) {
            out.println("credentials requests may name: " + String.join(", ", credentials.names()));
        }
        if (!credentials.azureNames().isEmpty()) {
            out.println("Azure credentials requests may name: " + String.join(", ", credentials.azureNames()));
        }
        if (!credentials.secretNames().isEmpty()) {
            out.println("secrets requests may name: " + String.join(", ", credentials.secretNames()));
        }
        service.certificateFile().ifPresent(file -> out.println("TLS: self-signed certificate generated for this "
                + "run; trust it with: curl --cacert " + file.toAbsolutePath()));
        if (config.certificate() != null) {
            out.println("TLS: " + config.certificate().description());
        }
        if (config.entra() != null) {
            out.println("Entra ID: accepting tokens of tenant " + config.entra().tenant() + " for "
                    + String.join(", ", config.entra().audiences()));
        }
        if (service.resumedAtStart() > 0) {
            out.println(service.resumedAtStart() + " link operation(s) left unfinished by the previous run are "
                    + "resumed from the journal.");
        }
        if (service.interruptedAtStart() > 0) {
            out.println(service.interruptedAtStart() + " operation(s) left unfinished by the previous run are now "
                    + "Failed (\"milink stopped while this operation was running\").");
        }
        service.initialOperatorToken().ifPresent(token -> {
            out.println("No token existed, so an operator token was created. It is shown only this once; store it "
                    + "now (only its hash is kept):");
            out.println(token);
        });
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The configuration file's credentials, after checking that its other keys are options of this command. */
    private Credentials credentials() {
        try {
            ServeSettingsFile file = spec.defaultValueProvider() instanceof ServeDefaults defaults
                    ? defaults.settings(spec.findOption(ServeDefaults.CONFIG_OPTION)) : ServeSettingsFile.empty();
            Set<String> settings = new TreeSet<>();
            spec.options().forEach(o -> settings.add(ServeDefaults.keyFor(o.longestName())));
            settings.removeAll(Set.of("config", "help", "version"));
            for (String key : file.options().keySet()) {
                if (!settings.contains(key)) {
                    throw new ConfigException(file.file() + ": unknown setting '" + key + "'; the settings are "
                            + String.join(", ", settings) + ", credentials, azureCredentials and secrets");
                }
            }
            return new Credentials(file.credentials(), file.azureCredentials(), file.secrets(), environment());
        } catch (ConfigException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** The configured certificate, checked now; null for the generated one. */
    private ServerCertificate certificate() {
        boolean pem = tlsCert != null || tlsKey != null;
        boolean pkcs12 = tlsKeystore != null;
        if (!pem && !pkcs12) {
            if (tlsKeystorePasswordEnv != null || tlsKeystorePasswordFile != null) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "a keystore password was given without "
                        + "--tls-keystore FILE");
            }
            return null;
        }
        if (insecureHttp) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--insecure-http serves no TLS; drop it or the "
                    + "--tls-* options");
        }
        try {
            if (pem && pkcs12) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "give either --tls-cert and --tls-key or "
                        + "--tls-keystore, not both");
            }
            if (pem) {
                if (tlsCert == null || tlsKey == null) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--tls-cert and --tls-key go together: "
                            + "give both PEM files");
                }
                return ServerCertificate.pem(tlsCert, tlsKey);
            }
            return ServerCertificate.pkcs12(tlsKeystore, keystorePassword());
        } catch (ServerCertificate.Unusable e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** The --scenario-dir, checked now so a typo fails the start rather than every request. */
    private Path scenarioDirectory() {
        if (scenarioDir != null && !Files.isDirectory(scenarioDir)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--scenario-dir " + scenarioDir + " is not a "
                    + "directory; create it or drop the option (built-in scenarios need none)");
        }
        return scenarioDir;
    }

    /** The --certificate-dir, checked now so a typo fails the start rather than every request. */
    private Path certificateDirectory() {
        if (certificateDir != null && !Files.isDirectory(certificateDir)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--certificate-dir " + certificateDir + " is not a "
                    + "directory; create it or drop the option");
        }
        return certificateDir;
    }

    /**
     * An https URL, or plain http to a loopback host (tests' stand-in tenants). The host is parsed and compared
     * whole: a prefix test let {@code http://localhost.evil.example} (or {@code http://localhost@evil.example}) fetch
     * signing keys in the clear from anywhere. Names are not resolved: only the literal loopback names count.
     */
    public static boolean acceptableAuthority(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getScheme() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        return scheme.equals("http") && (host.equalsIgnoreCase("localhost")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.equals("[::1]"));
    }

    /** Where passwordEnv references are read: this process's environment. */
    static Map<String, String> environment() {
        return System.getenv();
    }

    /** From the named variable or file, never from the command line (it would show in ps and shell history). */
    private char[] keystorePassword() {
        if (tlsKeystorePasswordEnv != null && tlsKeystorePasswordFile != null) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "give the keystore password by "
                    + "--tls-keystore-password-env or --tls-keystore-password-file, not both");
        }
        if (tlsKeystorePasswordEnv != null) {
            String value = System.getenv(tlsKeystorePasswordEnv);
            if (value == null) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "environment variable " + tlsKeystorePasswordEnv
                        + " (--tls-keystore-password-env) is not set");
            }
            return value.toCharArray();
        }
        if (tlsKeystorePasswordFile != null) {
            try {
                String first = Files.readString(tlsKeystorePasswordFile).lines().findFirst().orElse("");
                return first.toCharArray();
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--tls-keystore-password-file "
                        + tlsKeystorePasswordFile + " cannot be read (" + e.getMessage() + ")", e);
            }
        }
        return new char[0]; // A keystore without a password.
    }

    private EntraSettings entra() {
        if (entraTenant == null) {
            if (!entraAudiences.isEmpty()) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--entra-audience needs --entra-tenant TENANT_ID");
            }
            return null;
        }
        List<String> audiences = entraAudiences.stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        if (entraTenant.isBlank() || audiences.isEmpty()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--entra-tenant needs a tenant id and at least one "
                    + "--entra-audience (the API app's client id or App ID URI)");
        }
        if (!acceptableAuthority(entraAuthority)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--entra-authority must be an https:// URL (plain "
                    + "http only on loopback, for tests)");
        }
        return new EntraSettings(entraAuthority, entraTenant.trim(), audiences, entraReaderRole, entraOperatorRole);
    }
}
