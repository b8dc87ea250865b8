package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;

import java.time.Instant;
import java.util.List;

/** Fixed reports that exercise every status, every remediation kind, every verdict and hostile text. */
final class SampleReports {

    static final String HOSTILE = "a]; DROP DATABASE x--<script>alert(1)</script>,\"=1+1\"";
    static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");

    /** Failed checks (with every remediation kind) on a pair whose every part was read but the network. */
    static Report notReady() {
        return Report.of(AT, "sql22.contoso.local", List.of(
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
                new Finding("db.exists", Status.PASS, HOSTILE, "Database exists", "database_id 5", null),
                new Finding("db.recoveryModel", Status.FAIL, HOSTILE, "Full recovery model", "recovery model SIMPLE",
                        Remediation.tsql("ALTER DATABASE [a]]; DROP DATABASE x--<script>] SET RECOVERY FULL;")),
                new Finding("mi.exists", Status.PASS, "sql22.contoso.local", "Managed instance exists and can be read",
                        "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1 "
                                + "(mi1.abc.database.windows.net)", null),
                new Finding("net.mirroring", Status.SKIP, "sql22.contoso.local",
                        "Port 5022 reachable to the managed instance",
                        "not probed here (a spec's managedInstance.probeNetwork: false): to test it, run milink "
                                + "preflight on the SQL Server host", null)));
    }

    /** A check that could not run: no connection, so nothing else could be judged. */
    static Report couldNotConnect() {
        return Report.of(AT, "sql22.contoso.local", List.of(
                new Finding("sql.connect", Status.ERROR, "sql22.contoso.local", "Connect and log in to SQL Server",
                        "the server refused the login (error 18456): Login failed for user 'milink'.",
                        Remediation.manual("Check the login name and its password.")),
                new Finding("db.exists", Status.SKIP, "Sales", "Database exists",
                        "not evaluated: milink could not log in (see sql.connect)", null),
                new Finding("mi.exists", Status.SKIP, "sql22.contoso.local", "Managed instance exists and can be read",
                        "no managed instance named: pass --mi RESOURCE_ID", null)));
    }

    /** Every part read, nothing failed. */
    static Report ready() {
        return Report.of(AT, "sql22", List.of(
                new Finding("sql.connect", Status.PASS, "sql22", "Connect and log in to SQL Server", "ok", null),
                new Finding("db.exists", Status.PASS, "Sales", "Database exists", "database_id 5", null),
                new Finding("mi.exists", Status.PASS, "sql22", "Managed instance exists and can be read", "ok", null),
                new Finding("net.mirroring", Status.PASS, "sql22", "Port 5022 reachable to the managed instance",
                        "open", null)));
    }

    /** Ready, but not spotless: what most real reports look like (a warning with its fix, the network not probed). */
    static Report readyWithWarnings() {
        return Report.of(AT, "sql22.contoso.local", List.of(
                new Finding("sql.connect", Status.PASS, "sql22.contoso.local", "Connect and log in to SQL Server",
                        "logged in to SQL22 (SQL Server 16.0.4265.3)", null),
                new Finding("sql.endpoint", Status.WARN, "sql22.contoso.local", "Database mirroring endpoint",
                        "Hadr_endpoint: STARTED, port 5022, authentication NEGOTIATE, encryption REQUIRED (AES); it "
                                + "does not accept CERTIFICATE authentication: creating the link alters it",
                        Remediation.tsql("ALTER ENDPOINT [Hadr_endpoint]\n    FOR DATABASE_MIRRORING (\n"
                                + "        AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [<link certificate>]);")),
                new Finding("db.exists", Status.PASS, "Sales", "Database exists", "database_id 5", null),
                new Finding("db.recoveryModel", Status.PASS, "Sales", "Full recovery model", "recovery model FULL",
                        null),
                new Finding("mi.exists", Status.PASS, "sql22.contoso.local", "Managed instance exists and can be read",
                        "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1 "
                                + "(mi1.abc.database.windows.net)", null),
                new Finding("net.mirroring", Status.SKIP, "sql22.contoso.local",
                        "Port 5022 reachable to the managed instance",
                        "not probed here (a spec's managedInstance.probeNetwork: false): to test it, run milink "
                                + "preflight on the SQL Server host", null)));
    }

    /** Nothing failed, but no database and no managed instance were named: what a bare --server run gives. */
    static Report incomplete() {
        return Report.of(AT, "sql22.contoso.local", sqlServerAloneFindings());
    }

    /** The same findings, checked with --scope sql-server and a database named. */
    static Report sqlServerOnly() {
        List<Finding> findings = new java.util.ArrayList<>(sqlServerAloneFindings());
        findings.set(2, new Finding("db.exists", Status.PASS, "Sales", "Database exists", "database_id 5", null));
        return Report.of(AT, "sql22.contoso.local", findings, Scope.SQL_SERVER);
    }

    private static List<Finding> sqlServerAloneFindings() {
        return List.of(
                new Finding("sql.connect", Status.PASS, "sql22.contoso.local", "Connect and log in to SQL Server",
                        "logged in to SQL22 (SQL Server 16.0.4265.3)", null),
                new Finding("sql.hadr", Status.PASS, "sql22.contoso.local", "Always On availability groups enabled",
                        "SERVERPROPERTY('IsHadrEnabled') = 1", null),
                new Finding("db.exists", Status.SKIP, "sql22.contoso.local", "Database exists",
                        "no database was named; pass --database NAME for each database to link", null),
                new Finding("mi.exists", Status.SKIP, "sql22.contoso.local", "Managed instance exists and can be read",
                        "no managed instance named: pass --mi RESOURCE_ID, or give managedInstance.resourceId in "
                                + "the spec", null),
                new Finding("cert.mi.chain", Status.SKIP, "sql22.contoso.local",
                        "Managed instance certificate chain", "no managed instance named: pass --mi RESOURCE_ID",
                        null),
                new Finding("net.mirroring", Status.SKIP, "sql22.contoso.local",
                        "Port 5022 reachable to the managed instance", "no managed instance named: pass --mi "
                                + "RESOURCE_ID (its name then comes from Azure Resource Manager) or --mi-host FQDN",
                        null));
    }

    private SampleReports() {
    }
}
