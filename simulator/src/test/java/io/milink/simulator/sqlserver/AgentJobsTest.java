package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;

/**
 * SQL Server Agent's msdb job procedures and tables on the twin, and its model of a PowerShell Test-NetConnection
 * step, which really connects (to loopback ports these tests own).
 */
class AgentJobsTest {

    private SqlServerInstance instance;
    private EngineSession session;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void aTestNetConnectionStepToAListeningPortSucceedsWithTcpTestSucceededTrue() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            RecordingSink started = createAndStart("probe", "Test-NetConnection -ComputerName '127.0.0.1' -Port "
                    + listener.getLocalPort() + " | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded "
                    + "| Format-List");
            assertThat(started.errors()).isEmpty();
            assertThat(started.messages).extracting(ServerMessage::number).contains(14243);
            List<Object[]> history = waitForOutcome("probe");
            assertThat(history).hasSize(2);
            assertThat(history.get(0)[0]).isEqualTo(1);
            assertThat((String) history.get(0)[2]).startsWith("Executed as user: NT Service\\SQLSERVERAGENT. ")
                    .contains("ComputerName     : 127.0.0.1", "RemoteAddress    : 127.0.0.1",
                            "TcpTestSucceeded : True").endsWith("The step succeeded.");
            assertThat(history.get(0)[1]).isEqualTo(1);
            assertThat(history.get(1)[0]).isEqualTo(0);
            assertThat(history.get(1)[1]).isEqualTo(1);
            assertThat((String) history.get(1)[2]).startsWith("The job succeeded.")
                    .contains("The last step to run was step 1 (step 1)");
        }
        RecordingSink activity = TwinFixture.run(session, "SELECT COUNT(*) FROM msdb.dbo.sysjobactivity a "
                + "JOIN msdb.dbo.sysjobs j ON j.job_id = a.job_id WHERE j.name = N'probe' "
                + "AND a.stop_execution_date IS NOT NULL AND a.job_history_id IS NOT NULL");
        assertThat(activity.scalar()).isEqualTo(1);
    }

    @Test
    void aClosedPortIsAStepThatSucceededWithAWarningAndTcpTestSucceededFalse() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        createAndStart("closed", "tnc 127.0.0.1 -port " + closed
                + " | select ComputerName, RemoteAddress, TcpTestSucceeded | Format-List");
        List<Object[]> history = waitForOutcome("closed");
        assertThat((String) history.get(0)[2]).contains("WARNING: TCP connect to (127.0.0.1 : " + closed
                + ") failed", "TcpTestSucceeded : False");
        assertThat(history.get(0)[1]).isEqualTo(1);
    }

    @Test
    void anUnknownCommandFailsTheStepAndTheJobAsPowerShellWould() throws Exception {
        createAndStart("unknown", "Get-Foo -Bar");
        List<Object[]> history = waitForOutcome("unknown");
        assertThat(history.get(0)[1]).isEqualTo(0);
        assertThat((String) history.get(0)[2]).contains("The term 'Get-Foo' is not recognized")
                .endsWith("The step failed.");
        assertThat(history.get(1)[1]).isEqualTo(0);
        assertThat((String) history.get(1)[2]).startsWith("The job failed.");
    }

    @Test
    void proceduresRaiseAgentsErrorsForMissingServerDuplicateNameAndUnknownJob() {
        assertThat(TwinFixture.run(session, "EXEC msdb.dbo.sp_add_job @job_name = N'j'").errors()).isEmpty();
        assertThat(numbers(TwinFixture.run(session, "EXEC msdb.dbo.sp_add_job @job_name = N'j'"))).contains(14261);
        assertThat(numbers(TwinFixture.run(session, "EXEC msdb.dbo.sp_start_job @job_name = N'j'")))
                .contains(14256);
        assertThat(numbers(TwinFixture.run(session, "EXEC msdb.dbo.sp_delete_job @job_name = N'nope'")))
                .contains(14262);
        assertThat(numbers(TwinFixture.run(session, "EXEC msdb.dbo.sp_start_job"))).contains(14294);
        assertThat(numbers(TwinFixture.run(session, "EXEC dbo.sp_add_job @job_name = N'k'"))).contains(2812);
        assertThat(TwinFixture.run(session, "EXEC msdb.dbo.sp_delete_job @job_name = N'j'").errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM msdb.dbo.sysjobs").scalar()).isEqualTo(0);
    }

    @Test
    void deletingAJobDeletesItsHistory() throws Exception {
        createAndStart("gone", "Get-Foo");
        waitForOutcome("gone");
        assertThat(TwinFixture.run(session, "EXEC msdb.dbo.sp_delete_job @job_name = N'gone'").errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM msdb.dbo.sysjobhistory").scalar()).isEqualTo(0);
    }

    @Test
    void agentOnLinuxRefusesAPowerShellStep() throws IOException {
        String yaml;
        try (InputStream in = AgentJobsTest.class.getResourceAsStream("sql2019.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("hostPlatform: Windows",
                    "hostPlatform: Linux");
        }
        try (SqlServerInstance linux = SqlServerInstance.fromScenario(yaml)) {
            EngineSession sa = TwinFixture.sa(linux);
            TwinFixture.run(sa, "EXEC msdb.dbo.sp_add_job @job_name = N'j'");
            RecordingSink step = TwinFixture.run(sa, "EXEC msdb.dbo.sp_add_jobstep @job_name = N'j', "
                    + "@step_name = N's', @subsystem = N'PowerShell', @command = N'tnc x -port 1'");
            assertThat(numbers(step)).contains(14234);
        }
    }

    private RecordingSink createAndStart(String job, String command) {
        RecordingSink setup = TwinFixture.run(session, "EXEC msdb.dbo.sp_add_job @job_name = N'" + job + "';"
                + "EXEC msdb.dbo.sp_add_jobstep @job_name = N'" + job + "', @step_id = 1, @step_name = N'step 1', "
                + "@subsystem = N'PowerShell', @command = N'" + command.replace("'", "''") + "', "
                + "@on_success_action = 1, @on_fail_action = 2;"
                + "EXEC msdb.dbo.sp_add_jobserver @job_name = N'" + job + "', @server_name = N'(local)';");
        assertThat(setup.errors()).isEmpty();
        return TwinFixture.run(session, "EXEC msdb.dbo.sp_start_job @job_name = N'" + job + "'");
    }

    /** Step rows then the outcome row (step_id, run_status, message), once the outcome is there. */
    private List<Object[]> waitForOutcome(String job) throws InterruptedException {
        String query = "SELECT h.step_id, h.run_status, h.message FROM msdb.dbo.sysjobhistory h "
                + "JOIN msdb.dbo.sysjobs j ON j.job_id = h.job_id WHERE j.name = N'" + job + "' ORDER BY h.instance_id";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Object[]> rows = TwinFixture.run(session, query).onlyTable().rows();
            if (rows.stream().anyMatch(r -> ((Number) r[0]).intValue() == 0)) {
                return rows;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + job + " did not finish within 10 s");
    }

    private static List<Integer> numbers(RecordingSink sink) {
        return sink.errors().stream().map(ServerMessage::number).toList();
    }
}
