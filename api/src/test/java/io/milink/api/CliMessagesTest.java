package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says in the small cases: no command, the version, a token, a file it cannot use. */
class CliMessagesTest {

    @TempDir
    Path dir;

    @Test
    void noCommandIsAnIncompleteCommandLineWithTheUsageOnStandardError() {
        for (String[] args : new String[][] {{}, {"token"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err()).as(String.join(" ", args)).contains("Usage: milink");
        }
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: milink").contains("3   preflight: incomplete");
    }

    @Test
    void theVersionIsTheBuildsAndAgreesWithTheHttpContractsVersion() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("development build");
        Matcher build = Pattern.compile("(?m)^milink (\\d+\\.\\d+\\.\\d+)(-SNAPSHOT)?$").matcher(run.out());
        assertThat(build.find()).as(run.out()).isTrue();
        Matcher contract = Pattern.compile("(?m)^HTTP API \\(milink serve\\) (\\S+)$").matcher(run.out());
        assertThat(contract.find()).as(run.out()).isTrue();
        assertThat(contract.group(1)).as("the contract's version is the build's release").isEqualTo(build.group(1));
    }

    @Test
    void aTokenIsAnOperatorTokenInGoodEnglish() {
        CliRun operator = CliRun.of("token", "create", "--role", "operator", "--data-dir", dir.toString());
        assertThat(operator.exitCode()).as(operator.err()).isZero();
        assertThat(operator.err()).startsWith("Created an operator token.");
        CliRun reader = CliRun.of("token", "create", "--role", "reader", "--data-dir", dir.toString());
        assertThat(reader.err()).startsWith("Created a reader token.");
    }

    @Test
    void aMissingPasswordFileIsNamedOnceWithWhy() {
        Path missing = dir.resolve("nope");
        CliRun run = CliRun.of("preflight", "--server", "127.0.0.1", "--user", "sa", "--password-file",
                missing.toString(), "--database", "Sales");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("milink: cannot read the password file " + missing + ": no such file; check "
                + "the path" + System.lineSeparator());
    }

    @Test
    void aReportThatCannotBeWrittenNamesTheFolderThatCannotBeMade() throws Exception {
        Report report = Report.of(Instant.parse("2026-11-22T12:00:00Z"), "sql22", List.of(
                new Finding("sql.connect", Status.PASS, "sql22", "Connect", "ok", null)));
        Path saved = Files.writeString(dir.resolve("report.json"), ReportJson.write(report));
        Files.writeString(dir.resolve("a-file"), "not a folder");
        Path impossible = dir.resolve("a-file").resolve("report.md");
        CliRun run = CliRun.of("checklist", "--from", saved.toString(), "--out", impossible.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("milink: cannot write the report to " + impossible + ": ")
                .contains(dir.resolve("a-file").toString()).contains("name a file in a folder milink may write to")
                .doesNotContain(impossible + ": " + dir.resolve("a-file") + System.lineSeparator());
    }

    @Test
    void aPinnedCertificateThatIsNotOneIsRefusedBeforeAnythingIsContacted() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("hostname"), "vm\n");
        Path password = Files.writeString(dir.resolve("pw"), "x");
        CliRun flag = CliRun.of("preflight", "--server", "127.0.0.1", "--user", "sa", "--password-file",
                password.toString(), "--database", "Sales", "--server-certificate", notACertificate.toString());
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).isEqualTo("milink: --server-certificate: " + notACertificate + " is not a certificate "
                + "(an X.509 certificate in PEM or DER); give the file of the SQL Server's own TLS certificate"
                + System.lineSeparator());
        assertThat(flag.out()).isEmpty();

        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                sqlServer:
                  host: 127.0.0.1
                  authentication: { type: sql, user: sa, passwordFile: pw }
                  serverCertificate: hostname
                databases: [Sales]
                """);
        CliRun inSpec = CliRun.of("preflight", "--spec", spec.toString());
        assertThat(inSpec.exitCode()).isEqualTo(2);
        assertThat(inSpec.err()).contains(spec + ": sqlServer.serverCertificate: " + notACertificate
                + " is not a certificate");
    }
}
