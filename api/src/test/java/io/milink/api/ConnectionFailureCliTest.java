package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.Verdict;
import io.milink.simulator.SqlServerTwin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preflight that cannot connect gives one clear answer: the cause and what to do in a few lines on standard error,
 * exit code 2, nothing on standard output; {@code --output json} still gives the full report. Against the SQL Server
 * twin (a wrong password, no certificate pinned for strict TLS), a closed port, a name that cannot resolve, and a
 * port that accepts and never answers ({@code --connect-timeout}).
 */
class ConnectionFailureCliTest {

    @TempDir
    static Path dir;
    private static SqlServerTwin twin;
    private static Path pem;
    private static Path wrongPassword;

    @BeforeAll
    static void start() throws Exception {
        twin = SqlServerTwin.builder().builtInScenario("ready-2022").start();
        pem = Files.writeString(dir.resolve("server.pem"), twin.certificatePem());
        wrongPassword = Files.writeString(dir.resolve("wrong-pw"), "not-the-password");
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private static CliRun preflight(String host, int port, String... more) {
        List<String> args = new ArrayList<>(List.of("preflight", "--server", host, "--port", Integer.toString(port),
                "--user", "sa", "--password-file", wrongPassword.toString(), "--database", "Sales"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertOneClearAnswer(CliRun run) {
        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(2);
        assertThat(run.out()).as("no report of skipped checks").isEmpty();
        assertThat(run.err().lines().count()).as(run.err()).isBetween(2L, 5L);
        assertThat(run.err()).startsWith("milink: cannot connect to SQL Server ").contains("  what to do: ")
                .contains("Nothing else was checked. The full report: --output json.")
                .doesNotContain("SKIP").doesNotContain("not-the-password");
    }

    @Test
    void aWrongPasswordSaysTheLoginWasRefusedAndWhichLoginWithoutMentioningASpec() {
        CliRun run = preflight("127.0.0.1", twin.port(), "--server-certificate", pem.toString());
        assertOneClearAnswer(run);
        assertThat(run.err()).contains("the server refused the login (error 18456)")
                .contains("  login: 'sa', its password from the file " + wrongPassword + " (--user, --password-file)")
                .contains("the state of error 18456").doesNotContain("spec");

        CliRun json = preflight("127.0.0.1", twin.port(), "--server-certificate", pem.toString(), "--output", "json");
        assertThat(json.exitCode()).isEqualTo(2);
        Report report = ReportJson.read(json.out());
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.connect") && f.status() == Status.ERROR)
                .hasSizeGreaterThan(40);
    }

    @Test
    void aLoginFromASpecIsNamedInTheSpecsTerms() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                sqlServer:
                  host: 127.0.0.1
                  port: %d
                  authentication: { type: sql, user: sa, passwordFile: wrong-pw }
                  serverCertificate: server.pem
                databases: [Sales]
                """.formatted(twin.port()));
        CliRun run = CliRun.of("preflight", "--spec", spec.toString());
        assertOneClearAnswer(run);
        assertThat(run.err()).contains("login: 'sa', its password from the file")
                .contains("(the spec's sqlServer.authentication)").doesNotContain("--password-file");
    }

    @Test
    void strictTlsWithoutThePinnedCertificateSaysWhatIsPinnedAndHowToPinIt() {
        CliRun run = preflight("127.0.0.1", twin.port());
        assertOneClearAnswer(run);
        assertThat(run.err()).contains("TLS failed")
                .contains("  encryption: strict, no server certificate pinned (--server-certificate FILE pins one)");
    }

    @Test
    void aClosedPortIsARefusal() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliRun run = preflight("127.0.0.1", closed, "--encrypt", "false");
        assertOneClearAnswer(run);
        assertThat(run.err()).contains("the connection was refused").doesNotContain("Verify the connection properties");
    }

    @Test
    void anUnknownHostIsCalledADnsFailureEveryTime() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            CliRun run = preflight("nosuch.invalid", 1433);
            assertOneClearAnswer(run);
            assertThat(run.err()).as("attempt " + attempt)
                    .contains("the host name does not resolve (DNS): 'nosuch.invalid' does not resolve");
        }
    }

    /**
     * A port that accepts and never answers holds the login for the whole timeout: --connect-timeout reaches the
     * driver (the answer names it, and comes no sooner), where the default would wait 15 seconds.
     */
    @Test
    void connectTimeoutBoundsTheWaitForAServerThatNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // The test is over.
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            CliRun run = preflight("127.0.0.1", silent.getLocalPort(), "--connect-timeout", "1s");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertOneClearAnswer(run);
            assertThat(run.err()).contains("no answer in time").contains("no answer within 1 s")
                    .contains("allow more time (--connect-timeout)");
            assertThat(elapsedMillis).as("the driver waited the timeout").isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void aConnectTimeoutThatIsNotWholeSecondsOrHasNoServerIsRefused() {
        for (String bad : List.of("1500ms", "0s", "11m", "soon")) {
            CliRun run = preflight("127.0.0.1", twin.port(), "--connect-timeout", bad);
            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err().lines()).as(bad).hasSize(1);
            assertThat(run.err()).as(bad).contains("--connect-timeout");
        }
        CliRun rehearsal = CliRun.of("preflight", "--scenario", "ready-2022", "--connect-timeout", "5s");
        assertThat(rehearsal.exitCode()).isEqualTo(2);
        assertThat(rehearsal.err()).contains("use it with --server or --spec");
        assertThat(CliRun.of("preflight", "--help").out()).contains("--connect-timeout").contains("Default: 15s");
    }
}
