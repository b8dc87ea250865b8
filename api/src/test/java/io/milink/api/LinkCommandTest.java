package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;

/**
 * milink link plan, script and create against the twins as `milink twin --write-spec DIR` serves them: the spec
 * files it writes, the real driver, the Azure SDK pipeline over HTTPS to the ARM twin.
 */
class LinkCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void noWaitReturnsOnceSeedingHasStartedAndASeedingTimeoutEndsTheWaitSayingSeedingGoesOn() throws Exception {
        // Real time, 10 KB/s: the 2 GB of Sales would seed for days.
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022")
                                + "\nlink: { seedingMbPerSecond: 0.01 }\n", "ready-2022 seeding at 10 KB/s")
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            String spec = dir.resolve(TwinSpecFiles.LINK_SPEC).toString();
            String data = dir.resolve("data").toString();

            CliRun started = run("link", "create", "--spec", spec, "--data-dir", data, "--no-wait");
            assertThat(started.exitCode()).as(started.err() + started.out()).isZero();
            assertThat(started.out()).contains("Seeding started (--no-wait)").doesNotContain("Seeding finished");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("DAG_Sales");
            assertThat(twins.arm().orElseThrow().instance().databaseNames()).as("not seeded yet")
                    .doesNotContain("Sales");

            CliRun waited = run("link", "create", "--spec", spec, "--data-dir", data, "--seeding-timeout", "PT2S");
            assertThat(waited.exitCode()).as(waited.out()).isEqualTo(2);
            assertThat(waited.err()).contains("seeding has not finished after PT2S; it goes on in Azure",
                    "run create again to wait");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).as("left as it was").containsExactly("DAG_Sales");
        }
    }

    /**
     * The master key's password, read from the spec's file only when create makes the key, reaches no plan, script,
     * output, log line (milink's loggers at DEBUG, standard error captured) or journal row; the waiver that let create
     * past preflight's FAIL for the missing key is in the journal.
     */
    @Test
    void theMasterKeysPasswordShowsNowhereWhenCreateMakesTheKeyAndTheWaiverIsJournaled() throws Exception {
        String canary = "Canary-Master-Key-9c1e!";
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022")
                                .replace("masterKey: true", "masterKey: false"), "ready-2022 without a master key")
                .timeScale(10_000).operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            Path spec = dir.resolve(TwinSpecFiles.LINK_SPEC);
            Files.writeString(dir.resolve("master-key"), canary + "\n");
            Files.writeString(spec, Files.readString(spec) + "link:\n  masterKeyPasswordFile: master-key\n");
            String data = dir.resolve("data").toString();

            ch.qos.logback.classic.Logger milink = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                    .getLogger("io.milink");
            ch.qos.logback.classic.Level level = milink.getLevel();
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
            List<CliRun> runs = new java.util.ArrayList<>();
            milink.setLevel(ch.qos.logback.classic.Level.DEBUG);
            System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                runs.add(run("link", "plan", "--spec", spec.toString()));
                runs.add(run("link", "plan", "--spec", spec.toString(), "--output", "json"));
                runs.add(run("link", "script", "--spec", spec.toString()));
                CliRun refused = run("link", "create", "--spec", spec.toString(), "--data-dir", data);
                runs.add(refused);
                assertThat(refused.exitCode()).as("preflight FAILs: SQL Server has no master key").isNotZero();
                assertThat(refused.err() + refused.out()).contains("sql.masterKey");
                CliRun create = run("link", "create", "--spec", spec.toString(), "--data-dir", data, "--accept",
                        "sql.masterKey");
                runs.add(create);
                assertThat(create.exitCode()).as(create.err() + create.out()).isZero();
                CliRun again = run("link", "plan", "--spec", spec.toString());
                runs.add(again);
                assertThat(again.out()).as("the key exists now").contains("Nothing to do");
            } finally {
                System.setErr(stderr);
                milink.setLevel(level);
            }
            assertThat(runs.get(0).out()).contains("master key");
            assertThat(runs.get(2).out()).contains("CREATE MASTER KEY");
            String everything = runs.stream().map(r -> r.out() + r.err()).collect(java.util.stream.Collectors
                    .joining("\n")) + logged.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(everything).as("output and logs").doesNotContain(canary);
            assertThat(JournalText.of(Path.of(data))).as("the journal").contains("CREATE MASTER KEY", "SUCCEEDED")
                    .doesNotContain(canary);
            List<String> waivers = new java.util.ArrayList<>();
            try (io.milink.journal.Journal journal = io.milink.journal.Journal.open(Path.of(data));
                 java.sql.Connection c = journal.connection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT waivers FROM link_runs WHERE kind = 'create' "
                         + "AND state = 'SUCCEEDED'")) {
                while (rs.next()) {
                    waivers.add(rs.getString(1));
                }
            }
            assertThat(waivers).as("the finished create run's waivers").containsExactly("sql.masterKey");
        }
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

            CliRun plan = run("link", "plan", "--spec", spec);
            assertThat(plan.exitCode()).as(plan.err()).isEqualTo(1);
            assertThat(plan.out()).contains("+ link certificate [Cert_SQL22_endpoint]",
                    "+ availability group [AG_Sales] holding [Sales]", "+ link DAG_Inventory on the instance",
                    "~ database mirroring endpoint [Hadr_endpoint]", "Plan: 9 to create, 1 to change, 0 blocked.");

            CliRun json = run("link", "plan", "--spec", spec, "--output", "json");
            assertThat(json.out()).contains("\"change\" : \"CREATE\"", "\"id\" : \"arm.link[Sales]\"");

            CliRun script = run("link", "script", "--spec", spec);
            assertThat(script.exitCode()).as(script.err()).isZero();
            assertThat(script.out()).contains("az sql mi link create", "CREATE AVAILABILITY GROUP [DAG_Sales]");

            String data = dir.resolve("data").toString();
            // Another run holds the link's lease (in another process the journal's file lock refuses even sooner).
            try (io.milink.journal.Journal journal = io.milink.journal.Journal.open(Path.of(data));
                 io.milink.journal.LinkRun other = new io.milink.journal.JournalLinkRuns(journal).begin(
                         io.milink.linkmanager.RunTarget.of(io.milink.core.spec.LinkSpecLoader.load(Path.of(spec))),
                         "create", List.of())) {
                CliRun busy = run("link", "create", "--spec", spec, "--data-dir", data);
                assertThat(busy.exitCode()).isEqualTo(2);
                assertThat(busy.err()).contains("nothing was changed", "another milink run (" + other.id());
                assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();
            }
            CliRun create = run("link", "create", "--spec", spec, "--data-dir", data);
            assertThat(create.exitCode()).as(create.err() + create.out()).isZero();
            assertThat(create.out()).contains("Preflight: no blocking finding", "+ creating link certificate",
                    "Seeding finished: the link replicates.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactlyInAnyOrder("DAG_Sales",
                    "DAG_Inventory");

            CliRun again = run("link", "plan", "--spec", spec);
            assertThat(again.exitCode()).as(again.out()).isZero();
            assertThat(again.out()).contains("Nothing to do");

            CliRun dryRun = run("link", "delete", "--spec", spec, "--dry-run");
            assertThat(dryRun.exitCode()).isEqualTo(1);
            assertThat(dryRun.out()).contains("- link DAG_Sales on the instance", "6 to remove");
            CliRun unconfirmed = run("link", "delete", "--spec", spec, "--data-dir", data);
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("nothing was removed: not confirmed", "--yes");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).hasSize(2);
            CliRun delete = run("link", "delete", "--spec", spec, "--yes", "--data-dir", data);
            assertThat(delete.exitCode()).as(delete.err() + delete.out()).isZero();
            assertThat(delete.out()).contains("independent read-write copy", "- removing", "Removed.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).isEmpty();
            assertThat(run("link", "delete", "--spec", spec, "--yes", "--data-dir", data).out())
                    .contains("Nothing to do: nothing of the link is left to remove.");
            assertThat(Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip()).isNotEmpty()
                    .satisfies(password -> assertThat(plan.out() + json.out() + script.out() + create.out()
                            + create.err() + delete.out() + delete.err()).as("output and logs").doesNotContain(password))
                    .satisfies(password -> assertThat(JournalText.of(Path.of(data))).as("the journal")
                            .contains("CREATE CERTIFICATE", "SUCCEEDED", "create", "delete").doesNotContain(password));
        }
    }


    @Test
    void listShowsTheLinkAnotherToolMadeOnLinked2022WithBothHalvesAndThatTheSpecAlreadyNamesIt() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales", "Inventory")), "linked-2022");
            String spec = dir.resolve(TwinSpecFiles.LINK_SPEC).toString();

            CliRun list = run("link", "list", "--spec", spec);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains(
                    "Links between SQL Server SQL22 and managed instance mi-target-01: 1 found.",
                    "= Sales: DAG_Sales, on SQL Server and on the instance",
                    "the spec's names (AG_Sales, DAG_Sales, AG_Sales_MI)",
                    "distributed availability group [DAG_Sales]: [AG_Sales] here (PRIMARY, ASYNCHRONOUS_COMMIT) and "
                            + "[AG_Sales_MI] at tcp://mi-target-01.abc123def456.database.windows.net:5022;"
                            + "Server=[mi-target-01] (SECONDARY, CONNECTED)",
                    "[AG_Sales] replicas: SQL22",
                    "link DAG_Sales: instance Secondary, SQL Server Primary",
                    "Sales: Seeding",
                    "No link was found for Inventory of the spec's databases: plan and create would make it.",
                    "The spec already names the links of Sales: plan, create and delete work on them as they are.")
                    .doesNotContain("names:");

            CliRun json = run("link", "list", "--spec", spec, "--output", "json");
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.path("links")).hasSize(1);
            assertThat(root.at("/links/0/kind").asText()).isEqualTo("PAIRED");
            assertThat(root.at("/links/0/spec/verdict").asText()).isEqualTo("MATCHES");
            assertThat(root.at("/links/0/sqlServer/remoteMember/instanceName").asText()).isEqualTo("mi-target-01");
            assertThat(root.at("/links/0/managedInstance/databases/0/replicaState").asText()).isEqualTo("Seeding");
            assertThat(root.at("/adoption/names").size()).isZero();
            assertThat(Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip()).isNotEmpty()
                    .satisfies(password -> assertThat(list.out() + json.out()).doesNotContain(password));

            // A spec that names no database yet: the links are listed all the same, to find which there are.
            Path bare = Files.createDirectory(dir.resolve("bare"));
            TwinSpecFiles.write(bare, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of()), "linked-2022");
            CliRun discover = run("link", "list", "--spec", bare.resolve(TwinSpecFiles.LINK_SPEC).toString());
            assertThat(discover.exitCode()).as(discover.err()).isZero();
            assertThat(discover.out()).contains("? Sales: DAG_Sales, on SQL Server and on the instance",
                    "Sales is not among the spec's databases; add it to databases:",
                    "(the spec's names are already its names)");
        }
    }

    /**
     * A link made by hand the documented way (T-SQL on SQL Server, ARM PUTs), with names of its own and its own
     * certificate: the spec's names do not find it (plan is blocked on the database being in another group), the
     * lines list prints do, and then plan has nothing to do, create changes nothing, and delete --dry-run lists the
     * link's own objects.
     */
    @Test
    void aLinkMadeByHandWithItsOwnNamesIsAdoptedByTheLinesListPrintsAndNothingIsMadeAgain() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            HandMadeLink.make(twins.sqlServer().orElseThrow(), twins.arm().orElseThrow());
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "ready-2022");
            Path specFile = dir.resolve(TwinSpecFiles.LINK_SPEC);
            String spec = specFile.toString();

            CliRun before = run("link", "plan", "--spec", spec);
            assertThat(before.exitCode()).isEqualTo(1);
            assertThat(before.out()).contains("! availability group [AG_Sales] holding [Sales]",
                    "the database is in [Sales_AG]");

            CliRun list = run("link", "list", "--spec", spec);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("~ Sales: Sales_Link, on SQL Server and on the instance",
                    "names differ: the spec names it AG_Sales, DAG_Sales, AG_Sales_MI",
                    "names:\n  availabilityGroup: \"{database}_AG\"\n"
                            + "  distributedAvailabilityGroup: \"{database}_Link\"\n"
                            + "  instanceAvailabilityGroup: \"{database}_MI\"\n"
                            + "  certificate: \"SQL22_LinkCert\"\n",
                    "With them, milink link plan finds every object of the links of Sales in place: nothing to "
                            + "create, change or remove.");
            String yaml = new ObjectMapper().readTree(run("link", "list", "--spec", spec, "--output", "json").out())
                    .at("/adoption/yaml").asText();
            assertThat(list.out()).contains(yaml);
            Files.writeString(specFile, Files.readString(specFile) + yaml);

            CliRun plan = run("link", "plan", "--spec", spec);
            assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
            assertThat(plan.out()).contains("= link Sales_Link on the instance",
                    "= distributed availability group [Sales_Link]", "= link certificate [SQL22_LinkCert]",
                    "Nothing to do");
            CliRun create = run("link", "create", "--spec", spec, "--data-dir", dir.resolve("data").toString());
            assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
            assertThat(create.out()).contains("Every object of the link was already in place.")
                    .doesNotContain("+ creating", "~ changing");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("Sales_Link");

            CliRun again = run("link", "list", "--spec", spec);
            assertThat(again.out()).contains("= Sales: Sales_Link",
                    "The spec already names the links of Sales", "With the spec as it is, milink link plan finds");

            CliRun dryRun = run("link", "delete", "--spec", spec, "--dry-run");
            assertThat(dryRun.exitCode()).isEqualTo(1);
            assertThat(dryRun.out()).contains("- link Sales_Link on the instance",
                    "- distributed availability group [Sales_Link]", "- availability group [Sales_AG]",
                    "3 to remove");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("Sales_Link");
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
            CliRun sales = run("link", "create", "--spec", spec(twins, "sales", "Sales").toString(), "--no-wait",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(sales.exitCode()).as(sales.err() + sales.out()).isZero();

            String both = spec(twins, "both", "Sales", "Staging").toString();
            CliRun added = run("link", "create", "--spec", both, "--no-wait", "--data-dir", dir.resolve("data").toString());
            assertThat(added.exitCode()).as(added.err() + added.out()).isEqualTo(2);
            assertThat(added.err()).contains("preflight found what would break the link", "db.recoveryModel (Staging)");
            assertThat(added.out()).contains("Preflight skipped for Sales").doesNotContain("+ creating");
            // Waived, the run goes on until SQL Server refuses the group; the error names that step.
            CliRun waived = run("link", "create", "--spec", both, "--no-wait", "--accept", "db.recoveryModel",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(waived.exitCode()).as(waived.err() + waived.out()).isEqualTo(2);
            assertThat(waived.err()).contains("stopped while creating availability group [AG_Staging] holding "
                    + "[Staging]", "run the command again to continue").doesNotContain("unexpected error");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("DAG_Sales");
        }
    }

    @Test
    void listSaysWhatAzureAnsweredWhenTheInstancesLinksCannotBeReadAndExitsTwo() throws Exception {
        var refused = io.milink.simulator.arm.ArmError.of(403, "AuthorizationFailed", "The client does not have "
                + "authorization to perform action 'Microsoft.Sql/managedInstances/distributedAvailabilityGroups/read'.");
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022")
                .armFaults(io.milink.simulator.arm.ArmFaultPlan.of(io.milink.simulator.arm.ArmFaultPlan.RouteFault
                        .error("GET", "/distributedAvailabilityGroups$", refused, 0))).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
            CliRun list = run("link", "list", "--spec", dir.resolve(TwinSpecFiles.LINK_SPEC).toString());
            assertThat(list.exitCode()).isEqualTo(2);
            assertThat(list.err()).contains("milink: the managed instance's links could not be read:",
                    "AuthorizationFailed").doesNotContain("unexpected error");
            assertThat(list.out()).isEmpty();
        }
    }

    @Test
    void listWithAnOutputItDoesNotKnowIsAnErrorThatSaysWhatItTakes() {
        CliRun run = run("link", "list", "--spec", "no-such-spec.yaml", "--output", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output: expected text or json, not xml");
    }

    @Test
    void aFailedArmOperationNamesTheStepAndARerunFinishes() throws Exception {
        ArmFaultPlan faults = ArmFaultPlan.of(ArmFaultPlan.RouteFault.failOperation("PUT",
                "/distributedAvailabilityGroups/DAG_Sales$", ArmError.of(500, "OperationTimedOut",
                        "The operation timed out and automatically rolled back."), 1));
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("ready-2022").timeScale(10_000)
                .operationRetryAfter(java.time.Duration.ofSeconds(1)).armFaults(faults).start()) {
            String spec = spec(twins, "sales", "Sales").toString();
            CliRun failed = run("link", "create", "--spec", spec, "--no-wait", "--data-dir", dir.resolve("data").toString());
            assertThat(failed.exitCode()).as(failed.err() + failed.out()).isEqualTo(2);
            assertThat(failed.err()).contains("stopped while creating link DAG_Sales on the instance",
                    "OperationTimedOut", "run the command again to continue");
            CliRun again = run("link", "create", "--spec", spec, "--no-wait", "--data-dir", dir.resolve("data").toString());
            assertThat(again.exitCode()).as(again.err() + again.out()).isZero();
            assertThat(again.out()).contains("+ creating link DAG_Sales on the instance").doesNotContain(
                    "+ creating link certificate");
        }
    }

    /**
     * A link whose seeding fails is exit 2 naming the link, its state and the instance's error; plan then shows it
     * replaced on both sides, the script says the same, and create run again replaces it and waits for the new seeding.
     */
    @Test
    void aFailedSeedingEndsCreateWithWhatFailedAndCreateRunAgainReplacesTheLink() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022")
                                + "\nlink:\n  seedingMbPerSecond: 1\n  faults:\n    - { kind: seedingFailure, at: PT1M,"
                                + " database: Sales, message: \"The remote disk is full.\" }\n", "ready-2022, seeding fails")
                .timeScale(10_000).operationRetryAfter(java.time.Duration.ofSeconds(1)).start()) {
            String spec = spec(twins, "sales", "Sales").toString();
            String data = dir.resolve("data").toString();
            CliRun failed = run("link", "create", "--spec", spec, "--data-dir", data);
            assertThat(failed.exitCode()).as(failed.err() + failed.out()).isEqualTo(2);
            assertThat(failed.err()).contains("the link DAG_Sales failed on the instance: Sales is in LinkCreationError",
                    "The remote disk is full.", "milink link plan --spec " + spec,
                    "'milink link create --spec " + spec + "' again").doesNotContain("stopped while");

            CliRun plan = run("link", "plan", "--spec", spec);
            assertThat(plan.exitCode()).as(plan.err() + plan.out()).isEqualTo(1);
            assertThat(plan.out()).contains("-/+ distributed availability group [DAG_Sales]",
                    "-/+ link DAG_Sales on the instance", "DELETE …/managedInstances/", "2 to replace");
            CliRun script = run("link", "script", "--spec", spec);
            assertThat(script.out()).contains("-- Step 1: replace distributed availability group [DAG_Sales]", "-- Run this step once:",
                    "DROP AVAILABILITY GROUP [DAG_Sales]", "az sql mi link delete", "az sql mi link create");

            CliRun again = run("link", "create", "--spec", spec, "--data-dir", data);
            assertThat(again.exitCode()).as(again.err() + again.out()).isZero();
            assertThat(again.out()).contains("drops it on both sides and creates it again",
                    "-/+ replacing link DAG_Sales on the instance", "Seeding finished: the link replicates.");
            assertThat(twins.arm().orElseThrow().instance().linkNames()).containsExactly("DAG_Sales");
            assertThat(run("link", "plan", "--spec", spec).exitCode()).as("nothing left to do").isZero();
        }
    }

    @Test
    void aSpecWithoutTheInstancesResourceIsRefusedWithWhatToAdd() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                sqlServer: { host: sql01, authentication: { type: sql, user: milink, passwordEnv: MILINK_X } }
                databases: [Sales]
                """);
        CliRun run = run("link", "plan", "--spec", spec.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("managedInstance: the link commands need the instance's Azure resource");
    }
}
