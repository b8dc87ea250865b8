package io.milink.api.cli;

import io.milink.api.rehearsal.ScenarioArgument;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.ScenarioSections;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.sqlserver.scenario.ScenarioLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
            description = "The SQL Server twin's TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--arm-port", paramLabel = "M", defaultValue = "0",
            description = "The Azure Resource Manager twin's HTTPS port; 0 picks a free one. "
                    + "Default: ${DEFAULT-VALUE}.")
    int armPort;

    @Option(names = "--time-scale", paramLabel = "T", defaultValue = "1",
            description = "Simulated seconds per real second for the link between the twins (seeding, log "
                    + "shipping, failovers): 60 makes a simulated minute pass each second. Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = "--idle", description = "The simulated application writes nothing, as before a planned "
            + "failover or a cutover (the application stopped writing); without it, it writes the scenario's "
            + "workloadLogMbPerSecond on the primary. Over the API, a failover's If-Match names the hardened LSNs, "
            + "which a writing application moves.")
    boolean idle;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bindHost;

    @Option(names = "--no-tls", description = "Serve without a TLS certificate: clients must use encrypt=false.")
    boolean noTls;

    @Option(names = "--cert-out", paramLabel = "FILE",
            description = "Where to write the twin's TLS certificate (PEM) for clients to pin or trust, and keep "
                    + "it. Default: a file in this run's temporary folder, removed when the twin stops (in DIR with "
                    + "--write-spec).")
    Path certificateOut;

    @Option(names = "--write-spec", paramLabel = "DIR",
            description = "Also write into DIR (created if missing) link.yaml for 'milink preflight --spec', "
                    + "serve.yaml for 'milink serve --config', link-request.json for its POST /v1/links and "
                    + "preflight-request.json for its POST /v1/preflight, all reaching these twins, and an operator "
                    + "token of that service; the SQL password and the token go into owner-only files.")
    Path writeSpec;

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
        for (Map.Entry<String, Integer> chosen : Map.of("--port", port, "--arm-port", armPort).entrySet()) {
            if (chosen.getValue() < 0 || chosen.getValue() > 65_535) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, chosen.getKey() + " must be between 0 and 65535, "
                        + "not " + chosen.getValue());
            }
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--time-scale must be a number above 0 (simulated "
                    + "seconds per real second, e.g. 60), not " + timeScale);
        }
        ScenarioArgument source = ScenarioArgument.resolve(scenario);
        ScenarioSections sections = ScenarioSections.of(source.yaml());
        if (!sections.sqlServer() && !sections.managedInstance()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, source.displayName() + ": the scenario has neither a "
                    + "sqlServer: nor a managedInstance: section (docs/simulator.md)");
        }
        String clientHost = writeSpec == null ? null : clientHostForWrittenSpec(sections);
        if (writeSpec != null) {
            try {
                Files.createDirectories(writeSpec);
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--write-spec: cannot create the folder "
                        + writeSpec + " (" + e.getMessage() + "); name a folder milink may write to", e);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        List<LinkedTwins> running = new ArrayList<>();
        SessionFolder session = new SessionFolder();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (LinkedTwins twins : running) {
                try {
                    twins.close();
                } catch (RuntimeException e) {
                    // Stopping anyway; nothing to save.
                }
            }
            session.delete();
            stopped.countDown();
        }, "milink-twin-shutdown"));

        LinkedTwins twins = start(source);
        running.add(twins);
        if (idle) {
            twins.world().pauseWorkload();
        }
        Path sqlPem = null;
        if (twins.sqlServer().isPresent()) {
            SqlServerTwin twin = twins.sqlServer().get();
            sqlPem = noTls ? null : writeCertificate(twin.certificatePem(), certificateOut != null
                    ? certificateOut : writeSpec == null ? session.file(TwinSpecFiles.SQL_CERTIFICATE)
                    : writeSpec.resolve(TwinSpecFiles.SQL_CERTIFICATE));
            out.printf("SQL Server twin '%s' (%s, %s) listening on %s:%d%n", source.displayName(), twin.serverName(),
                    twin.productVersion(), twin.host(), twin.port());
            if (sqlPem != null) {
                out.println("  TDS 8.0 (strict TLS):   " + twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, sqlPem));
                out.println("  TLS (encrypt=true):     " + twin.jdbcUrl(SqlServerTwin.Encryption.TRUE, sqlPem));
            }
            out.println("  no encryption:          " + twin.jdbcUrl(SqlServerTwin.Encryption.FALSE, sqlPem));
            if (sqlPem != null) {
                out.println("  TLS certificate (PEM):  " + sqlPem);
            }
            printLogins(out, twin, session);
        }
        if (twins.arm().isPresent()) {
            ArmTwin arm = twins.arm().get();
            Path pem = writeCertificate(arm.tlsCertificatePem(), writeSpec == null
                    ? session.file(TwinSpecFiles.ARM_CERTIFICATE) : writeSpec.resolve(TwinSpecFiles.ARM_CERTIFICATE));
            out.printf("Azure Resource Manager twin listening on %s%n", arm.baseUrl());
            out.println("  managed instance:       " + arm.resourceId());
            out.println("  TLS certificate (PEM):  " + pem + "  (trust it; any bearer token is accepted)");
        }
        out.printf("Link world: %s simulated second%s per real second (--time-scale)%s%n", format(timeScale),
                timeScale == 1 ? "" : "s", idle ? "; the application writes nothing (--idle)" : "");
        if (writeSpec != null) {
            writeSpecFiles(out, source, twins, clientHost);
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /**
     * Both twins in one link world, so a link created through the ARM twin replicates from the SQL Server twin on a
     * clock running {@code --time-scale} simulated seconds per real second.
     */
    private LinkedTwins start(ScenarioArgument source) {
        try {
            return LinkedTwins.builder().scenarioYaml(source.yaml(), source.displayName()).bindHost(bindHost)
                    .sqlServerPort(port).armPort(armPort).tls(!noTls).timeScale(timeScale).start();
        } catch (ScenarioException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot start the twins on " + bindHost + " ("
                    + e.getMessage() + "). Pick another --port or --arm-port, or 0 for any free port.", e);
        }
    }

    /**
     * The written files sign in to the ARM twin with method none, which only a loopback endpoint accepts, and pin
     * the SQL Server twin's certificate, which needs TLS: refuse before starting anything what cannot work.
     */
    private String clientHostForWrittenSpec(ScenarioSections sections) {
        if (!sections.sqlServer()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--write-spec writes a link spec, which needs the "
                    + "scenario's sqlServer: section; this scenario describes only a managed instance");
        }
        if (noTls) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--write-spec writes a spec that pins the twin's TLS "
                    + "certificate (encrypt: strict); drop --no-tls");
        }
        switch (bindHost) {
            case "0.0.0.0", "::", "[::]" -> {
                return "127.0.0.1";
            }
            default -> {
                if (!io.milink.core.azure.ResourceManagerEndpoint.isLoopbackUrl("https://"
                        + (bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost))) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--write-spec needs --bind on this machine "
                            + "(127.0.0.1, ::1, localhost or 0.0.0.0): the spec it writes signs in to the ARM twin "
                            + "with method none, which milink only sends to a loopback address");
                }
                return bindHost;
            }
        }
    }

    private void writeSpecFiles(PrintWriter out, ScenarioArgument source, LinkedTwins twins, String clientHost) {
        List<String> databases = new ArrayList<>();
        Scenario.SqlServer sqlServer = ScenarioLoader.load(source.yaml(), source.displayName()).sqlServer();
        if (sqlServer.databases() != null) {
            sqlServer.databases().forEach(database -> databases.add(database.name()));
        }
        try {
            List<TwinSpecFiles.Written> written = TwinSpecFiles.write(writeSpec, new TwinSpecFiles.Twins(clientHost,
                    twins.sqlServer().orElseThrow(), twins.arm().orElse(null), databases), source.displayName());
            out.println("Wrote " + writeSpec + ":");
            for (TwinSpecFiles.Written file : written) {
                out.printf("  %-20s %s%n", file.file().getFileName(), file.purpose());
            }
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot write the spec files into " + writeSpec + ": "
                    + e.getMessage() + "; name a folder milink may write to", e);
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Path writeCertificate(String pem, Path target) {
        try {
            Files.writeString(target, pem);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, io.milink.core.UnwritableFile.message(
                    "the twin's certificate", target, e), e);
        }
        return target;
    }

    /**
     * How to log in: each login and the owner-only file holding its password, in this run's session folder. A
     * built-in scenario's passwords are otherwise only inside milink's jar; the password itself is never printed.
     */
    private static void printLogins(PrintWriter out, SqlServerTwin twin, SessionFolder session) {
        out.println("  Logins (user=NAME;password=<the file's content>):");
        Set<String> used = new HashSet<>();
        List<Scenario.Login> logins = twin.instance().logins();
        List<String> descriptions = twin.loginDescriptions();
        for (int i = 0; i < logins.size(); i++) {
            Scenario.Login login = logins.get(i);
            String name = login.name().replaceAll("[^A-Za-z0-9._-]", "_");
            String fileName = used.add(name) ? name + ".password" : name + "-" + (i + 1) + ".password";
            Path file = session.secret(fileName, login.password());
            out.printf("    %-22s password in %s%n", descriptions.get(i), file);
        }
    }

    /**
     * The files a run writes for itself (certificates not asked for with --cert-out or --write-spec, the logins'
     * passwords) in one owner-only temporary folder, created on first use and removed when the twin stops.
     */
    static final class SessionFolder {
        private Path folder;

        synchronized Path file(String name) {
            try {
                if (folder == null) {
                    // Files.createTempDirectory makes it rwx------ on POSIX file systems.
                    folder = Files.createTempDirectory("milink-twin-");
                }
                return folder.resolve(name);
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot create a temporary folder for the twin's "
                        + "files: " + e.getMessage() + "; set java.io.tmpdir (MILINK_JAVA_OPTS) to a folder milink "
                        + "may write to", e);
            }
        }

        /** Writes a secret into a file only its owner may read, created so from the start. */
        Path secret(String name, String value) {
            Path target = file(name);
            try {
                if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                }
                Files.writeString(target, value);
            } catch (IOException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, io.milink.core.UnwritableFile.message(
                        "a login's password", target, e), e);
            }
            return target;
        }

        synchronized void delete() {
            if (folder == null) {
                return;
            }
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // Stopping anyway: the system's temporary folder is cleaned by the system.
            }
        }
    }
}
