package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AgentJobProbeScriptTest {

    private static final String MI = "mi1.abc123.database.windows.net";
    private static final String NODE = "DB123.tr123456.west-us.worker.database.windows.net";

    @Test
    void theScriptIsExactlyTheReviewedOne() throws Exception {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("agent-job-probe.sql")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(AgentJobProbeScript.generate(MI, NODE, 11002)).isEqualTo(expected);
    }

    @Test
    void eachStepIsTheDocumentedTestNetConnectionQuotedForPowerShellInsideATsqlLiteral() {
        String sql = AgentJobProbeScript.generate(MI, NODE, 11002);
        assertThat(sql).contains("@command = N'Test-NetConnection -ComputerName ''" + MI + "'' -Port 5022 | "
                + "Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List',");
        assertThat(sql).contains("@command = N'Test-NetConnection -ComputerName ''" + NODE + "'' -Port 11002 | ");
        assertThat(sql).contains("@subsystem = N'PowerShell'");
    }

    @Test
    void theJobIsDeletedAfterwardsAndAStaleOneBefore() {
        String sql = AgentJobProbeScript.generate(MI, NODE, 11002);
        assertThat(sql).contains("IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = @job)\n"
                + "    EXEC msdb.dbo.sp_delete_job @job_name = @job;");
        assertThat(sql).endsWith("EXEC msdb.dbo.sp_delete_job @job_id = @job_id;\n");
        assertThat(sql.indexOf("sp_start_job")).isLessThan(sql.lastIndexOf("sp_delete_job"));
    }

    @Test
    void onLinuxTheScriptStopsAndSaysAgentCannotRunPowerShell() {
        String sql = AgentJobProbeScript.generate(MI, NODE, 11002);
        assertThat(sql).contains("IF @platform = N'Linux'")
                .contains("RAISERROR(N'SQL Server Agent on Linux cannot run PowerShell steps");
        assertThat(sql.indexOf("RAISERROR")).isLessThan(sql.indexOf("sp_add_job "));
    }

    @Test
    void aHostileHostNameIsRefusedBeforeItReachesPowerShell() {
        for (String hostile : new String[] {"mi'; Remove-Item C:\\ -Recurse; '", "mi$(whoami).example",
                "mi.example; DROP TABLE x--", "mi.example`n", "mi example", "mi\u0000.example",
                "$(ESCAPE_NONE(JOBID))"}) {
            assertThatThrownBy(() -> AgentJobProbeScript.generate(hostile, NODE, 11002))
                    .as(hostile).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a DNS name or an IP address");
            assertThatThrownBy(() -> AgentJobProbeScript.generate(MI, hostile, 11002))
                    .as(hostile).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AgentJobProbeScript.generate(" ", NODE, 11002)).hasMessageContaining("empty");
    }

    @Test
    void addressesAreAcceptedAsTheyAre() {
        assertThat(AgentJobProbeScript.generate("10.0.0.4", "fd00::4", 11002))
                .contains("-ComputerName ''10.0.0.4'' -Port 5022").contains("-ComputerName ''fd00::4'' -Port 11002");
    }

    @Test
    void aHostileJobNameStaysOneLiteral() {
        String sql = AgentJobProbeScript.generate(MI, NODE, 11002, "probe']; DROP DATABASE x--");
        assertThat(sql).contains("DECLARE @job sysname = N'probe'']; DROP DATABASE x--';");
        assertThatThrownBy(() -> AgentJobProbeScript.generate(MI, NODE, 11002, "x".repeat(129)))
                .hasMessageContaining("1 to 128");
    }

    @Test
    void aRedirectPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> AgentJobProbeScript.generate(MI, NODE, 70000)).hasMessageContaining("out of range");
    }

    @Test
    void powershellQuotingDoublesSingleQuotes() {
        assertThat(AgentJobProbeScript.powershellQuote("a'b")).isEqualTo("'a''b'");
    }
}
