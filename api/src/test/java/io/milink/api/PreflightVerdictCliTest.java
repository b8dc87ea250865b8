package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.report.NotChecked;
import io.milink.preflight.report.Part;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.Scope;
import io.milink.preflight.report.Verdict;
import io.milink.simulator.SqlServerTwin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milink preflight --server ...} against a ready SQL Server twin (no managed instance): never READY unless
 * the parts the link needs were checked, INCOMPLETE with exit code 3 and what was not checked otherwise, and READY
 * for SQL Server alone only when asked for with {@code --scope sql-server}, saying so. The checklist of a saved
 * report keeps its verdict.
 */
class PreflightVerdictCliTest {

    @TempDir
    static Path dir;
    private static SqlServerTwin twin;
    private static Path pem;
    private static Path password;

    @BeforeAll
    static void start() throws Exception {
        twin = SqlServerTwin.builder().builtInScenario("ready-2022").start();
        pem = Files.writeString(dir.resolve("server.pem"), twin.certificatePem());
        password = Files.writeString(dir.resolve("pw"), twin.sysadminCredentials().password());
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private CliRun preflight(String... more) {
        List<String> args = new ArrayList<>(List.of("preflight", "--server", "127.0.0.1", "--port",
                Integer.toString(twin.port()), "--user", twin.sysadminCredentials().userName(), "--password-file",
                password.toString(), "--server-certificate", pem.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aServerWithNoDatabaseNamedIsIncompleteNotReadyAndExitsThree() {
        CliRun run = preflight();
        assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
        assertThat(run.out()).doesNotContain("READY:").contains("INCOMPLETE: nothing failed, but not everything "
                + "the link needs was checked").contains("Not checked:\n  - the databases: no database was named")
                .contains("  - the managed instance: no managed instance named: pass --mi RESOURCE_ID")
                .contains("To check SQL Server and its databases alone, say so: --scope sql-server.");

        Report json = ReportJson.read(preflight("--output", "json").out());
        assertThat(json.ready()).isFalse();
        assertThat(json.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(json.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.DATABASES, Part.MANAGED_INSTANCE, Part.NETWORK);
    }

    @Test
    void databasesWithoutAManagedInstanceAreStillIncomplete() {
        CliRun run = preflight("--database", "Sales", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        Report report = ReportJson.read(run.out());
        assertThat(report.ready()).isFalse();
        assertThat(report.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.MANAGED_INSTANCE, Part.NETWORK);
    }

    @Test
    void sqlServerAloneIsReadyOnlyWhenAskedForAndSaysTheManagedInstanceWasNotChecked() {
        CliRun run = preflight("--database", "Sales", "--scope", "sql-server");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).contains("READY (SQL Server only; the managed instance was not checked): 127.0.0.1:"
                + twin.port() + " and its databases meet every requirement checked")
                .doesNotContain("SKIP  mi.").doesNotContain("SKIP  net.");

        Report report = ReportJson.read(preflight("--database", "Sales", "--scope", "sql-server", "--output",
                "json").out());
        assertThat(report.ready()).isTrue();
        assertThat(report.scope()).isEqualTo(Scope.SQL_SERVER);

        CliRun noDatabase = preflight("--scope", "sql-server");
        assertThat(noDatabase.exitCode()).as("the scope still needs a database").isEqualTo(3);
    }

    @Test
    void theSqlServerScopeRefusesTheManagedInstancesFlagsAndAnUnknownScopeIsNamed() {
        CliRun withMi = preflight("--database", "Sales", "--scope", "sql-server", "--mi-host", "mi.example");
        assertThat(withMi.exitCode()).isEqualTo(2);
        assertThat(withMi.err()).contains("--scope sql-server checks SQL Server and its databases alone, so it "
                + "takes no --mi-host");
        CliRun unknown = preflight("--scope", "everything");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--scope: the scope must be link or sql-server, not 'everything'");
    }

    @Test
    void theChecklistOfAnIncompleteReportSaysIncompleteInEveryFormat() throws Exception {
        Path saved = dir.resolve("incomplete.json");
        assertThat(preflight("--database", "Sales", "--output", "json", "--out", saved.toString()).exitCode())
                .isEqualTo(3);
        for (String format : List.of("text", "md", "html")) {
            CliRun checklist = CliRun.of("checklist", "--from", saved.toString(), "--format", format);
            assertThat(checklist.exitCode()).as(format).isZero();
            assertThat(checklist.out()).as(format).contains("INCOMPLETE").doesNotContain("READY:");
        }
        assertThat(CliRun.of("checklist", "--from", saved.toString(), "--format", "csv").out().lines().skip(1)
                .findFirst().orElseThrow()).startsWith("readiness.verdict,INCOMPLETE,");
        assertThat(CliRun.of("checklist", "--from", saved.toString(), "--format", "junit").out())
                .contains("<failure message=\"INCOMPLETE: nothing failed");
    }

    @Test
    void aReportSavedBeforeVerdictsExistedIsRenderedWithTheVerdictItsFindingsGive() throws Exception {
        // What milink wrote before: schema version 1, ready true for a server checked without a managed instance.
        String current = preflight("--database", "Sales", "--output", "json").out();
        Path version1 = Files.writeString(dir.resolve("v1.json"), current
                .replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1")
                .replace("\"verdict\" : \"INCOMPLETE\",\n", "").replace("\"ready\" : false", "\"ready\" : true"));
        CliRun checklist = CliRun.of("checklist", "--from", version1.toString(), "--format", "text");
        assertThat(checklist.exitCode()).as(checklist.err()).isZero();
        assertThat(checklist.out()).contains("INCOMPLETE").doesNotContain("READY:");
    }

    @Test
    void theSameDatabaseTwiceIsRefusedAsTheSpecRefusesIt() {
        CliRun run = preflight("--database", "Sales", "--database", "sales");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--database Sales and --database sales name the same database")
                .doesNotContain("names.availabilityGroup");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void portAndInstanceTogetherAreRefusedInTheFlagsTerms() {
        CliRun run = CliRun.of("preflight", "--server", "127.0.0.1", "--port", "1433", "--instance", "X", "--user",
                "sa", "--password-file", password.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port and --instance cannot be used together").doesNotContain("sqlServer:");
    }
}
