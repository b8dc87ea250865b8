package io.milink.api.cli;

import io.milink.api.service.MilinkService;
import io.milink.api.service.ServiceConfig;
import io.milink.api.service.journal.JournalUnavailableException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code milink serve}: the HTTP API (docs/api.md, docs/operations.md). Runs until SIGTERM or Ctrl-C, then stops
 * accepting requests and journals unfinished work as Failed so nothing is silently lost.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the milink HTTP API (HTTPS on 127.0.0.1:8443 by default) until stopped."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--port must be from 0 to 65535");
        }
        Path directory = dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
        MilinkService service;
        try {
            service = MilinkService.start(new ServiceConfig(directory, bind, port, !insecureHttp));
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
}
