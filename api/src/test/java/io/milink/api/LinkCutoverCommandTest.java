package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;

/**
 * milink link cutover on the linked-2022 twins (a link another tool made, Sales seeding) with the instance's SQL
 * endpoint and a slow first full backup, through the spec files milink twin writes, the real driver and the Azure SDK
 * pipeline; the world's clock is moved by the test, and the application has stopped writing.
 */
class LinkCutoverCommandTest {

    @TempDir
    Path dir;

    /** linked-2022 at {@code productVersion}, its instance's SQL endpoint served, its first full backup two hours on. */
    private static String scenario(String productVersion) {
        return BuiltInScenarios.yaml("linked-2022")
                .replace("productVersion: 16.0.4265.3", "productVersion: " + productVersion)
                .replace("  databases: [ HR ]\n", "  databases: [ HR ]\n  administratorLogin: miadmin\n"
                        + "  administratorLoginPassword: \"Mi-Admin-Passw0rd!\"\n")
                .replace("link:\n", "link:\n  instanceFirstFullBackupAfter: PT2H\n  workloadLogMbPerSecond: 0\n");
    }

    /** The spec milink twin writes, with managedInstance.sql when {@code instanceSql}. */
    private String spec(LinkedTwins twins, boolean instanceSql) throws Exception {
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
        Path spec = dir.resolve(TwinSpecFiles.LINK_SPEC);
        if (instanceSql) {
            Files.writeString(dir.resolve("mi-password"), "Mi-Admin-Passw0rd!");
            Files.writeString(spec, Files.readString(spec) + "  sql:\n    host: 127.0.0.1\n    port: "
                    + twins.instanceSql().orElseThrow().port() + "\n    authentication: { type: sql, user: miadmin, "
                    + "passwordFile: mi-password }\n    encrypt: true\n    trustServerCertificate: true\n");
        }
        return spec.toString();
    }

    private static JsonNode sales(String spec) throws Exception {
        CliRun status = CliRun.of("link", "status", "--spec", spec, "--output", "json");
        return new ObjectMapper().readTree(status.out()).at("/databases/0");
    }

    private CliRun cutover(String spec, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("link", "cutover", "--spec", spec, "--settle", "PT0S",
                "--poll", "PT0.1S", "--timeout", "PT30S", "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void withoutYesAndWithoutATerminalTheCutoverIsRefusedAndChangesNothing() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("16.0.4265.3"), "test").clock(clock)
                .start()) {
            String spec = spec(twins, true);
            clock.advance(Duration.ofMinutes(10));
            CliRun refused = cutover(spec);
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("nothing was changed", "stopped writing", "--yes");
            assertThat(refused.out()).doesNotContain("Migration cutover");
            JsonNode after = sales(spec);
            assertThat(after.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(after.at("/replicationMode/sqlServer").asText()).isEqualTo("ASYNCHRONOUS_COMMIT");
            assertThat(dir.resolve("data")).doesNotExist();
        }
    }

    @Test
    void onSqlServer2019ASlowFirstBackupStopsTheCutoverWithExit1AndALaterRunRemovesTheLink() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("15.0.4312.2"), "test").clock(clock)
                .start()) {
            String spec = spec(twins, true);
            clock.advance(Duration.ofMinutes(10));

            CliRun first = cutover(spec, "--yes");
            assertThat(first.exitCode()).as(first.err() + first.out()).isEqualTo(1);
            assertThat(first.out()).contains("Migration cutover of Sales", "check the instance has a full backup of "
                    + "Sales", "> Waiting for the instance's first full backup",
                    "not yet: Not yet: the instance has no full backup of Sales yet", "(nothing was changed)");
            assertThat(first.out()).doesNotContain("> Switching to synchronous commit", "repoint checklist");
            assertThat(sales(spec).at("/replicationMode/sqlServer").asText()).isEqualTo("ASYNCHRONOUS_COMMIT");

            clock.advance(Duration.ofHours(2));
            CliRun second = cutover(spec, "--yes", "--drop-availability-group");
            assertThat(second.exitCode()).as(second.err() + second.out()).isZero();
            assertThat(second.out()).containsSubsequence("> Waiting for the instance's first full backup",
                    "  passed: the instance's full backup of Sales finished", "> Switching to synchronous commit",
                    "> Waiting for LSN parity", "> Removing the link", "Cut over: the link is removed",
                    "Application repoint checklist", "1. Connection strings: point the applications at the managed "
                            + "instance, mi-target-01.abc123def456.database.windows.net",
                    "no fail back from SQL Server 2016-2019");
            assertThat(sales(spec).path("phase").asText()).isEqualTo("Removed");
            assertThat(JournalText.of(dir.resolve("data"))).contains("cutover", "SUCCEEDED");
        }
    }

    @Test
    void withoutTheInstancesSqlEndpointTheCutoverFailsOverThenSaysWhatToConfigureAndKeepsTheLink() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("16.0.4265.3"), "test").clock(clock)
                .start()) {
            String spec = spec(twins, false);
            clock.advance(Duration.ofMinutes(10));
            CliRun run = cutover(spec, "--yes");
            assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
            assertThat(run.out()).containsSubsequence("> Failing over (ALTER AVAILABILITY GROUP ... FAILOVER on SQL "
                    + "Server)", "the spec has no managedInstance.sql", "Not yet: the link stays",
                    "Application repoint checklist");
            JsonNode after = sales(spec);
            assertThat(after.path("managedInstanceRole").asText()).isEqualTo("PRIMARY");
            assertThat(after.path("phase").asText()).isNotEqualTo("Removed");

            CliRun delete = CliRun.of("link", "delete", "--spec", spec, "--yes", "--data-dir",
                    dir.resolve("data").toString());
            assertThat(delete.exitCode()).isEqualTo(2);
            assertThat(delete.err()).contains("the spec has no managedInstance.sql");

            CliRun check = CliRun.of("link", "failover", "--spec", spec, "--type", "planned", "--check");
            assertThat(check.out()).as("the policy matches: failing back is not blocked by it")
                    .doesNotContain("update policy");
        }
    }

    @Test
    void aFailbackCheckShowsAMismatchedUpdatePolicyAsABlockingGate() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        String yaml = scenario("16.0.4265.3").replace("updatePolicy: SQLServer2022", "updatePolicy: AlwaysUpToDate");
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(yaml, "test").clock(clock).start()) {
            String spec = spec(twins, true);
            clock.advance(Duration.ofMinutes(10));
            CliRun over = CliRun.of("link", "failover", "--spec", spec, "--type", "planned", "--yes", "--settle",
                    "PT0S", "--poll", "PT0.1S", "--data-dir", dir.resolve("data").toString());
            assertThat(over.exitCode()).as(over.err() + over.out()).isZero();
            CliRun check = CliRun.of("link", "failover", "--spec", spec, "--type", "planned", "--check");
            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.out()).contains("  - Sales: update policy: the instance's update policy is "
                    + "AlwaysUpToDate, and failing back to SQL Server 16.0.4265.3 needs SQLServer2022");
            CliRun back = CliRun.of("link", "failover", "--spec", spec, "--type", "planned", "--to", "sql-server",
                    "--yes", "--data-dir", dir.resolve("data").toString());
            assertThat(back.exitCode()).isEqualTo(2);
            assertThat(back.err()).contains("nothing was changed: the instance's update policy is AlwaysUpToDate");
            assertThat(sales(spec).path("managedInstanceRole").asText()).isEqualTo("PRIMARY");
        }
    }

    @Test
    void aDryRunDeleteReadsTheFailoverTimeTheJournalHoldsAndJudgesAsTheRealDeleteWill() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("16.0.4265.3"), "test").clock(clock)
                .start()) {
            String spec = spec(twins, true);
            String data = dir.resolve("data").toString();
            clock.advance(Duration.ofMinutes(10));
            CliRun over = CliRun.of("link", "failover", "--spec", spec, "--type", "planned", "--yes", "--settle",
                    "PT0S", "--poll", "PT0.1S", "--data-dir", data);
            assertThat(over.exitCode()).as(over.err() + over.out()).isZero();

            CliRun early = CliRun.of("link", "delete", "--spec", spec, "--dry-run", "--data-dir", data);
            assertThat(early.exitCode()).as("refused before the instance's first full backup").isEqualTo(2);
            assertThat(early.err()).contains("Not yet: the instance has no full backup of Sales yet")
                    .doesNotContain("no record of when it became so");

            clock.advance(Duration.ofHours(3));
            CliRun later = CliRun.of("link", "delete", "--spec", spec, "--dry-run", "--data-dir", data);
            assertThat(later.exitCode()).as(later.err() + later.out()).isEqualTo(1);
            assertThat(later.out()).contains("DAG_Sales");
            assertThat(sales(spec).path("phase").asText()).as("a dry run removes nothing").isNotEqualTo("Removed");

            CliRun elsewhere = CliRun.of("link", "delete", "--spec", spec, "--dry-run", "--data-dir",
                    dir.resolve("other").toString());
            assertThat(elsewhere.exitCode()).isEqualTo(2);
            assertThat(elsewhere.err()).contains("no record of when it became so");
            assertThat(dir.resolve("other")).as("a dry run creates no journal").doesNotExist();
        }
    }

    @Test
    void linkCommandsJournalInTheServicesPostgreSqlJournalWhenGivenIt() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        io.milink.journal.JournalLocation.PostgreSql journal = io.milink.journal.EmbeddedPostgres.freshJournal();
        Path password = dir.resolve("journal-password");
        Files.writeString(password, "unchecked-by-a-trusting-server\n");
        List<String> where = List.of("--journal", journal.url(), "--journal-user", journal.user(),
                "--journal-password-file", password.toString());
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("16.0.4265.3"), "test").clock(clock)
                .start()) {
            String spec = spec(twins, true);
            clock.advance(Duration.ofMinutes(10));
            List<String> failover = new java.util.ArrayList<>(List.of("link", "failover", "--spec", spec, "--type",
                    "planned", "--yes", "--settle", "PT0S", "--poll", "PT0.1S"));
            failover.addAll(where);
            CliRun over = CliRun.of(failover.toArray(String[]::new));
            assertThat(over.exitCode()).as(over.err() + over.out()).isZero();
            clock.advance(Duration.ofHours(3));

            // The failover's record is in PostgreSQL, not in a data directory: a dry run there finds it.
            List<String> dryRun = new java.util.ArrayList<>(List.of("link", "delete", "--spec", spec, "--dry-run",
                    "--data-dir", dir.resolve("unused").toString()));
            dryRun.addAll(where);
            CliRun later = CliRun.of(dryRun.toArray(String[]::new));
            assertThat(later.exitCode()).as(later.err() + later.out()).isEqualTo(1);
            assertThat(later.err()).doesNotContain("no record of when it became so");
            assertThat(dir.resolve("unused")).doesNotExist();
        }
    }
}
