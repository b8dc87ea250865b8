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
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.link.VirtualClock;

/**
 * milink link status on the linked-2022 twins (a link another tool made, Sales 40 % seeded) on a clock the test
 * moves: the spec files milink twin writes, the real driver, the Azure SDK pipeline over HTTPS to the ARM twin.
 */
class LinkStatusCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void aSeedingLinkExitsOneWithItsPhaseAndOnceReplicatingExitsZeroInTextAndJson() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(clock).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
            String spec = dir.resolve(TwinSpecFiles.LINK_SPEC).toString();

            CliRun seeding = run("link", "status", "--spec", spec);
            assertThat(seeding.exitCode()).as(seeding.err()).isEqualTo(1);
            assertThat(seeding.out()).contains("Link status, SQL Server SQL22 and managed instance mi-target-01",
                    "! Sales (DAG_Sales): Seeding 40 %, SQL Server PRIMARY, instance SECONDARY",
                    "    seeding: ", "not ready for a planned failover: the database is Seeding, not Replicating",
                    "0 of 1 database(s) replicating and healthy; ready for a planned failover: no");

            CliRun seedingJson = run("link", "status", "--spec", spec, "--output", "json");
            assertThat(seedingJson.exitCode()).isEqualTo(1);
            JsonNode s = new ObjectMapper().readTree(seedingJson.out());
            assertThat(s.at("/link/sqlServer").asText()).isEqualTo("SQL22");
            assertThat(s.at("/databases/0/name").asText()).isEqualTo("Sales");
            assertThat(s.at("/databases/0/phase").asText()).isEqualTo("Seeding");
            assertThat(s.at("/databases/0/seedingPercent").asInt()).isEqualTo(40);
            assertThat(s.at("/databases/0/reasons")).isNotEmpty();
            assertThat(s.path("ready").asBoolean(true)).isFalse();

            clock.advance(Duration.ofMinutes(10));
            CliRun replicating = run("link", "status", "--spec", spec, "--output", "json");
            assertThat(replicating.exitCode()).as(replicating.err() + replicating.out()).isZero();
            JsonNode r = new ObjectMapper().readTree(replicating.out());
            JsonNode sales = r.at("/databases/0");
            assertThat(sales.path("phase").asText()).isEqualTo("Replicating");
            assertThat(sales.path("synchronizationState").asText()).isEqualTo("SYNCHRONIZING");
            assertThat(sales.path("sqlServerRole").asText()).isEqualTo("PRIMARY");
            assertThat(sales.path("managedInstanceRole").asText()).isEqualTo("SECONDARY");
            assertThat(sales.path("seedingPercent").asInt()).isEqualTo(100);
            assertThat(sales.path("lagSeconds").isNumber()).isTrue();
            assertThat(sales.at("/lastHardenedLsn/sqlServer").asText()).matches("[0-9]+");
            assertThat(sales.at("/lastHardenedLsn/managedInstance").asText()).matches("[0-9]+");
            assertThat(sales.path("reasons")).isEmpty();
            assertThat(sales.path("notReadyBecause").toString()).contains("not synchronous on both sides");
            assertThat(r.path("ready").asBoolean(true)).isFalse();

            CliRun text = run("link", "status", "--spec", spec);
            assertThat(text.exitCode()).isZero();
            assertThat(text.out()).contains("= Sales (DAG_Sales): Replicating, SQL Server PRIMARY, instance SECONDARY",
                    "replication: SYNCHRONIZING, HEALTHY; mode SQL Server ASYNCHRONOUS_COMMIT",
                    "last hardened LSN: SQL Server ", "1 of 1 database(s) replicating and healthy");

            CliRun watched = run("link", "status", "--spec", spec, "--watch", "--interval", "10ms", "--count", "3",
                    "--output", "json");
            assertThat(watched.exitCode()).as(watched.err()).isZero();
            List<String> lines = watched.out().lines().toList();
            assertThat(lines).as("one JSON object per read").hasSize(3)
                    .allSatisfy(l -> assertThat(new ObjectMapper().readTree(l).at("/databases/0/phase").asText())
                            .isEqualTo("Replicating"));
            CliRun watchedText = run("link", "status", "--spec", spec, "--watch", "--interval", "10ms", "--count", "2");
            assertThat(watchedText.out().split("Link status, ", -1)).as("two reads").hasSize(3);

            assertThat(Files.readString(dir.resolve(TwinSpecFiles.PASSWORD)).strip()).isNotEmpty()
                    .satisfies(password -> assertThat(seeding.out() + seedingJson.out() + replicating.out()
                            + text.out() + watched.out()).doesNotContain(password));
        }
    }

    @Test
    void aDatabaseWithoutALinkIsRemovedAndExitsOne() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022").clock(VirtualClock.manual())
                .start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Inventory")), "linked-2022");
            CliRun run = run("link", "status", "--spec", dir.resolve(TwinSpecFiles.LINK_SPEC).toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).contains("! Inventory (DAG_Inventory): Removed",
                    "no link for Inventory on either side");
        }
    }

    @Test
    void anInstanceWhoseLinksCannotBeReadExitsTwoWithWhatAzureSaid() throws Exception {
        var refused = io.milink.simulator.arm.ArmError.of(403, "AuthorizationFailed", "The client does not have "
                + "authorization to perform action 'Microsoft.Sql/managedInstances/distributedAvailabilityGroups/read'.");
        try (LinkedTwins twins = LinkedTwins.builder().builtInScenario("linked-2022")
                .armFaults(io.milink.simulator.arm.ArmFaultPlan.of(io.milink.simulator.arm.ArmFaultPlan.RouteFault
                        .error("GET", "/distributedAvailabilityGroups$", refused, 0))).start()) {
            TwinSpecFiles.write(dir, new TwinSpecFiles.Twins("127.0.0.1", twins.sqlServer().orElseThrow(),
                    twins.arm().orElseThrow(), List.of("Sales")), "linked-2022");
            CliRun run = run("link", "status", "--spec", dir.resolve(TwinSpecFiles.LINK_SPEC).toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("the managed instance's links could not be read:", "AuthorizationFailed");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void anIntervalItCannotReadIsAnErrorThatSaysWhatItTakes() {
        CliRun run = run("link", "status", "--spec", "no-such-spec.yaml", "--watch", "--interval", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--interval: expected a positive duration such as 5s, 500ms, 2m or PT5S, "
                + "not soon");
    }
}
