package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The executable's commands, run in-process as a user would run them, with their output and exit codes. */
class MilinkCliTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void demoOnlyPreflightRehearsesAReadyAndANotReadyTwinAndExitsZero() {
        Run run = run("demo", "--only", "preflight");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("READY: SQL22 (twin 'ready-2022')").contains("PASS  mi.state")
                .contains("NOT READY: SQL22NEW (twin 'hadr-off-no-master-key')")
                .contains("FAIL  sql.hadr").contains("Enable-SqlAlwaysOn")
                .contains("What next");
        assertThat(run.out()).doesNotContain("Twin-Passw0rd!");
    }

    @Test
    void preflightOnATooOldScenarioExitsOneWithAJsonReportThatSaysWhy() {
        Run run = run("preflight", "--scenario", "sql2019-cu19-too-old", "--database", "Orders", "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Report report = ReportJson.read(run.out());
        assertThat(report.ready()).isFalse();
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.version")
                && f.status().name().equals("FAIL") && f.evidence().contains("15.0.4312.2"));
    }

    @Test
    void factsSavedFromATwinRecomputeTheSameVerdictOffline() throws Exception {
        Path facts = dir.resolve("facts.json");
        Run live = run("preflight", "--scenario", "simple-recovery-copy-only", "--database", "Reporting",
                "--output", "json", "--facts-out", facts.toString());
        assertThat(live.exitCode()).as(live.err()).isEqualTo(1);
        Run offline = run("preflight", "--facts", facts.toString(), "--output", "json");
        assertThat(offline.exitCode()).isEqualTo(1);
        assertThat(ReportJson.read(offline.out()).findings()).isEqualTo(ReportJson.read(live.out()).findings());
    }

    @Test
    void checklistRerendersASavedReport() throws Exception {
        Path report = dir.resolve("report.json");
        run("preflight", "--scenario", "express-edition", "--database", "Shop", "--output", "json", "--out",
                report.toString());
        Run md = run("checklist", "--from", report.toString(), "--format", "md");
        assertThat(md.exitCode()).isZero();
        assertThat(md.out()).contains("# Managed Instance link readiness").contains("- [ ] **FAIL** `sql.edition`");
    }

    @Test
    void printInventorySqlPrintsTheReadOnlyBatchWithQuotedNames() {
        Run run = run("preflight", "--print-inventory-sql", "--database", "a]; DROP DATABASE x--");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("DBCC TRACESTATUS(-1)").contains("WHERE name = N'a]; DROP DATABASE x--' AND state = 0").contains("FROM [a]]; DROP DATABASE x--].sys.filegroups")
                .doesNotContainIgnoringCase("ALTER ").doesNotContainIgnoringCase("CREATE ");
    }

    @Test
    void badInputGetsOneLineThatSaysWhatToDoAndExitCodeTwo() throws Exception {
        Run unknown = run("preflight", "--scenario", "no-such-scenario");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("milink: 'no-such-scenario' is neither a scenario file nor a built-in")
                .contains("ready-2022").doesNotContain("Exception");

        Run nothing = run("preflight");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("--spec FILE");

        Run noPassword = run("preflight", "--server", "sql01", "--user", "milink");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("--password-env");

        Files.writeString(dir.resolve("bad.json"), "{ not json");
        Run badReport = run("checklist", "--from", dir.resolve("bad.json").toString());
        assertThat(badReport.exitCode()).isEqualTo(2);
        assertThat(badReport.err()).contains("not a milink report");

        Run badFormat = run("preflight", "--scenario", "ready-2022", "--output", "pdf");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("json, md, html");

        Run badMi = run("preflight", "--server", "127.0.0.1", "--user", "milink", "--password-file",
                dir.resolve("bad.json").toString(), "--mi", "mi-target-01");
        assertThat(badMi.exitCode()).isEqualTo(2);
        assertThat(badMi.err()).contains("--mi").contains("/subscriptions/SUB");

        Path badSpec = Files.writeString(dir.resolve("bad-mi.yaml"), """
                sqlServer: { host: 127.0.0.1, authentication: { type: integrated } }
                managedInstance: { subscriptionId: 00000000-0000-0000-0000-000000000001, resourceGroup: rg }
                """);
        Run badSpecMi = run("preflight", "--spec", badSpec.toString());
        assertThat(badSpecMi.exitCode()).isEqualTo(2);
        assertThat(badSpecMi.err()).contains("managedInstance.name is required");

        Run unknownFlag = run("preflight", "--frobnicate");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
    }

    @Test
    void aCommandLineErrorIsOneLineThatNamesTheHelpToRunForEveryCommand() {
        for (String[] args : new String[][] {
            {"preflight", "--frobnicate"}, {"preflight", "--port"}, {"preflight", "--port", "many"},
            {"checklist"}, {"twin", "--nope"}, {"demo", "--nope"}, {"netprobe", "--nope"}, {"serve", "--nope"},
            {"token", "--nope"}, {"--nope"}, {"frobnicate"}}) {
            Run run = run(args);
            String command = args[0].startsWith("-") || args[0].equals("frobnicate") ? "milink" : "milink " + args[0];
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).as(String.join(" ", args)).startsWith(command + ": ")
                    .contains("; run '" + command + " --help' for the options");
            assertThat(run.out()).isEmpty();
        }
        assertThat(run("preflight", "--frobnicate").err()).contains("Unknown option: '--frobnicate'");
        assertThat(run("preflight", "--datbase", "x").err()).contains("did you mean --database");
    }

    @Test
    void aValidSpecIsCheckedAndItsDatabasesAreThoseOfThePrintedBatch() throws Exception {
        try (io.milink.simulator.SqlServerTwin twin = io.milink.simulator.SqlServerTwin.builder()
                .builtInScenario("ready-2022").start()) {
            Files.writeString(dir.resolve("server.pem"), twin.certificatePem());
            Files.writeString(dir.resolve("pw"), twin.sysadminCredentials().password());
            Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                    sqlServer:
                      host: 127.0.0.1
                      port: %d
                      authentication: { type: sql, user: %s, passwordFile: pw }
                      serverCertificate: server.pem
                    databases: [Sales, Inventory]
                    """.formatted(twin.port(), twin.sysadminCredentials().userName()));
            Run run = run("preflight", "--spec", spec.toString(), "--output", "json", "--scope", "sql-server");
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            Report report = ReportJson.read(run.out());
            assertThat(report.findings()).anyMatch(f -> f.id().equals("db.exists") && f.target().equals("Inventory")
                    && f.status().name().equals("PASS"));

            Run batch = run("preflight", "--print-inventory-sql", "--spec", spec.toString());
            assertThat(batch.exitCode()).isZero();
            assertThat(batch.out()).contains("FROM [Sales].sys.filegroups").contains("FROM [Inventory].sys.filegroups");
        }
    }

    @Test
    void aSpecWithAMissingFieldOrAnUnreadableFileIsOneLineThatSaysWhatToDo() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "sqlServer: { host: sql01 }\ndatabases: [Sales]\n");
        Run missing = run("preflight", "--spec", spec.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("milink: " + spec + ": sqlServer.authentication is required"
                + System.lineSeparator());

        Run unreadable = run("preflight", "--spec", dir.resolve("nope.yaml").toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err().lines()).hasSize(1);
        assertThat(unreadable.err()).contains("cannot read spec file").contains("no such file; check the path")
                .doesNotContain("Exception");

        Run facts = run("preflight", "--facts", dir.toString());
        assertThat(facts.exitCode()).isEqualTo(2);
        assertThat(facts.err().lines()).hasSize(1);
        assertThat(facts.err()).contains("cannot read facts file").contains("it is a directory");
    }

    @Test
    void aDbasSqlcmdRunFedBackIsCheckedOfflineAndAMalformedOneIsOneLine() throws Exception {
        // What sqlcmd -W -s "|" -k1 writes for the server and database sections (the round trip of every section
        // against a twin is proved in preflight's SqlcmdResultsTest).
        Path results = Files.writeString(dir.resolve("inventory.txt"), String.join("\n",
                "section|server_name|product_version|product_level|product_update_level|edition|engine_edition|"
                        + "collation|is_hadr_enabled|is_sysadmin|has_issuer_procedure|has_master_key|"
                        + "utc_offset_minutes|version_text",
                "-------|-----------|---------------|-------------|--------------------|-------|--------------|"
                        + "---------|---------------|-----------|--------------------|--------------|"
                        + "------------------|------------",
                "server|SQL22|16.0.4265.3|RTM|CU26|Enterprise Edition (64-bit)|3|SQL_Latin1_General_CP1_CI_AS|1|1|1|1|"
                        + "0|Microsoft SQL Server 2022 (RTM-CU26) - 16.0.4265.3 (X64)   on Windows Server 2022",
                "",
                "section|name|database_id|state_desc|recovery_model_desc|group_database_id",
                "-------|----|-----------|----------|-------------------|-----------------",
                "database|Sales|5|ONLINE|FULL|NULL",
                "",
                "section|database_name|filestream_files|memory_optimized_files",
                "-------|-------------|----------------|----------------------",
                "filegroups|Sales|0|0",
                ""));
        Run run = run("preflight", "--inventory-results", results.toString(), "--database", "Sales", "--output",
                "json");
        // No managed instance: not ready (the batch's few sections leave checks failing) or incomplete, never ready.
        assertThat(run.exitCode()).as(run.err()).isIn(1, 3);
        Report report = ReportJson.read(run.out());
        assertThat(report.target()).isEqualTo("SQL22");
        assertThat(report.findings()).anyMatch(f -> f.id().equals("sql.version") && f.status().name().equals("PASS"))
                .anyMatch(f -> f.id().equals("db.exists") && f.target().equals("Sales")
                        && f.status().name().equals("PASS"));

        Run otherDatabase = run("preflight", "--inventory-results", results.toString(), "--database", "Orders");
        assertThat(otherDatabase.exitCode()).isIn(1, 3);

        Path broken = Files.writeString(dir.resolve("broken.txt"), "name|value\nSales|5\n");
        Run malformed = run("preflight", "--inventory-results", broken.toString(), "--database", "Sales");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err().lines()).hasSize(1);
        assertThat(malformed.err()).contains("broken.txt: line 1").contains("--print-inventory-sql");
    }

    @Test
    void savedFactsRefuseLiveManagedInstanceFlagsAndInventoryResultsRefuseProbesInOneLine() throws Exception {
        Path missing = dir.resolve("never-read.json");
        String mi = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-link/providers/"
                + "Microsoft.Sql/managedInstances/mi-target-01";
        for (String[] flags : java.util.List.of(new String[] {"--mi", mi}, new String[] {"--mi-host", "mi.example"})) {
            Run facts = run(concat(new String[] {"preflight", "--facts", missing.toString()}, flags));
            assertThat(facts.exitCode()).isEqualTo(2);
            assertThat(facts.err().lines()).hasSize(1);
            assertThat(facts.err()).contains("--facts recomputes saved facts and contacts nothing");
        }
        Run probes = run("preflight", "--inventory-results", missing.toString(), "--mi-host", "mi.example");
        assertThat(probes.exitCode()).isEqualTo(2);
        assertThat(probes.err().lines()).hasSize(1);
        assertThat(probes.err()).contains("--inventory-results takes --mi but not --mi-host", "milink netprobe");
    }

    @Test
    void inboundResultWithInventoryResultsPointsAtACombinationThatWorksNotAtTheRefusedMiHost() throws Exception {
        Path missing = Files.createTempFile("absent", ".txt");
        Files.delete(missing);
        Run run = run("preflight", "--inventory-results", missing.toString(), "--inbound-result",
                missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot be assessed with --inventory-results", "--spec",
                "--server HOST --mi-host FQDN").doesNotContain("add --mi-host");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theAvailabilityGroupFlagTellsTheCheckWhichGroupTheLinkUses() throws Exception {
        String yaml = io.milink.simulator.BuiltInScenarios.yaml("ready-2022")
                .replace("managedInstance:", "  availabilityGroups: [ { name: AG_Sales, databases: [Sales] } ]\n"
                        + "managedInstance:");
        Path scenario = Files.writeString(dir.resolve("ag.yaml"), yaml);
        Run unnamed = run("preflight", "--scenario", scenario.toString(), "--database", "Sales", "--output", "json");
        assertThat(ReportJson.read(unnamed.out()).findings()).as(unnamed.err()).anyMatch(f ->
                f.id().equals("db.availabilityGroup") && f.status().name().equals("WARN"));
        Run named = run("preflight", "--scenario", scenario.toString(), "--database", "Sales", "--output", "json",
                "--availability-group", "AG_Sales");
        assertThat(ReportJson.read(named.out()).findings()).anyMatch(f ->
                f.id().equals("db.availabilityGroup") && f.status().name().equals("PASS"));
    }

    @Test
    void aDatabaseThatDoesNotExistFailsAndTheFindingListsTheDatabasesThatDo() {
        Run run = run("preflight", "--scenario", "ready-2022", "--database", "Sales", "--database", "Salse",
                "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        var exists = ReportJson.read(run.out()).findings().stream()
                .filter(f -> f.id().equals("db.exists") && f.target().equals("Salse")).findFirst().orElseThrow();
        assertThat(exists.status().name()).isEqualTo("FAIL");
        assertThat(exists.evidence()).contains("no database named 'Salse'").contains("Inventory, Sales");
        assertThat(exists.remediation().script()).contains("Check the name");
    }

    @Test
    void stackTracesAppearOnlyWithDebug() {
        assertThat(run("preflight", "--scenario", "no-such-scenario").err()).doesNotContain("\tat ");
        Run debug = run("preflight", "--scenario", "no-such-scenario", "--debug");
        assertThat(debug.exitCode()).isEqualTo(2);
        assertThat(debug.err()).contains("milink: 'no-such-scenario'").contains("\tat ");
    }

    @Test
    void anUnreachableServerIsAnErrorFindingAndExitCodeTwo() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run("preflight", "--server", "127.0.0.1", "--port", Integer.toString(port), "--user", "milink",
                "--password-file", Files.writeString(dir.resolve("pw"), "x").toString(), "--encrypt", "false");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot connect to SQL Server 127.0.0.1:" + port).contains("refused");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRealServerWithASelfSignedCertificateIsReachedByPinningItInStrictMode() throws Exception {
        try (io.milink.simulator.SqlServerTwin twin = io.milink.simulator.SqlServerTwin.builder()
                .builtInScenario("ready-2022").start()) {
            Path pem = Files.writeString(dir.resolve("server.pem"), twin.certificatePem());
            Path password = Files.writeString(dir.resolve("pw"), twin.sysadminCredentials().password());
            String port = Integer.toString(twin.port());
            Run unpinned = run("preflight", "--server", "127.0.0.1", "--port", port, "--user", "sa",
                    "--password-file", password.toString(), "--database", "Sales");
            assertThat(unpinned.exitCode()).isEqualTo(2);
            assertThat(unpinned.err()).contains("cannot connect to SQL Server").contains("TLS failed")
                    .contains("--server-certificate");
            Run pinned = run("preflight", "--server", "127.0.0.1", "--port", port, "--user", "sa",
                    "--password-file", password.toString(), "--database", "Sales", "--server-certificate",
                    pem.toString(), "--scope", "sql-server");
            assertThat(pinned.exitCode()).as(pinned.out()).isZero();
            assertThat(pinned.out()).contains("READY (SQL Server only; the managed instance was not checked): "
                    + "127.0.0.1:" + port);
        }
    }

    @Test
    void twinListNamesEveryBuiltInScenario() {
        Run run = run("twin", "--list");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ready-2022").contains("express-edition").contains("sql2019-cu19-too-old");
    }
}
