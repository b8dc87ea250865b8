package io.milink.netprobe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the documented SQL Agent job probe (shared/reference/mi-link-workflow.md §2.4) through a JDBC connection, so
 * the TCP test is made by SQL Server's own host: a job with one PowerShell {@code Test-NetConnection} step per
 * target, started with msdb.dbo.sp_start_job (which returns at once; Agent runs the job), polled in
 * msdb.dbo.sysjobhistory until the job-outcome row (step_id 0) appears, each step's output read, and the job deleted
 * (stopped first if it did not finish in time). Every value goes to the server as a bound parameter.
 *
 * <p>On Linux, SQL Server Agent cannot run PowerShell steps (mi-link-workflow.md §2.6; sys.dm_os_host_info says the
 * platform), so nothing is created there: the same targets are probed from milink's own host instead, and the
 * result says plainly which host was tested.
 */
public final class AgentJobProbeRun {

    /** One host and port a step tests. */
    public record Target(String host, int port) {
        public Target {
            host = AgentJobProbeScript.requireHost("target host", host);
            PortRange.checkPort(port);
        }
    }

    /** What a step (or, in the fallback, the local probe) found for one target. */
    public enum Outcome {
        /** {@code TcpTestSucceeded : True} (or the local connect succeeded) */
        REACHABLE,
        /** {@code TcpTestSucceeded : False} (or the local probe was refused, timed out, found no route) */
        NOT_REACHABLE,
        /** the step failed: PowerShell raised an error, so nothing was tested */
        STEP_FAILED,
        /** the job did not reach this step before it ended or the wait ran out */
        NOT_RUN
    }

    public record PortOutcome(Target target, Outcome outcome, String remoteAddress, String detail) {
    }

    /** Where the test ran: through SQL Server Agent on SQL Server's host, or from milink's host (Linux fallback). */
    public enum TestedFrom { SQL_SERVER_HOST, MILINK_HOST }

    /**
     * @param testedHost  the machine whose network was tested (SQL Server's machine name, or milink's host name)
     * @param jobOutcome  the job-outcome row's message; null in the fallback or when the job did not finish
     * @param jobDeleted  whether the job is gone afterwards (always true when one was created and the delete worked)
     * @param caveat      what this result does not prove, including which host was tested
     */
    public record Result(TestedFrom testedFrom, String testedHost, List<PortOutcome> ports, boolean finished,
                         String jobOutcome, boolean jobDeleted, String caveat) {
        public boolean allReachable() {
            return !ports.isEmpty() && ports.stream().allMatch(p -> p.outcome() == Outcome.REACHABLE);
        }
    }

    /** Probes from milink's host, for the Linux fallback. */
    @FunctionalInterface
    public interface LocalProbe {
        ProbeReport probe(String host, PortSet ports) throws InterruptedException;
    }

    private static final Pattern SUCCEEDED = Pattern.compile("TcpTestSucceeded\\s*:\\s*(True|False)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REMOTE_ADDRESS = Pattern.compile("RemoteAddress\\s*:\\s*([0-9A-Fa-f.:]+)");
    private static final String JOB_DESCRIPTION = "milink netprobe: Test-NetConnection to the managed instance; "
            + "deleted by milink when it finishes";

    private final Duration wait;
    private final Duration pollInterval;

    /**
     * @param wait         how long to wait for the job to finish (a dropped port costs Test-NetConnection ~21 s)
     * @param pollInterval how often to read sysjobhistory meanwhile
     */
    public AgentJobProbeRun(Duration wait, Duration pollInterval) {
        this.wait = Objects.requireNonNull(wait, "wait");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * @throws SQLException when the server refuses a step of the set-up (no Agent, no permission, …); a job that was
     *                      created is still deleted
     */
    public Result run(Connection connection, List<Target> targets, String jobName, LocalProbe localProbe)
            throws SQLException, InterruptedException {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target to test");
        }
        AgentJobProbeScript.requireJobName(jobName);
        String machine = scalar(connection, "SELECT CONVERT(nvarchar(128), SERVERPROPERTY('MachineName'))");
        if (linux(connection)) {
            return fallback(targets, machine, localProbe);
        }
        if (count(connection, "SELECT COUNT(*) FROM msdb.dbo.sysjobs WHERE name = ?", jobName) > 0) {
            exec(connection, "EXEC msdb.dbo.sp_delete_job @job_name = ?", jobName);
        }
        exec(connection, "EXEC msdb.dbo.sp_add_job @job_name = ?, @description = ?", jobName, JOB_DESCRIPTION);
        boolean deleted = false;
        try {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                boolean last = i == targets.size() - 1;
                // Every step runs whatever the previous one found (3 = go to the next step); the last one quits.
                exec(connection, "EXEC msdb.dbo.sp_add_jobstep @job_name = ?, @step_id = ?, @step_name = ?, "
                        + "@subsystem = N'PowerShell', @command = ?, @on_success_action = ?, @on_fail_action = ?",
                        jobName, i + 1, stepName(t), AgentJobProbeScript.testNetConnection(t.host(), t.port()),
                        last ? 1 : 3, last ? 2 : 3);
            }
            exec(connection, "EXEC msdb.dbo.sp_add_jobserver @job_name = ?, @server_name = N'(local)'", jobName);
            exec(connection, "EXEC msdb.dbo.sp_start_job @job_name = ?", jobName);
            List<HistoryRow> history = waitForOutcome(connection, jobName);
            HistoryRow outcome = history.stream().filter(h -> h.stepId == 0).findFirst().orElse(null);
            if (outcome == null) {
                stopQuietly(connection, jobName);
            }
            List<PortOutcome> ports = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                int stepId = i + 1;
                HistoryRow row = history.stream().filter(h -> h.stepId == stepId).reduce((a, b) -> b).orElse(null);
                ports.add(portOutcome(targets.get(i), row));
            }
            exec(connection, "EXEC msdb.dbo.sp_delete_job @job_name = ?", jobName);
            deleted = true;
            return new Result(TestedFrom.SQL_SERVER_HOST, machine, List.copyOf(ports), outcome != null,
                    outcome == null ? null : outcome.message, true, "Test-NetConnection ran on SQL Server's host ("
                    + machine + ") through SQL Server Agent. A TCP connect proves the port accepts connections "
                    + "from that host, not that the mirroring protocol passes a firewall that inspects packets.");
        } finally {
            if (!deleted) {
                deleteQuietly(connection, jobName);
            }
        }
    }

    private Result fallback(List<Target> targets, String sqlServerMachine, LocalProbe localProbe)
            throws InterruptedException {
        String here = localHostName();
        List<PortOutcome> ports = new ArrayList<>();
        for (Target t : targets) {
            ProbeReport report = localProbe.probe(t.host(), PortSet.of(t.port()));
            PortResult r = report.ports().isEmpty() ? null : report.ports().get(0);
            ProbeVerdict v = r == null ? ProbeVerdict.UNRESOLVED : r.verdict();
            ports.add(new PortOutcome(t, v == ProbeVerdict.OPEN ? Outcome.REACHABLE : Outcome.NOT_REACHABLE,
                    report.summary().sweep().probedAddress(), v.word() + (r == null ? "" : String.format(
                            java.util.Locale.ROOT, " in %.1f ms", r.millis()))));
        }
        return new Result(TestedFrom.MILINK_HOST, here, List.copyOf(ports), true, null, false,
                "SQL Server " + sqlServerMachine + " runs on Linux, where SQL Server Agent cannot run PowerShell "
                        + "steps, so no job was created. These ports were probed from milink's host (" + here
                        + "), NOT from SQL Server's host: run 'milink netprobe --host' on " + sqlServerMachine
                        + " itself to test the path the link uses.");
    }

    private List<HistoryRow> waitForOutcome(Connection connection, String jobName)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<HistoryRow> rows = history(connection, jobName);
            if (rows.stream().anyMatch(h -> h.stepId == 0) || System.nanoTime() >= deadline) {
                return rows;
            }
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(),
                    (deadline - System.nanoTime()) / 1_000_000 + 1)));
        }
    }

    private record HistoryRow(int stepId, int runStatus, String message) {
    }

    private static List<HistoryRow> history(Connection connection, String jobName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT h.step_id, h.run_status, h.message "
                + "FROM msdb.dbo.sysjobhistory AS h JOIN msdb.dbo.sysjobs AS j ON j.job_id = h.job_id "
                + "WHERE j.name = ? ORDER BY h.instance_id")) {
            ps.setString(1, jobName);
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new HistoryRow(rs.getInt(1), rs.getInt(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    /** A step's history row: run_status 1 with TcpTestSucceeded True passes (mi-link-workflow.md §2.4). */
    private static PortOutcome portOutcome(Target target, HistoryRow row) {
        if (row == null) {
            return new PortOutcome(target, Outcome.NOT_RUN, null, "the job did not run this step");
        }
        String message = row.message == null ? "" : row.message;
        Matcher address = REMOTE_ADDRESS.matcher(message);
        String remote = address.find() ? address.group(1) : null;
        Matcher succeeded = SUCCEEDED.matcher(message);
        if (row.runStatus != 1 || !succeeded.find()) {
            return new PortOutcome(target, Outcome.STEP_FAILED, remote, message);
        }
        boolean ok = succeeded.group(1).equalsIgnoreCase("True");
        return new PortOutcome(target, ok ? Outcome.REACHABLE : Outcome.NOT_REACHABLE, remote,
                "TcpTestSucceeded : " + (ok ? "True" : "False"));
    }

    /** A sysname: at most 128 characters, so a long host name is cut (the command keeps it whole). */
    private static String stepName(Target t) {
        String name = (t.port() == AgentJobProbeScript.MIRRORING_PORT ? "mirroring port " : "port ") + t.port()
                + " on " + t.host();
        return name.length() <= 128 ? name : name.substring(0, 127) + "…";
    }

    private static boolean linux(Connection connection) throws SQLException {
        try {
            return "Linux".equalsIgnoreCase(scalar(connection, "SELECT host_platform FROM sys.dm_os_host_info"));
        } catch (SQLException e) {
            if (e.getErrorCode() == 208) {
                return false; // before SQL Server 2017 there is no sys.dm_os_host_info, and no Linux either
            }
            throw e;
        }
    }

    private static void stopQuietly(Connection connection, String jobName) {
        try {
            exec(connection, "EXEC msdb.dbo.sp_stop_job @job_name = ?", jobName);
        } catch (SQLException e) {
            // it may have finished meanwhile; the delete below is what matters
        }
    }

    private static void deleteQuietly(Connection connection, String jobName) {
        try {
            exec(connection, "EXEC msdb.dbo.sp_delete_job @job_name = ?", jobName);
        } catch (SQLException e) {
            // reported by the caller's exception; nothing more can be done over this connection
        }
    }

    private static void exec(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    private static int count(Connection connection, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this host";
        }
    }
}
