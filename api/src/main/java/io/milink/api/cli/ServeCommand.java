package io.milink.api.cli;

import io.milink.api.service.MilinkService;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.config.ConfigException;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.ServeSettingsFile;
import io.milink.api.service.journal.JournalUnavailableException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
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
            "Each option can also be set in the environment (--port: MILINK_PORT, --data-dir: MILINK_DATA_DIR, ...) "
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
        Path directory = dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
        Credentials credentials = credentials();
        MilinkService service;
        try {
            service = MilinkService.start(new ServiceConfig(directory, bind, port, !insecureHttp)
                    .withCredentials(credentials)
                    .withShutdownGrace(Duration.ofSeconds(shutdownGraceSeconds))
                    .withMaxUnfinishedOperations(maxOperations));
        } catch (JournalUnavailableException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot start the service on " + bind + ":" + port
                    + ": " + e.getMessage() + ". Is the port in use? Pick another --port.", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "milink-serve-shutdown"));

        out.println("milink serve: listening on " + service.baseUrl() + " (journal: " + directory.toAbsolutePath()
                + ")");
        if (!credentials.names().isEmpty()) {
            out.println("credentials requests may name: " + String.join(", ", credentials.names()));
        }
        service.certificateFile().ifPresent(file -> out.println("TLS: self-signed certificate generated for this "
                + "run; trust it with: curl --cacert " + file.toAbsolutePath()));
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
                            + String.join(", ", settings) + " and credentials");
                }
            }
            return new Credentials(file.credentials(), environment());
        } catch (ConfigException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** Where passwordEnv references are read: this process's environment. */
    static Map<String, String> environment() {
        return System.getenv();
    }
}
