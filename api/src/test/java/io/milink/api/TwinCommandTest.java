package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.milink.api.service.config.ServeSettingsFile;
import io.milink.core.azure.AzureAuthentication;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code milink twin --scenario FILE --port N} as a user runs it: a separate JVM (the command serves until the
 * process is stopped), its printed JDBC URL used by the real mssql-jdbc driver, then SIGTERM.
 */
class TwinCommandTest {

    private static final Pattern PLAIN_URL = Pattern.compile("no encryption:\\s+(jdbc:sqlserver://\\S+)");

    /** A scenario with only a sqlServer: section, so no ARM twin starts, and a name no built-in scenario has. */
    private static final String SCENARIO = """
            sqlServer:
              serverName: FILETWIN
              productVersion: 16.0.4265.3
              productUpdateLevel: CU26
              edition: Developer Edition (64-bit)
              logins:
                - { name: sa, password: "File-Twin-Passw0rd!", sysadmin: true }
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void servesTheScenarioFileOnTheRequestedPortUntilStopped() throws Exception {
        Path scenario = Files.writeString(dir.resolve("file-twin.yaml"), SCENARIO);
        int port = freePort();
        Process twin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "twin",
                "--scenario", scenario.toString(), "--port", Integer.toString(port),
                // Without TLS the child skips generating an RSA key: the encrypt modes are the simulator's tests.
                "--no-tls")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> output = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(twin.getInputStream(),
                    StandardCharsets.UTF_8));
            String url = null;
            for (String line = out.readLine(); line != null && !line.startsWith("Press Ctrl+C"); line = out.readLine()) {
                output.add(line);
                Matcher plain = PLAIN_URL.matcher(line);
                if (plain.find()) {
                    url = plain.group(1);
                }
            }
            assertThat(url).as(String.join("\n", output)).isNotNull()
                    .isEqualTo("jdbc:sqlserver://127.0.0.1:" + port + ";encrypt=false");
            assertThat(output).anyMatch(l -> l.contains("'" + scenario + "'") || l.contains("FILETWIN"))
                    .noneMatch(l -> l.contains("File-Twin-Passw0rd!"));

            try (Connection c = DriverManager.getConnection(url, "sa", "File-Twin-Passw0rd!");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@SERVERNAME")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("FILETWIN");
            }
        } finally {
            twin.toHandle().destroy(); // SIGTERM: the shutdown hook closes the twin
            assertThat(twin.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(catchThrowableOfType(ConnectException.class, () -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        })).as("the port is released").isNotNull();
    }

    /**
     * {@code milink twin --write-spec DIR} as a user runs it: both twins in a separate JVM, then, in this one,
     * {@code milink preflight --spec DIR/link.yaml} with no other flag reaches them (SQL Server over strict TLS with
     * the written certificate pinned, the ARM twin at its endpoint trusted through the written PEM, signed in with
     * method none) and finds the pair READY.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theWrittenSpecReachesExactlyTheseTwinsAndKeepsTheirPasswordInAnOwnerOnlyFile() throws Exception {
        Path written = dir.resolve("twin-files");
        int armPort = freePort();
        Process twin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "twin",
                "--scenario", "ready-2022", "--arm-port", Integer.toString(armPort), "--time-scale", "60",
                "--write-spec", written.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            List<String> output = readUntilReady(twin);
            assertThat(output).as(String.join("\n", output))
                    .contains("Azure Resource Manager twin listening on https://127.0.0.1:" + armPort)
                    .contains("Link world: 60 simulated seconds per real second (--time-scale)")
                    .contains("Wrote " + written + ":")
                    .anyMatch(l -> l.contains("link.yaml") && l.contains("milink preflight --spec"))
                    .noneMatch(l -> l.contains("Twin-Passw0rd!"));

            CliRun ready = cli("preflight", "--spec", written.resolve("link.yaml").toString(), "--output", "json");
            assertThat(ready.exitCode()).as(ready.out() + ready.err()).isZero();
            Report report = ReportJson.read(ready.out());
            assertThat(report.ready()).isTrue();
            for (String id : List.of("sql.connect", "sql.sysadmin", "mi.exists", "mi.state", "cert.mi.chain")) {
                assertThat(report.findings()).as(id).anyMatch(f -> f.id().equals(id) && f.status() == Status.PASS);
            }
            assertThat(report.findings()).as("probeNetwork: false").filteredOn(f -> f.id().startsWith("net."))
                    .isNotEmpty().allMatch(f -> f.status() == Status.SKIP);

            // The placeholder sign-in is never sent anywhere but this machine, however the endpoint is changed.
            Path elsewhere = Files.writeString(written.resolve("elsewhere.yaml"),
                    Files.readString(written.resolve("link.yaml")).replaceAll(
                            "resourceManagerEndpoint: \"https://127\\.0\\.0\\.1:\\d+\"",
                            "resourceManagerEndpoint: \"https://arm.contoso.example:8443\""));
            assertThat(Files.readString(elsewhere)).contains("https://arm.contoso.example:8443");
            CliRun refused = cli("preflight", "--spec", elsewhere.toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("managedInstance.azureAuth: none signs in nowhere")
                    .contains("not https://arm.contoso.example:8443; choose a real sign-in method");
            CliRun flagRefused = cli("preflight", "--spec", written.resolve("link.yaml").toString(),
                    "--arm-endpoint", "https://10.0.0.4:443/");
            assertThat(flagRefused.exitCode()).isEqualTo(2);
            assertThat(flagRefused.err()).contains("none signs in nowhere").contains("not https://10.0.0.4:443/");
        } finally {
            twin.toHandle().destroy();
            assertThat(twin.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }

        Path password = written.resolve("sql-password");
        assertThat(Files.readString(password)).isEqualTo("Twin-Passw0rd!"); // ready-2022's sa
        if (Files.getFileStore(password).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
        }
        for (String file : List.of("link.yaml", "serve.yaml", "link-request.json")) {
            assertThat(Files.readString(written.resolve(file))).as(file).doesNotContain("Twin-Passw0rd!")
                    .doesNotContain("Reader-Passw0rd!").contains("sql-" + (file.endsWith(".json") ? "server-twin.pem"
                            : "password"));
        }
        ServeSettingsFile serve = ServeSettingsFile.load(written.resolve("serve.yaml"));
        assertThat(serve.credentials()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("twin-sql");
            assertThat(c.authentication()).isEqualTo(new SqlAuthentication.SqlLogin("sa",
                    new SecretSource.File(written.toAbsolutePath().resolve("sql-password"))));
        });
        assertThat(serve.azureCredentials()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("twin-arm");
            assertThat(a.signIn().authentication().method()).isEqualTo(AzureAuthentication.Method.NONE);
            assertThat(a.signIn().resourceManager().url()).hasToString("https://127.0.0.1:" + armPort);
            assertThat(a.signIn().resourceManager().trustStore())
                    .isEqualTo(written.toAbsolutePath().resolve("arm-twin.pem"));
        });
    }

    /**
     * A built-in scenario's passwords are only inside milink's jar: the twin names, for each login, an owner-only
     * file holding its password (never the password itself), and that file logs in. The files the run wrote for
     * itself (those passwords, both twins' certificates) are gone once it stops.
     */
    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eachLoginsPasswordIsInAFileItNamesAndItsOwnFilesGoWhenItStops() throws Exception {
        Process twin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "twin",
                "--scenario", "ready-2022")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Path> written = new ArrayList<>();
        Path saPassword = null;
        int port = -1;
        try {
            List<String> output = readUntilReady(twin);
            assertThat(output).as(String.join("\n", output)).noneMatch(l -> l.contains("Passw0rd!"))
                    .anyMatch(l -> l.startsWith("  Logins (user=NAME;password=<the file's content>):"));
            Pattern passwordLine = Pattern.compile("^ {4}(\\S+)(?: \\(sysadmin\\))?\\s+password in (\\S+)$");
            Pattern certificateLine = Pattern.compile("TLS certificate \\(PEM\\):\\s+(\\S+)");
            Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)$");
            for (String line : output) {
                Matcher password = passwordLine.matcher(line);
                if (password.find()) {
                    Path file = Path.of(password.group(2));
                    written.add(file);
                    if (password.group(1).equals("sa")) {
                        saPassword = file;
                    }
                    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                .isEqualTo("rw-------");
                    }
                }
                Matcher certificate = certificateLine.matcher(line);
                if (certificate.find()) {
                    written.add(Path.of(certificate.group(1)));
                }
                Matcher sql = listening.matcher(line);
                if (sql.find() && line.startsWith("SQL Server twin")) {
                    port = Integer.parseInt(sql.group(1));
                }
            }
            assertThat(written).as(String.join("\n", output)).hasSize(4).allMatch(Files::isRegularFile);
            assertThat(saPassword).isNotNull();
            try (Connection c = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + port + ";encrypt=false",
                    "sa", Files.readString(saPassword));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT IS_SRVROLEMEMBER('sysadmin')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            twin.toHandle().destroy();
            assertThat(twin.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(written).allMatch(file -> !Files.exists(file));
        assertThat(written.get(0).getParent()).doesNotExist();
    }

    @Test
    void optionsThatCannotWorkAreRefusedBeforeAnyTwinStarts() {
        CliRun stopped = cli("twin", "--time-scale", "0");
        assertThat(stopped.exitCode()).isEqualTo(2);
        assertThat(stopped.err()).contains("--time-scale must be a number above 0");
        CliRun port = cli("twin", "--arm-port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--arm-port must be between 0 and 65535, not 70000");
        CliRun plain = cli("twin", "--no-tls", "--write-spec", dir.resolve("x").toString());
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).contains("drop --no-tls");
        CliRun remote = cli("twin", "--bind", "10.1.2.3", "--write-spec", dir.resolve("y").toString());
        assertThat(remote.exitCode()).isEqualTo(2);
        assertThat(remote.err()).contains("--write-spec needs --bind on this machine");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    record CliRun(int exitCode, String out, String err) {
    }

    private static CliRun cli(String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The child's output up to its "Press Ctrl+C" line: everything it prints once the twins listen. */
    private static List<String> readUntilReady(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line = out.readLine();
        while (line != null && !line.startsWith("Press Ctrl+C")) {
            lines.add(line);
            line = out.readLine();
        }
        return lines;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
