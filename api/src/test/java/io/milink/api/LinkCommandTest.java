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
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;
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

            Run create = run("link", "create", "--spec", spec);
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
            Run unconfirmed = run("link", "delete", "--spec", spec);
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("nothing was removed: not confirmed", "--yes");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).hasSize(2);
            Run delete = run("link", "delete", "--spec", spec, "--yes");
            assertThat(delete.exitCode()).as(delete.err() + delete.out()).isZero();
            assertThat(delete.out()).contains("independent read-write copy", "- removing", "Removed.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();
            assertThat(run("link", "delete", "--spec", spec, "--yes").out())
                    .contains("Nothing to do: nothing of the link is left to remove.");
            assertThat(Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip()).isNotEmpty()
                    .satisfies(password -> assertThat(plan.out() + json.out() + script.out() + create.out())
                            .doesNotContain(password));
        }
    }

    /** ready-2022 plus Staging, a database in SIMPLE recovery: preflight FAILs it and SQL Server refuses it an AG. */
    private static String withStaging() {
        String inventoryBackup = "      backups: [ { type: FULL, finished: 2026-11-21T01:00:00Z, copyOnly: false } ]\n";
        String yaml = BuiltInScenarios.yaml("ready-2022");
        assertThat(yaml).contains(inventoryBackup);
        return yaml.replace(inventoryBackup, inventoryBackup + """
                    - name: Staging
                      recoveryModel: SIMPLE
                      state: ONLINE
                      sizeMb: 64
                      logFiles: 1
                      filestream: false
                      inMemoryOltp: false
                      tde: false
                      backups: [ { type: FULL, finished: 2026-11-21T02:00:00Z, copyOnly: false } ]
                """);
    }

    private Path spec(LinkedTwins twins, String folder, String... databases) throws Exception {
        TwinSpecFiles.write(dir.resolve(folder), new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of(databases)), "test");
        return dir.resolve(folder).resolve(TwinSpecFiles.LINK_SPEC);
    }

    @Test
    void aDatabaseAddedNextToAnExistingLinkGoesThroughPreflightAndAFailedStepSaysWhereItStopped() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(withStaging(), "test").timeScale(10_000)
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            Run sales = run("link", "create", "--spec", spec(twins, "sales", "Sales").toString(), "--no-wait");
            assertThat(sales.exitCode()).as(sales.err() + sales.out()).isZero();

            String both = spec(twins, "both", "Sales", "Staging").toString();
            Run added = run("link", "create", "--spec", both, "--no-wait");
            assertThat(added.exitCode()).as(added.err() + added.out()).isEqualTo(2);
            assertThat(added.err()).contains("preflight found what would break the link", "db.recoveryModel (Staging)");
            assertThat(added.out()).contains("Preflight skipped for Sales").doesNotContain("+ creating");
            // Waived, the run goes on until SQL Server refuses the group; the error names that step.
            Run waived = run("link", "create", "--spec", both, "--no-wait", "--accept", "db.recoveryModel");
            assertThat(waived.exitCode()).as(waived.err() + waived.out()).isEqualTo(2);
            assertThat(waived.err()).contains("stopped while creating availability group [AG_Staging] holding "
                    + "[Staging]", "run the command again to continue").doesNotContain("unexpected error");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("DAG_Sales");
        }
    }

    @Test
    void aFailedArmOperationNamesTheStepAndARerunFinishes() throws Exception {
        ArmFaultPlan faults = ArmFaultPlan.of(ArmFaultPlan.RouteFault.failOperation("PUT",
                "/distributedAvailabilityGroups/DAG_Sales$", ArmError.of(500, "OperationTimedOut",
                        "The operation timed out and automatically rolled back."), 1));
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).armFaults(faults).start()) {
            String spec = spec(twins, "sales", "Sales").toString();
            Run failed = run("link", "create", "--spec", spec, "--no-wait");
            assertThat(failed.exitCode()).as(failed.err() + failed.out()).isEqualTo(2);
            assertThat(failed.err()).contains("stopped while creating link DAG_Sales on the instance",
                    "OperationTimedOut", "run the command again to continue");
            Run again = run("link", "create", "--spec", spec, "--no-wait");
            assertThat(again.exitCode()).as(again.err() + again.out()).isZero();
            assertThat(again.out()).contains("+ creating link DAG_Sales on the instance").doesNotContain(
                    "+ creating link certificate");
        }
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
