package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.api.cli.TwinSpecFiles;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;

/**
 * milink link failover on the linked-2022 twins (SQL Server 2022 CU26, a link another tool made, asynchronous):
 * the spec files milink twin writes, the real driver, the Azure SDK pipeline over HTTPS to the ARM twin.
 */
class LinkFailoverCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private String spec(LinkedTwins twins) throws Exception {
        TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
        return dir.resolve(TwinSpecFiles.LINK_SPEC).toString();
    }

    private static JsonNode sales(String spec) throws Exception {
        CliRun status = run("link", "status", "--spec", spec, "--output", "json");
        return new ObjectMapper().readTree(status.out()).at("/databases/0");
    }

    @Test
    void checkIsNotReadyWhileAsynchronousNamingEachGateAndChangesNothing() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            clock.advance(Duration.ofMinutes(10));
            CliRun check = run("link", "failover", "--spec", spec, "--type", "planned", "--check");
            assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
            assertThat(check.out()).contains("not ready; blocked by:",
                    "  - Sales: synchronous commit: not synchronous on both sides (SQL Server ASYNCHRONOUS_COMMIT, "
                            + "instance Async)", "  - Sales: SYNCHRONIZED: the secondary is SYNCHRONIZING");
            JsonNode sales = sales(spec);
            assertThat(sales.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(sales.at("/replicationMode/sqlServer").asText()).isEqualTo("ASYNCHRONOUS_COMMIT");
        }
    }

    @Test
    void aForcedFailoverWithoutAllowDataLossIsRefusedAndChangesNothing() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            clock.advance(Duration.ofMinutes(10));
            JsonNode before = sales(spec);
            CliRun forced = run("link", "failover", "--spec", spec, "--type", "forced", "--yes", "--data-dir",
                    dir.resolve("data").toString());
            assertThat(forced.exitCode()).isEqualTo(2);
            assertThat(forced.err()).contains("nothing was changed", "--allow-data-loss");
            JsonNode after = sales(spec);
            assertThat(after.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(after.path("managedInstanceRole").asText()).isEqualTo("SECONDARY");
            assertThat(after.path("replicationMode")).isEqualTo(before.path("replicationMode"));
        }
    }

    @Test
    void aForcedFailoverWithoutATerminalAndWithoutYesIsRefusedAndChangesNothing() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            clock.advance(Duration.ofMinutes(10));
            CliRun forced = run("link", "failover", "--spec", spec, "--type", "forced", "--allow-data-loss",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(forced.exitCode()).isEqualTo(2);
            assertThat(forced.err()).contains("nothing was changed", "type the link's name on a terminal", "--yes");
            assertThat(forced.out()).doesNotContain("FORCED failover");
            JsonNode after = sales(spec);
            assertThat(after.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(after.path("managedInstanceRole").asText()).isEqualTo("SECONDARY");
            assertThat(dir.resolve("data")).doesNotExist();
        }
    }

    @Test
    void aForcedFailoverRecordsBothLsnsReportsTheLossMakesTheInstancePrimaryAndPrintsTheSplitBrainRecovery()
            throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            // The application keeps writing on SQL Server, asynchronously: the instance is behind by what is in flight.
            clock.advance(Duration.ofMinutes(10));
            JsonNode before = sales(spec);
            String sqlLsn = before.at("/lastHardenedLsn/sqlServer").asText();
            String miLsn = before.at("/lastHardenedLsn/managedInstance").asText();
            assertThat(new java.math.BigInteger(miLsn)).isLessThan(new java.math.BigInteger(sqlLsn));

            Path data = dir.resolve("data");
            CliRun forced = run("link", "failover", "--spec", spec, "--type", "forced", "--allow-data-loss", "--yes",
                    "--data-dir", data.toString());
            assertThat(forced.exitCode()).as(forced.err() + forced.out()).isZero();
            assertThat(forced.out()).containsSubsequence("FORCED failover of Sales to the managed instance",
                    "  Sales: last hardened LSN SQL Server " + sqlLsn + ", instance " + miLsn,
                    "  possible loss: Sales: the instance's hardened LSN " + miLsn + " is behind SQL Server's "
                            + sqlLsn + ": writes after LSN " + miLsn + " may be lost",
                    "> Forcing the failover (Azure failover, type ForcedAllowDataLoss)",
                    "> Verifying roles", "  passed: the managed instance PRIMARY; the other side is PRIMARY too",
                    "Forced over to the managed instance",
                    "SPLIT BRAIN: both SQL Server and the managed instance are PRIMARY for Sales",
                    "tail-log backup",
                    "2. On SQL Server: ALTER AVAILABILITY GROUP [DAG_Sales] SET (ROLE = SECONDARY);");
            JsonNode after = sales(spec);
            assertThat(after.path("managedInstanceRole").asText()).isEqualTo("PRIMARY");
            assertThat(after.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(JournalText.of(data)).contains("forced-failover", "SUCCEEDED",
                    "last hardened LSN SQL Server " + sqlLsn + ", instance " + miLsn, "writes after LSN " + miLsn);
        }
    }


    @Test
    void aPlannedFailoverShowsEachGateLiveAndSwapsTheRolesOnBothSides() throws Exception {
        // The world runs 20 times faster than real time; the application has stopped writing, as the runbook says.
        VirtualClock clock = new VirtualClock(Instant.now(), 20);
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            String spec = spec(twins);
            clock.advance(Duration.ofMinutes(10));
            twins.world().pauseWorkload();
            CliRun unconfirmed = run("link", "failover", "--spec", spec, "--type", "planned", "--data-dir",
                    dir.resolve("data").toString());
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.err()).contains("nothing was changed: not confirmed");

            CliRun failover = run("link", "failover", "--spec", spec, "--type", "planned", "--yes", "--settle", "PT0.5S",
                    "--poll", "PT0.1S", "--timeout", "PT30S", "--data-dir", dir.resolve("data").toString());
            assertThat(failover.exitCode()).as(failover.err() + failover.out()).isZero();
            assertThat(failover.out()).containsSubsequence("> Switching to synchronous commit",
                    "> Waiting for SYNCHRONIZED", "> Waiting for LSN parity", "on both sides, equal for PT0.5S",
                    "> Failing over (ALTER AVAILABILITY GROUP ... FAILOVER on SQL Server)",
                    "> Verifying roles", "  passed: SQL Server SECONDARY, instance PRIMARY",
                    "> Setting the replication mode", "(as it was)", "Failed over (T-SQL FAILOVER on SQL Server)");
            JsonNode after = sales(spec);
            assertThat(after.path("sqlServerRole").asText()).isEqualTo("SECONDARY");
            assertThat(after.path("managedInstanceRole").asText()).isEqualTo("PRIMARY");

            // Run again, as after a crash past the failover: with --to it must not fail back.
            CliRun again = run("link", "failover", "--spec", spec, "--type", "planned", "--to", "instance", "--yes",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(again.exitCode()).as(again.err() + again.out()).isZero();
            assertThat(again.out()).contains("Nothing to do: the managed instance is already the primary of Sales")
                    .doesNotContain("> Failing over");
            assertThat(sales(spec).path("managedInstanceRole").asText()).isEqualTo("PRIMARY");
            assertThat(run("link", "failover", "--spec", spec, "--type", "planned", "--to", "nowhere", "--yes",
                    "--data-dir", dir.resolve("data").toString()).err()).contains("--to: expected instance or sql-server");
        }
    }
}
