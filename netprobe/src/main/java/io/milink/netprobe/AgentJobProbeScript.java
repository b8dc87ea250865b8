package io.milink.netprobe;

import io.milink.core.Tsql;

import java.util.regex.Pattern;

/**
 * The documented SQL Server → managed instance test, run from the SQL Server host itself (reference §2.4): a SQL
 * Agent job with two PowerShell steps, {@code Test-NetConnection} to the MI FQDN on 5022 and to the current node on
 * its redirect (HADR) port, started, waited for, its output selected, and the job deleted afterwards.
 *
 * <p>This is the only way to test from SQL Server's own host when milink runs elsewhere (reference §2.6). On Linux,
 * SQL Server Agent cannot run PowerShell steps, so the script stops there with a message; use {@code milink
 * netprobe --host} on that host instead, and know that it tests that host, not the engine.
 *
 * <p>Host names reach PowerShell inside a T-SQL literal, two languages deep. They are therefore first checked to be
 * a DNS name or an address literal (so no quote, {@code $(} Agent token or PowerShell metacharacter can occur),
 * then single-quoted for PowerShell, then passed through {@link Tsql#literal(String)}.
 */
public final class AgentJobProbeScript {

    public static final String DEFAULT_JOB_NAME = "milink_netprobe";
    public static final int MIRRORING_PORT = 5022;
    /** Each filtered step costs about 21 s in Test-NetConnection (issue 5); two steps and Agent's start fit in 2 min. */
    public static final int WAIT_SECONDS = 120;

    static final String LINUX_MESSAGE = "SQL Server Agent on Linux cannot run PowerShell steps; run milink netprobe "
            + "--host on this host instead.";

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}\\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                    + "(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("(?:[0-9]{1,3}\\.){3}[0-9]{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private AgentJobProbeScript() {
    }

    /** The script for the MI FQDN on 5022 and a redirect node on its HADR port, with the default job name. */
    public static String generate(String miHost, String redirectHost, int redirectPort) {
        return generate(miHost, redirectHost, redirectPort, DEFAULT_JOB_NAME);
    }

    /**
     * @param miHost       the MI FQDN ({@code DnsRecordName} in sys.dm_hadr_fabric_config_parameters)
     * @param redirectHost the current node, {@code <node>.<cluster>} (reference §2.4); these change after an MI
     *                     failover, so regenerate before each test
     * @param redirectPort the node's {@code HadrPort}, in 11000–11999
     * @throws IllegalArgumentException for a host that is not a DNS name or address, or a bad port or job name
     */
    public static String generate(String miHost, String redirectHost, int redirectPort, String jobName) {
        PortRange.checkPort(redirectPort);
        requireJobName(jobName);
        String mirroringStep = testNetConnection(requireHost("MI host", miHost), MIRRORING_PORT);
        String redirectStep = testNetConnection(requireHost("redirect host", redirectHost), redirectPort);
        String job = Tsql.literal(jobName);
        String nl = "\n";
        return "-- milink netprobe: SQL Server -> managed instance reachability, tested from this SQL Server's host"
                + nl + "-- (reference: the documented SQL Agent job test). Creates a SQL Agent job with two PowerShell steps,"
                + nl + "-- runs it, waits up to " + WAIT_SECONDS + " s, shows each step's output and deletes the job."
                + nl + "-- Needs SQL Server Agent running on Windows. On Linux, Agent cannot run PowerShell steps: run"
                + nl + "-- 'milink netprobe --host' on that host instead (it tests the host, not the engine)."
                + nl + "-- Pass: both steps show 'TcpTestSucceeded : True' and a RemoteAddress inside the MI subnet."
                + nl + "SET NOCOUNT ON;"
                + nl + "IF OBJECT_ID(" + Tsql.literal("sys.dm_os_host_info") + ") IS NOT NULL"
                + nl + "BEGIN"
                + nl + "    DECLARE @platform nvarchar(256);"
                + nl + "    EXEC sys.sp_executesql " + Tsql.literal("SELECT @p = host_platform FROM sys.dm_os_host_info;") + ","
                + nl + "        " + Tsql.literal("@p nvarchar(256) OUTPUT") + ", @p = @platform OUTPUT;"
                + nl + "    IF @platform = " + Tsql.literal("Linux")
                + nl + "    BEGIN"
                + nl + "        RAISERROR(" + Tsql.literal(LINUX_MESSAGE) + ", 16, 1);"
                + nl + "        RETURN;"
                + nl + "    END;"
                + nl + "END;"
                + nl + "DECLARE @job sysname = " + job + ";"
                + nl + "IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = @job)"
                + nl + "    EXEC msdb.dbo.sp_delete_job @job_name = @job;"
                + nl + "EXEC msdb.dbo.sp_add_job @job_name = @job,"
                + nl + "    @description = " + Tsql.literal("milink netprobe: Test-NetConnection to the managed "
                        + "instance; deleted by the script that created it") + ";"
                + nl + "EXEC msdb.dbo.sp_add_jobstep @job_name = @job, @step_id = 1,"
                + nl + "    @step_name = " + Tsql.literal("mirroring port " + MIRRORING_PORT) + ", @subsystem = " + Tsql.literal("PowerShell") + ","
                + nl + "    @command = " + Tsql.literal(mirroringStep) + ","
                + nl + "    @on_success_action = 3, @on_fail_action = 3;"
                + nl + "EXEC msdb.dbo.sp_add_jobstep @job_name = @job, @step_id = 2,"
                + nl + "    @step_name = " + Tsql.literal("redirect port " + redirectPort) + ", @subsystem = " + Tsql.literal("PowerShell") + ","
                + nl + "    @command = " + Tsql.literal(redirectStep) + ","
                + nl + "    @on_success_action = 1, @on_fail_action = 2;"
                + nl + "EXEC msdb.dbo.sp_add_jobserver @job_name = @job, @server_name = " + Tsql.literal("(local)") + ";"
                + nl + "DECLARE @job_id uniqueidentifier = (SELECT job_id FROM msdb.dbo.sysjobs WHERE name = @job);"
                + nl + "EXEC msdb.dbo.sp_start_job @job_id = @job_id;"
                + nl + "DECLARE @waited int = 0;"
                + nl + "WHILE @waited < " + Tsql.literal(WAIT_SECONDS) + " AND NOT EXISTS (SELECT 1 FROM msdb.dbo.sysjobhistory"
                + nl + "        WHERE job_id = @job_id AND step_id = 0)"
                + nl + "BEGIN"
                + nl + "    WAITFOR DELAY '00:00:05'; -- a constant: WAITFOR takes a time string"
                + nl + "    SET @waited += 5;"
                + nl + "END;"
                + nl + "SELECT h.step_id, h.step_name, h.run_status, h.message"
                + nl + "FROM msdb.dbo.sysjobhistory AS h"
                + nl + "WHERE h.job_id = @job_id"
                + nl + "ORDER BY h.step_id;"
                + nl + "IF NOT EXISTS (SELECT 1 FROM msdb.dbo.sysjobhistory WHERE job_id = @job_id AND step_id = 0)"
                + nl + "BEGIN"
                + nl + "    PRINT " + Tsql.literal("The job did not finish within " + WAIT_SECONDS + " s (is SQL Server Agent "
                        + "running?); stopping it.") + ";"
                + nl + "    BEGIN TRY EXEC msdb.dbo.sp_stop_job @job_id = @job_id; END TRY BEGIN CATCH END CATCH;"
                + nl + "END;"
                + nl + "EXEC msdb.dbo.sp_delete_job @job_id = @job_id;"
                + nl;
    }

    /** The PowerShell step, as in the documented test: ComputerName, RemoteAddress, TcpTestSucceeded. */
    static String testNetConnection(String host, int port) {
        return "Test-NetConnection -ComputerName " + powershellQuote(host) + " -Port " + port
                + " | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List";
    }

    /** A PowerShell single-quoted string: nothing inside is expanded; a quote is doubled. */
    static String powershellQuote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String requireHost(String what, String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        String h = host.strip();
        if (!(DNS_NAME.matcher(h).matches() || IPV4.matcher(h).matches()
                || (h.indexOf(':') >= 0 && IPV6.matcher(h).matches()))) {
            throw new IllegalArgumentException("the " + what + " '" + h.replaceAll("\\p{Cntrl}", "?") + "' is not a "
                    + "DNS name or an IP address; refusing to put it into a PowerShell job step");
        }
        return h;
    }

    static void requireJobName(String jobName) {
        if (jobName == null || jobName.isBlank() || jobName.length() > Tsql.MAX_IDENTIFIER_LENGTH) {
            throw new IllegalArgumentException("a SQL Agent job name is 1 to " + Tsql.MAX_IDENTIFIER_LENGTH
                    + " characters");
        }
        Tsql.quoteName(jobName); // same rules as any sysname: no control characters
    }
}
