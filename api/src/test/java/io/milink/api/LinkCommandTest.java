package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.LinkedTwins;
import picocli.CommandLine;

/**
 * milink link plan, script and create against the twins as `milink twin --write-spec DIR` serves them: the spec
 * files it writes, the real driver, the Azure SDK pipeline over HTTPS to the ARM twin.
 */
class LinkCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
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
    void planCreatePlanAgainOnTheTwinsTheWriteSpecFilesReach() throws Exception {
        // Seeding at full virtual speed: 2 GB at 100 MB/s is 20 simulated seconds, 2 ms of real time. Operations
        // answer Retry-After 1 s: the CLI's client waits that, not its production poll interval (10 s).
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales", "Inventory")), "ready-2022");
            String spec = dir.resolve(TwinSpecFiles.LINK_SPEC).toString();

            Run plan = run("link", "plan", "--spec", spec);
            assertThat(plan.exitCode()).as(plan.err()).isEqualTo(1);
            assertThat(plan.out()).contains("+ link certificate [Cert_SQL22_endpoint]",
                    "+ availability group [AG_Sales] holding [Sales]", "+ link DAG_Inventory on the instance",
                    "~ database mirroring endpoint [Hadr_endpoint]", "Plan: 9 to create, 1 to change, 0 blocked.");

            Run json = run("link", "plan", "--spec", spec, "--output", "json");
            assertThat(json.out()).contains("\"change\" : \"CREATE\"", "\"id\" : \"arm.link[Sales]\"");

            Run script = run("link", "script", "--spec", spec);
            assertThat(script.exitCode()).as(script.err()).isZero();
            assertThat(script.out()).contains("az sql mi link create", "CREATE AVAILABILITY GROUP [DAG_Sales]");

            String data = dir.resolve("data").toString();
            // Another run holds the link's lease (in another process the journal's file lock refuses even sooner).
            try (io.milink.journal.Journal journal = io.milink.journal.Journal.open(Path.of(data));
                 io.milink.journal.LinkRun other = new io.milink.journal.JournalLinkRuns(journal).begin(
                         io.milink.linkmanager.RunTarget.of(io.milink.core.spec.LinkSpecLoader.load(Path.of(spec))),
                         "create", List.of())) {
                Run busy = run("link", "create", "--spec", spec, "--data-dir", data);
                assertThat(busy.exitCode()).isEqualTo(2);
                assertThat(busy.err()).contains("nothing was changed", "another milink run (" + other.id());
                assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();
            }
            Run create = run("link", "create", "--spec", spec, "--data-dir", data);
            assertThat(create.exitCode()).as(create.err() + create.out()).isZero();
            assertThat(create.out()).contains("Preflight: no blocking finding", "+ creating link certificate",
                    "Seeding finished: the link replicates.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactlyInAnyOrder("DAG_Sales",
                    "DAG_Inventory");

            Run again = run("link", "plan", "--spec", spec);
            assertThat(again.exitCode()).as(again.out()).isZero();
            assertThat(again.out()).contains("Nothing to do");

            Run dryRun = run("link", "delete", "--spec", spec, "--dry-run");
            assertThat(dryRun.exitCode()).isEqualTo(1);
            assertThat(dryRun.out()).contains("- link DAG_Sales on the instance", "6 to remove");
            Run unconfirmed = run("link", "delete", "--spec", spec, "--data-dir", data);
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("nothing was removed: not confirmed", "--yes");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).hasSize(2);
            Run delete = run("link", "delete", "--spec", spec, "--yes", "--data-dir", data);
            assertThat(delete.exitCode()).as(delete.err() + delete.out()).isZero();
            assertThat(delete.out()).contains("independent read-write copy", "- removing", "Removed.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();
            assertThat(run("link", "delete", "--spec", spec, "--yes", "--data-dir", data).out())
                    .contains("Nothing to do: nothing of the link is left to remove.");
            assertThat(Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip()).isNotEmpty()
                    .satisfies(password -> assertThat(plan.out() + json.out() + script.out() + create.out())
                            .doesNotContain(password))
                    .satisfies(password -> assertThat(journaled(Path.of(data))).as("the journal")
                            .contains("CREATE CERTIFICATE", "SUCCEEDED", "create", "delete").doesNotContain(password));
        }
    }

    /** Every text the journal keeps of link runs: runs, steps (what the plan showed), ARM operations. */
    private static String journaled(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        try (io.milink.journal.Journal journal = io.milink.journal.Journal.open(data);
             java.sql.Connection c = journal.connection(); java.sql.Statement s = c.createStatement()) {
            for (String query : List.of("SELECT kind, state, waivers, error FROM link_runs",
                    "SELECT step_id, change_kind, state, shown, error FROM link_steps",
                    "SELECT method, sub_path, async_operation_url, location_url, outcome FROM arm_operations")) {
                try (java.sql.ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void aSpecWithoutTheInstancesResourceIsRefusedWithWhatToAdd() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                sqlServer: { host: sql01, authentication: { type: sql, user: milink, passwordEnv: MILINK_X } }
                databases: [Sales]
                """);
        Run run = run("link", "plan", "--spec", spec.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("managedInstance: the link commands need the instance's Azure resource");
    }
}
