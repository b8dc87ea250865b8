package io.milink.api.cli;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.ScenarioSections;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink twin}: serves a SQL Server twin from a scenario until stopped, and says how to connect to it. */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = {"Start the twins a scenario describes (SQL Server, and Azure Resource Manager when it has a "
                + "managedInstance: section) and print how to connect.",
            "The twin speaks TDS, so the Microsoft JDBC driver, sqlcmd-style tools and milink itself connect to it "
                + "as to a real SQL Server. It runs until Ctrl+C."})
public final class TwinCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "A scenario YAML file, or a built-in scenario name (see --list). Default: ${DEFAULT-VALUE}.",
            defaultValue = "ready-2022")
    String scenario;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "TCP port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bindHost;

    @Option(names = "--no-tls", description = "Serve without a TLS certificate: clients must use encrypt=false.")
    boolean noTls;

    @Option(names = "--cert-out", paramLabel = "FILE",
            description = "Where to write the twin's TLS certificate (PEM) for clients to pin or trust. "
                    + "Default: a file in the system temporary directory.")
    Path certificateOut;

    @Option(names = "--list", description = "List the built-in scenarios and exit.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (Map.Entry<String, String> entry : BuiltInScenarios.descriptions().entrySet()) {
                out.printf("%-28s %s%n", entry.getKey(), entry.getValue());
            }
            out.flush();
            return ExitCodes.OK;
        }
        if (port < 0 || port > 65_535) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--port must be between 0 and 65535, not " + port);
        }
        ScenarioArgument source = ScenarioArgument.resolve(scenario);
        ScenarioSections sections = ScenarioSections.of(source.yaml());
        boolean withSqlServer = sections.sqlServer();
        boolean withArm = sections.managedInstance();
        if (!withSqlServer && !withArm) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, source.displayName() + ": the scenario has neither a "
                    + "sqlServer: nor a managedInstance: section (docs/simulator.md)");
        }
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable twin : running) {
                try {
                    twin.close();
                } catch (Exception e) {
                    // Stopping anyway; nothing to save.
                }
            }
            stopped.countDown();
        }, "milink-twin-shutdown"));

        if (withSqlServer) {
            SqlServerTwin twin = TwinLauncher.start(source, bindHost, port, !noTls);
            running.add(twin);
            Path pem = noTls ? null : writeCertificate(twin.port(), twin.certificatePem(), certificateOut);
            out.printf("SQL Server twin '%s' (%s, %s) listening on %s:%d%n", source.displayName(), twin.serverName(),
                    twin.productVersion(), twin.host(), twin.port());
            if (pem != null) {
                out.println("  TDS 8.0 (strict TLS):   " + twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem));
                out.println("  TLS (encrypt=true):     " + twin.jdbcUrl(SqlServerTwin.Encryption.TRUE, pem));
            }
            out.println("  no encryption:          " + twin.jdbcUrl(SqlServerTwin.Encryption.FALSE, pem));
            if (pem != null) {
                out.println("  TLS certificate (PEM):  " + pem);
            }
            out.println("  Logins: " + String.join(", ", twin.loginDescriptions())
                    + " (passwords are in the scenario file; pass them with user=...;password=...)");
        }
        if (withArm) {
            ArmTwin arm = startArm(source);
            running.add(arm);
            Path pem = writeCertificate(arm.port(), arm.tlsCertificatePem(), null);
            out.printf("Azure Resource Manager twin listening on %s%n", arm.baseUrl());
            out.println("  managed instance:       " + arm.resourceId());
            out.println("  TLS certificate (PEM):  " + pem + "  (trust it; any bearer token is accepted)");
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private static Path writeCertificate(int port, String pem, Path requested) throws IOException {
        Path target = requested != null ? requested : Files.createTempFile("milink-twin-" + port + "-", ".pem");
        try {
            Files.writeString(target, pem);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot write the twin certificate to " + target + ": "
                    + e.getMessage(), e);
        }
        return target;
    }

    private ArmTwin startArm(ScenarioArgument source) {
        try {
            return ArmTwin.builder().scenarioYaml(source.yaml(), source.displayName()).bindHost(bindHost).start();
        } catch (ScenarioException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot start the ARM twin on " + bindHost + ": "
                    + e.getMessage(), e);
        }
    }
}
