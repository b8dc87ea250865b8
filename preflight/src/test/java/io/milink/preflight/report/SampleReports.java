package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;

import java.time.Instant;
import java.util.List;

/** A fixed report that exercises every status, every remediation kind and hostile text. */
final class SampleReports {

    static final String HOSTILE = "a]; DROP DATABASE x--<script>alert(1)</script>,\"=1+1\"";

    static Report notReady() {
        return Report.of(Instant.parse("2026-11-22T12:00:00Z"), "sql22.contoso.local", List.of(
                new Finding("sql.connect", Status.PASS, "sql22.contoso.local", "Connect and log in to SQL Server",
                        "logged in to SQL22 (SQL Server 16.0.4265.3)", null),
                new Finding("sql.masterKey", Status.FAIL, "sql22.contoso.local", "Database master key in master",
                        "no database master key in master", Remediation.tsql(
                        "USE [master];\nCREATE MASTER KEY ENCRYPTION BY PASSWORD = N'<strong password>';")),
                new Finding("sql.hadr", Status.FAIL, "sql22.contoso.local", "Always On availability groups enabled",
                        "SERVERPROPERTY('IsHadrEnabled') = 0", Remediation.powershell(
                        "Enable-SqlAlwaysOn -ServerInstance 'SQL22' -Force")),
                new Finding("sql.traceFlag.9567", Status.WARN, "sql22.contoso.local",
                        "Trace flag 9567 (compressed seeding)", "not on now; startup parameters could not be read",
                        Remediation.shell("sudo /opt/mssql/bin/mssql-conf traceflag 9567 on")),
                new Finding("db.recoveryModel", Status.FAIL, HOSTILE, "Full recovery model", "recovery model SIMPLE",
                        Remediation.tsql("ALTER DATABASE [a]]; DROP DATABASE x--<script>] SET RECOVERY FULL;")),
                new Finding("db.exists", Status.ERROR, "Sales", "Database exists", "the inventory failed: error 208",
                        Remediation.manual("Run milink preflight --debug and report the error.")),
                new Finding("net.mirroring", Status.SKIP, "sql22.contoso.local",
                        "Port 5022 reachable to the managed instance",
                        "not checked yet: milink does not probe the network yet", null)));
    }

    static Report ready() {
        return Report.of(Instant.parse("2026-11-22T12:00:00Z"), "sql22", List.of(
                new Finding("sql.connect", Status.PASS, "sql22", "Connect and log in to SQL Server", "ok", null)));
    }

    /** Ready, but not spotless: what most real reports look like (a warning with its fix, a skipped stage). */
    static Report readyWithWarnings() {
        return Report.of(Instant.parse("2026-11-22T12:00:00Z"), "sql22.contoso.local", List.of(
                new Finding("sql.connect", Status.PASS, "sql22.contoso.local", "Connect and log in to SQL Server",
                        "logged in to SQL22 (SQL Server 16.0.4265.3)", null),
                new Finding("sql.endpoint", Status.WARN, "sql22.contoso.local", "Database mirroring endpoint",
                        "Hadr_endpoint: STARTED, port 5022, authentication NEGOTIATE, encryption REQUIRED (AES); it "
                                + "does not accept CERTIFICATE authentication: creating the link alters it",
                        Remediation.tsql("ALTER ENDPOINT [Hadr_endpoint]\n    FOR DATABASE_MIRRORING (\n"
                                + "        AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [<link certificate>]);")),
                new Finding("db.recoveryModel", Status.PASS, "Sales", "Full recovery model", "recovery model FULL",
                        null),
                new Finding("net.mirroring", Status.SKIP, "sql22.contoso.local",
                        "Port 5022 reachable to the managed instance",
                        "not checked: no managed instance was named (--mi-host)", null)));
    }

    private SampleReports() {
    }
}
