package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code milink netprobe}, run in-process as a user would, against loopback only. */
class NetprobeCliTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anOpenPortExitsZeroWithTheGroupedSummaryAndWhatWasProven() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            int port = server.getLocalPort();
            Run run = run("netprobe", "--host", "127.0.0.1", "--ports", Integer.toString(port), "--timeout", "1s");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("netprobe 127.0.0.1 (127.0.0.1, loopback): 1 port, timeout 1s")
                    .contains("  " + port + ": open")
                    .contains("not that the mirroring protocol passes a firewall that inspects packets")
                    .contains("ALL OPEN");
        }
    }

    @Test
    void aClosedPortExitsOneAndJsonFollowsTheContract() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            int open = server.getLocalPort();
            int closed = closedPort();
            Run run = run("netprobe", "--host", "127.0.0.1", "--ports", open + "," + closed, "--timeout", "500ms",
                    "--concurrency", "4", "--output", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.fieldNames()).toIterable().containsExactly("host", "addresses", "ports", "summary");
            assertThat(json.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(json.get("addresses").get(0).asText()).isEqualTo("127.0.0.1");
            assertThat(json.get("ports")).hasSize(2);
            for (JsonNode entry : json.get("ports")) {
                assertThat(entry.fieldNames()).toIterable().containsExactly("port", "verdict", "millis");
                int port = entry.get("port").asInt();
                assertThat(entry.get("verdict").asText()).isEqualTo(port == open ? "OPEN" : "CLOSED");
            }
            assertThat(json.get("summary").get("allOpen").asBoolean()).isFalse();
            assertThat(json.get("summary").get("sweep").get("concurrency").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aNameThatDoesNotResolveExitsTwoAndSaysSo() {
        Run run = run("netprobe", "--host", "milink-cli-test.invalid", "--ports", "5022");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'milink-cli-test.invalid' does not resolve").doesNotContain("Exception");
        assertThat(run.out()).contains("5022: unresolved");
    }

    @Test
    void badInputExitsTwoWithOneLineThatSaysWhatToDo() {
        Run range = run("netprobe", "--host", "127.0.0.1", "--ports", "5022,70000");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("--ports: '70000': port 70000 is out of range; a TCP port is 1 to 65535");

        Run backwards = run("netprobe", "--host", "127.0.0.1", "--ports", "11999-11000");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("backwards");

        Run empty = run("netprobe", "--host", "127.0.0.1", "--ports", "");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("no ports given");

        Run noHost = run("netprobe", "--host", " ");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).contains("--host");

        Run timeout = run("netprobe", "--host", "127.0.0.1", "--timeout", "soon");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).contains("--timeout must be a duration");

        Run concurrency = run("netprobe", "--host", "127.0.0.1", "--concurrency", "0");
        assertThat(concurrency.exitCode()).isEqualTo(2);
        assertThat(concurrency.err()).contains("concurrency must be 1 to");

        Run format = run("netprobe", "--host", "127.0.0.1", "--output", "xml");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--output must be text or json");
    }

    @Test
    void listenRecordsALoopbackConnectionAndStopsByItself() throws Exception {
        int port = closedPort();
        CompletableFuture<Run> session = CompletableFuture.supplyAsync(() -> run("netprobe", "listen", "--bind",
                "127.0.0.1", "--port", Integer.toString(port), "--duration", "1500ms"));
        boolean connected = false;
        for (int attempt = 0; attempt < 50 && !connected; attempt++) {
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(LOOPBACK, port), 200);
                connected = true;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        Run run = session.get(10, TimeUnit.SECONDS);
        assertThat(connected).isTrue();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("listening on 127.0.0.1:" + port).contains("connection from 127.0.0.1:")
                .contains("1 connection").contains("does not prove the mirroring protocol");
    }

    @Test
    void listenWithNobodyConnectingExitsOne() {
        Run run = run("netprobe", "listen", "--bind", "127.0.0.1", "--port", "0", "--duration", "200ms");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("0 connections").contains("Nobody connected");
    }

    @Test
    void listenRefusesATakenPortAndSaysByWhatWhenItCan() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            Run run = run("netprobe", "listen", "--bind", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()), "--duration", "1s");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("is already in use").doesNotContain("Exception");
            if (Files.isReadable(Path.of("/proc/net/tcp"))) {
                assertThat(run.err()).contains("held by pid " + ProcessHandle.current().pid());
            }
        }
        Run tooLong = run("netprobe", "listen", "--port", "0", "--duration", "2h");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("--duration");
    }

    @Test
    void agentJobPrintsTheDocumentedProbeAndRefusesAHostileHost() {
        Run run = run("netprobe", "agent-job", "--mi-host", "mi1.abc123.database.windows.net", "--redirect-host",
                "DB123.tr123456.west-us.worker.database.windows.net", "--redirect-port", "11002");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("-ComputerName ''mi1.abc123.database.windows.net'' -Port 5022")
                .contains("-Port 11002").contains("sp_delete_job");

        Run hostile = run("netprobe", "agent-job", "--mi-host", "mi'; Stop-Computer; '", "--redirect-port", "11002");
        assertThat(hostile.exitCode()).isEqualTo(2);
        assertThat(hostile.err()).contains("is not a DNS name or an IP address");
        assertThat(hostile.out()).isEmpty();
    }

    @Test
    void agentJobRunExecutesTheProbeThroughSqlServerAgentAndReportsEachPort(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (ServerSocket redirect = new ServerSocket(0, 50, LOOPBACK);
             io.milink.simulator.SqlServerTwin twin = io.milink.simulator.SqlServerTwin.builder()
                     .builtInScenario("ready-2022").start()) {
            Files.writeString(dir.resolve("server.pem"), twin.certificatePem());
            Files.writeString(dir.resolve("pw"), twin.sysadminCredentials().password());
            Path spec = Files.writeString(dir.resolve("link.yaml"), "sqlServer:\n  host: 127.0.0.1\n  port: "
                    + twin.port() + "\n  authentication: { type: sql, user: sa, passwordFile: pw }\n"
                    + "  serverCertificate: server.pem\ndatabases: [Sales]\n");
            Run run = run("netprobe", "agent-job", "--run", "--spec", spec.toString(), "--mi-host", "127.0.0.1",
                    "--redirect-host", "localhost", "--redirect-port", Integer.toString(redirect.getLocalPort()),
                    "--wait", "30s");
            // 5022 on this machine's loopback may or may not have a listener (other tests); the redirect port does.
            assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
            assertThat(run.out()).contains("Test-NetConnection run by SQL Server Agent on SQL Server's host")
                    .contains("  127.0.0.1:5022: ")
                    .contains("  localhost:" + redirect.getLocalPort() + ": reachable, remote address ")
                    .contains("job: The job ").contains("job deleted.");
        }
    }

    @Test
    void agentJobRunWithoutASpecSaysWhatItNeeds() {
        Run run = run("netprobe", "agent-job", "--run", "--mi-host", "mi1.abc123.database.windows.net",
                "--redirect-port", "11002");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--run needs --spec FILE");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void listenJsonFeedsPreflightsInboundCheck(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Run listen = run("netprobe", "listen", "--port", "0", "--bind", "127.0.0.1", "--duration", "200ms",
                "--output", "json");
        assertThat(listen.exitCode()).as(listen.err()).isEqualTo(1);
        assertThat(listen.err()).contains("listening on 127.0.0.1:");
        io.milink.netprobe.ListenReport session = io.milink.netprobe.ListenJson.read(listen.out());
        assertThat(session.connections()).isEmpty();
        Path saved = Files.writeString(dir.resolve("inbound.json"), listen.out());

        // A scenario without a managedInstance: section, so no ARM twin has to start.
        Run preflight = run("preflight", "--scenario", "simple-recovery-copy-only", "--mi-host", "127.0.0.1",
                "--inbound-result", saved.toString());
        assertThat(preflight.out()).containsPattern("WARN +net\\.inbound").contains("nobody connected");

        Run withoutMi = run("preflight", "--scenario", "simple-recovery-copy-only", "--inbound-result",
                saved.toString());
        assertThat(withoutMi.exitCode()).isEqualTo(2);
        assertThat(withoutMi.err()).contains("--inbound-result needs a managed instance");

        Run notASession = run("preflight", "--scenario", "simple-recovery-copy-only", "--mi-host", "127.0.0.1",
                "--inbound-result", Files.writeString(dir.resolve("x.json"), "{}").toString());
        assertThat(notASession.exitCode()).isEqualTo(2);
        assertThat(notASession.err()).contains("milink netprobe listen --output json");
    }

    @Test
    void anAddressOutsideTheGivenMiSubnetIsADnsWarning() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            String port = Integer.toString(server.getLocalPort());
            Run outside = run("netprobe", "--host", "127.0.0.1", "--ports", port, "--mi-subnet", "10.0.1.0/24");
            assertThat(outside.exitCode()).as(outside.err()).isZero();
            assertThat(outside.out()).contains("DNS: '127.0.0.1' resolves to 127.0.0.1 (loopback); 127.0.0.1 is "
                    + "outside the managed instance subnet 10.0.1.0/24");
            Run inside = run("netprobe", "--host", "127.0.0.1", "--ports", port, "--mi-subnet", "127.0.0.0/8");
            assertThat(inside.out()).doesNotContain("DNS:");
        }
        Run bad = run("netprobe", "--host", "127.0.0.1", "--mi-subnet", "10.0.1.0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--mi-subnet: '10.0.1.0' is not an address range");
    }
}
