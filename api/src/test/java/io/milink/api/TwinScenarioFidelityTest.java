package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Scenarios that describe a server which is not ready in ways the twins once could not describe: a rehearsal must
 * reach the check that says so (a FAIL with its evidence), not stop at the twin or at an unexpected error.
 */
class TwinScenarioFidelityTest {

    @TempDir
    Path dir;

    private static Report preflight(Path scenario, String database) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("preflight", "--scenario", scenario.toString(), "--database", database,
                "--output", "json");
        assertThat(code).as("exit code; stderr: " + err).isEqualTo(1);
        Report report = ReportJson.read(out.toString());
        assertThat(report.findings()).as("nothing could not be checked")
                .noneMatch(f -> f.status() == Status.ERROR);
        return report;
    }

    private static Finding finding(Report report, String id) {
        return report.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void aSqlServer2014LoadsAndFailsTheVersionCheck() throws Exception {
        Path scenario = Files.writeString(dir.resolve("sql2014.yaml"), """
                sqlServer:
                  serverName: SQL14
                  productVersion: 12.0.6024.0
                  productLevel: SP3
                  edition: Enterprise Edition (64-bit)
                  hadrEnabled: true
                  logins: [ { name: sa, password: "Old-Passw0rd!", sysadmin: true } ]
                  databases: [ { name: Legacy, recoveryModel: FULL } ]
                """);
        Finding version = finding(preflight(scenario, "Legacy"), "sql.version");
        assertThat(version.status()).as(version.evidence()).isEqualTo(Status.FAIL);
        assertThat(version.evidence()).contains("12.0.6024.0");
    }

    @Test
    void aScenarioWithoutASysadminLogsInAsItsFirstLoginAndFailsTheSysadminCheck() throws Exception {
        Path scenario = Files.writeString(dir.resolve("no-sysadmin.yaml"), """
                sqlServer:
                  serverName: SQLRO
                  productVersion: 16.0.4265.3
                  productUpdateLevel: CU26
                  edition: Enterprise Edition (64-bit)
                  logins:
                    - { name: reader, password: "Reader-Passw0rd!" }
                    - { name: auditor, password: "Auditor-Passw0rd!", sysadmin: false }
                  databases: [ { name: Sales, recoveryModel: FULL } ]
                """);
        Finding sysadmin = finding(preflight(scenario, "Sales"), "sql.sysadmin");
        assertThat(sysadmin.status()).as(sysadmin.evidence()).isEqualTo(Status.FAIL);
        assertThat(sysadmin.evidence()).contains("IS_SRVROLEMEMBER('sysadmin') = 0");
    }
}
