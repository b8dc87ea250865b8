-- milink netprobe: SQL Server -> managed instance reachability, tested from this SQL Server's host
-- (reference: the documented SQL Agent job test). Creates a SQL Agent job with two PowerShell steps,
-- runs it, waits up to 120 s, shows each step's output and deletes the job.
-- Needs SQL Server Agent running on Windows. On Linux, Agent cannot run PowerShell steps: run
-- 'milink netprobe --host' on that host instead (it tests the host, not the engine).
-- Pass: both steps show 'TcpTestSucceeded : True' and a RemoteAddress inside the MI subnet.
SET NOCOUNT ON;
IF OBJECT_ID(N'sys.dm_os_host_info') IS NOT NULL
BEGIN
    DECLARE @platform nvarchar(256);
    EXEC sys.sp_executesql N'SELECT @p = host_platform FROM sys.dm_os_host_info;',
        N'@p nvarchar(256) OUTPUT', @p = @platform OUTPUT;
    IF @platform = N'Linux'
    BEGIN
        RAISERROR(N'SQL Server Agent on Linux cannot run PowerShell steps; run milink netprobe --host on this host instead.', 16, 1);
        RETURN;
    END;
END;
DECLARE @job sysname = N'milink_netprobe';
IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = @job)
    EXEC msdb.dbo.sp_delete_job @job_name = @job;
EXEC msdb.dbo.sp_add_job @job_name = @job,
    @description = N'milink netprobe: Test-NetConnection to the managed instance; deleted by the script that created it';
EXEC msdb.dbo.sp_add_jobstep @job_name = @job, @step_id = 1,
    @step_name = N'mirroring port 5022', @subsystem = N'PowerShell',
    @command = N'Test-NetConnection -ComputerName ''mi1.abc123.database.windows.net'' -Port 5022 | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List',
    @on_success_action = 3, @on_fail_action = 3;
EXEC msdb.dbo.sp_add_jobstep @job_name = @job, @step_id = 2,
    @step_name = N'redirect port 11002', @subsystem = N'PowerShell',
    @command = N'Test-NetConnection -ComputerName ''DB123.tr123456.west-us.worker.database.windows.net'' -Port 11002 | Select-Object ComputerName, RemoteAddress, TcpTestSucceeded | Format-List',
    @on_success_action = 1, @on_fail_action = 2;
EXEC msdb.dbo.sp_add_jobserver @job_name = @job, @server_name = N'(local)';
DECLARE @job_id uniqueidentifier = (SELECT job_id FROM msdb.dbo.sysjobs WHERE name = @job);
EXEC msdb.dbo.sp_start_job @job_id = @job_id;
DECLARE @waited int = 0;
WHILE @waited < 120 AND NOT EXISTS (SELECT 1 FROM msdb.dbo.sysjobhistory
        WHERE job_id = @job_id AND step_id = 0)
BEGIN
    WAITFOR DELAY '00:00:05'; -- a constant: WAITFOR takes a time string
    SET @waited += 5;
END;
SELECT h.step_id, h.step_name, h.run_status, h.message
FROM msdb.dbo.sysjobhistory AS h
WHERE h.job_id = @job_id
ORDER BY h.step_id;
IF NOT EXISTS (SELECT 1 FROM msdb.dbo.sysjobhistory WHERE job_id = @job_id AND step_id = 0)
BEGIN
    PRINT N'The job did not finish within 120 s (is SQL Server Agent running?); stopping it.';
    BEGIN TRY EXEC msdb.dbo.sp_stop_job @job_id = @job_id; END TRY BEGIN CATCH END CATCH;
END;
EXEC msdb.dbo.sp_delete_job @job_id = @job_id;
