package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-job --run} against the SQL Server twin over TDS with the real driver: the twin's Agent runs the
 * PowerShell steps and, acting as SQL Server's host, really connects to loopback ports these tests own.
 */
class AgentJobProbeRunTest {

    private static final AgentJobProbeRun RUN = new AgentJobProbeRun(Duration.ofSeconds(15), Duration.ofMillis(50));

    @TempDir
    static Path tempDir;

    /** One Windows twin for the class: every run deletes its job, so the tests do not see one another's state. */
    private static SqlServerTwin windows;

    @BeforeAll
    static void startTwin() throws Exception {
        windows = SqlServerTwin.builder().builtInScenario("ready-2022").start();
    }

    @AfterAll
    static void stopTwin() {
        windows.close();
    }

    @Test
    void listeningPortsAreReachableFromSqlServersHostAndTheJobIsDeletedAfterwards() throws Exception {
        try (ServerSocket a = listener(); ServerSocket b = listener(); Connection c = connect(windows)) {
            AgentJobProbeRun.Result result = RUN.run(c, List.of(new AgentJobProbeRun.Target("127.0.0.1",
                    a.getLocalPort()), new AgentJobProbeRun.Target("localhost", b.getLocalPort())), "milink_test",
                    noLocalProbe());
            assertThat(result.testedFrom()).isEqualTo(AgentJobProbeRun.TestedFrom.SQL_SERVER_HOST);
            assertThat(result.finished()).isTrue();
            assertThat(result.ports()).extracting(AgentJobProbeRun.PortOutcome::outcome)
                    .containsExactly(AgentJobProbeRun.Outcome.REACHABLE, AgentJobProbeRun.Outcome.REACHABLE);
            assertThat(result.ports().get(0).remoteAddress()).isEqualTo("127.0.0.1");
            assertThat(result.allReachable()).isTrue();
            assertThat(result.jobOutcome()).startsWith("The job succeeded.");
            assertThat(result.jobDeleted()).isTrue();
            assertThat(count(c, "SELECT COUNT(*) FROM msdb.dbo.sysjobs")).isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM msdb.dbo.sysjobhistory")).isZero();
        }
    }

    @Test
    void aClosedPortIsNotReachableWhileTheOtherStepStillRuns() throws Exception {
        int closed;
        try (ServerSocket s = listener()) {
            closed = s.getLocalPort();
        }
        try (ServerSocket open = listener(); Connection c = connect(windows)) {
            AgentJobProbeRun.Result result = RUN.run(c, List.of(new AgentJobProbeRun.Target("127.0.0.1", closed),
                    new AgentJobProbeRun.Target("127.0.0.1", open.getLocalPort())), "milink_test", noLocalProbe());
            assertThat(result.ports()).extracting(AgentJobProbeRun.PortOutcome::outcome)
                    .containsExactly(AgentJobProbeRun.Outcome.NOT_REACHABLE, AgentJobProbeRun.Outcome.REACHABLE);
            assertThat(result.ports().get(0).detail()).isEqualTo("TcpTestSucceeded : False");
            assertThat(result.allReachable()).isFalse();
            assertThat(count(c, "SELECT COUNT(*) FROM msdb.dbo.sysjobs")).isZero();
        }
    }

    @Test
    void aStaleJobOfTheSameNameIsReplaced() throws Exception {
        try (ServerSocket open = listener(); Connection c = connect(windows)) {
            try (Statement s = c.createStatement()) {
                s.execute("EXEC msdb.dbo.sp_add_job @job_name = N'milink_test'");
            }
            AgentJobProbeRun.Result result = RUN.run(c, List.of(new AgentJobProbeRun.Target("127.0.0.1",
                    open.getLocalPort())), "milink_test", noLocalProbe());
            assertThat(result.allReachable()).isTrue();
        }
    }

    @Test
    void onLinuxNoJobIsCreatedAndTheLocalProbeSaysWhichHostWasTested() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022").replace("hostPlatform: Windows", "hostPlatform: Linux");
        List<String> probed = new ArrayList<>();
        try (ServerSocket open = listener();
             SqlServerTwin twin = SqlServerTwin.builder().scenarioYaml(yaml, "ready-2022 on Linux").start();
             Connection c = connect(twin);
             BlockingPortProbe local = new BlockingPortProbe()) {
            AgentJobProbeRun.Result result = RUN.run(c, List.of(new AgentJobProbeRun.Target("127.0.0.1",
                    open.getLocalPort())), "milink_test", (host, ports) -> {
                        probed.add(host + ":" + ports.ports());
                        return local.probe(host, ports, new ProbeOptions(Duration.ofSeconds(2), 4));
                    });
            assertThat(result.testedFrom()).isEqualTo(AgentJobProbeRun.TestedFrom.MILINK_HOST);
            assertThat(probed).containsExactly("127.0.0.1:[" + open.getLocalPort() + "]");
            assertThat(result.ports()).extracting(AgentJobProbeRun.PortOutcome::outcome)
                    .containsExactly(AgentJobProbeRun.Outcome.REACHABLE);
            assertThat(result.caveat()).contains("Linux", "cannot run PowerShell", "NOT from SQL Server's host",
                    result.testedHost());
            assertThat(count(c, "SELECT COUNT(*) FROM msdb.dbo.sysjobs")).isZero();
        }
    }

    private static Connection connect(SqlServerTwin twin) throws Exception {
        Path pem = Files.writeString(tempDir.resolve("twin-" + twin.port() + ".pem"), twin.certificatePem());
        var login = twin.sysadminCredentials();
        return DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem), login.userName(),
                login.password());
    }

    private static ServerSocket listener() throws Exception {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    private static AgentJobProbeRun.LocalProbe noLocalProbe() {
        return (host, ports) -> {
            throw new AssertionError("the local probe must not run when Agent can run the job");
        };
    }

    private static int count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
