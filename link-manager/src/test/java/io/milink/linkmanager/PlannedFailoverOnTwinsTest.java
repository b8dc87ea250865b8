package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.FailoverGates.Gate;
import io.milink.simulator.BuiltInScenarios;

/**
 * The planned failover on the ready-2022 twins (SQL Server 2022 CU26, so T-SQL FAILOVER), with waits that move the
 * twins' clock instead of real time: the gates, the failover itself, and a gate that times out.
 */
class PlannedFailoverOnTwinsTest {

    static final List<DatabaseLinkNames> SALES =
            List.of(new DatabaseLinkNames("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI"));
    static final PlannedFailover.Options OPTIONS = new PlannedFailover.Options(Duration.ofMinutes(2),
            Duration.ofSeconds(5), Duration.ofSeconds(1), null);

    /** Waits by moving the twins' clock, so a test takes no real time and sees the world move. */
    static PlannedFailover failover(TwinLink twin) {
        return new PlannedFailover(new LinkStatusReader(Clock.systemUTC()), new PlannedFailover.Waiter() {
            @Override
            public Instant now() {
                return twin.clock.now();
            }

            @Override
            public void sleep(Duration duration) {
                twin.clock.advance(duration);
            }
        });
    }

    static String withLink(String linkSection) {
        return BuiltInScenarios.yaml("ready-2022") + "\nlink:\n" + linkSection;
    }

    /** The link's role and mode on SQL Server, from its own DMVs. */
    static String sqlServerRoleAndMode(TwinLink twin) throws Exception {
        try (Statement s = twin.session.sql().createStatement();
             ResultSet rs = s.executeQuery("SELECT rs.role_desc, (SELECT MIN(r.availability_mode_desc) + '/' "
                     + "+ MAX(r.availability_mode_desc) FROM sys.availability_replicas AS r WHERE r.group_id = "
                     + "ag.group_id) AS modes FROM sys.availability_groups AS ag JOIN "
                     + "sys.dm_hadr_availability_replica_states AS rs ON rs.group_id = ag.group_id WHERE rs.is_local = 1 "
                     + "AND ag.is_distributed = 1 AND ag.name = 'DAG_Sales'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + " " + rs.getString(2);
        }
    }

    static DistributedAvailabilityGroup instanceLink(TwinLink twin) throws Exception {
        return twin.session.arm().links().get("DAG_Sales").orElseThrow();
    }

    static List<String> gates(List<Blocker> blockers) {
        return blockers.stream().map(b -> b.gate().name()).toList();
    }

    @Test
    void checkIsNotReadyWhileAsynchronousAndReadyOnceSynchronousAndCaughtUp() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            List<Blocker> async = failover(twin).check(twin.session, SALES);
            assertThat(gates(async)).contains("SYNCHRONOUS_COMMIT", "SYNCHRONIZED");
            assertThat(async).anySatisfy(b -> assertThat(b.toString()).startsWith("Sales: synchronous commit: not "
                    + "synchronous on both sides (SQL Server ASYNCHRONOUS_COMMIT, instance Async)"));
            assertThat(sqlServerRoleAndMode(twin)).as("--check changes nothing")
                    .isEqualTo("PRIMARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");
        }
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::salesSync, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            assertThat(failover(twin).check(twin.session, SALES)).isEmpty();
        }
    }

    @Test
    void checkIsNotReadyWhileTheWorkloadKeepsARedoQueueEvenInSynchronousCommit() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  workloadLogMbPerSecond: 20\n  redoMbPerSecond: 2\n"))) {
            LinkEngine.create(twin.session, TwinLink::salesSync, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            List<Blocker> blockers = failover(twin).check(twin.session, SALES);
            assertThat(gates(blockers)).containsExactly("LSN_PARITY");
            assertThat(blockers.get(0).why()).contains("redo queue ", "the secondary has not caught up")
                    .doesNotContain("redo queue 0 KB");
        }
    }

    @Test
    void aPlannedFailoverSwapsRolesOnBothSidesWithEqualLsnsAndPutsTheModeBack() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            List<String> said = new ArrayList<>();
            PlannedFailover.Result result = failover(twin).run(twin.session, SALES, OPTIONS, recording(said));

            assertThat(result.mechanism()).isEqualTo(PlannedFailover.Mechanism.TSQL_ON_SQL_SERVER);
            LinkStatus.HardenedLsns atFailover = result.lsnsAtFailover().get("Sales");
            assertThat(atFailover.sqlServer()).isNotNull().isEqualTo(atFailover.managedInstance());
            assertThat(sqlServerRoleAndMode(twin)).isEqualTo("SECONDARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");
            DistributedAvailabilityGroup link = instanceLink(twin);
            assertThat(link.instanceLinkRole()).isEqualToIgnoringCase("Primary");
            assertThat(link.replicationMode()).isEqualToIgnoringCase("Async");
            assertThat(said).containsSubsequence("gate Switching to synchronous commit", "gate Waiting for SYNCHRONIZED",
                    "gate Waiting for LSN parity", "gate Failing over (ALTER AVAILABILITY GROUP ... FAILOVER on SQL "
                            + "Server)", "gate Verifying roles", "passed SQL Server SECONDARY, instance PRIMARY");
        }
    }

    @Test
    void aGateThatDoesNotPassInTimeStopsBeforeAnyRoleChangeAndPutsTheModeBack() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  workloadLogMbPerSecond: 20\n  redoMbPerSecond: 2\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            List<String> said = new ArrayList<>();
            assertThatThrownBy(() -> failover(twin).run(twin.session, SALES, OPTIONS, recording(said)))
                    .isInstanceOfSatisfying(PlannedFailover.GateTimeoutException.class, e -> {
                        assertThat(e.gate()).isEqualTo(Gate.LSN_PARITY);
                        assertThat(e.getMessage()).contains("'Waiting for LSN parity' did not pass within PT2M",
                                "redo queue", "No role changed");
                    });
            assertThat(sqlServerRoleAndMode(twin)).isEqualTo("PRIMARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");
            DistributedAvailabilityGroup link = instanceLink(twin);
            assertThat(link.instanceLinkRole()).isEqualToIgnoringCase("Secondary");
            assertThat(link.replicationMode()).isEqualToIgnoringCase("Async");
            assertThat(said).noneMatch(s -> s.startsWith("gate Failing over"));
        }
    }

    @Test
    void aFailedOverLinkFailsBackThroughAzureAndCanBeLeftSynchronous() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            failover(twin).run(twin.session, SALES, OPTIONS, PlannedFailover.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(1));
            PlannedFailover.Result back = failover(twin).run(twin.session, SALES, new PlannedFailover.Options(
                    Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(1),
                    io.milink.core.azure.LinkRequests.ReplicationMode.SYNC), PlannedFailover.Progress.SILENT);
            assertThat(back.mechanism()).isEqualTo(PlannedFailover.Mechanism.ARM_PLANNED);
            assertThat(sqlServerRoleAndMode(twin)).isEqualTo("PRIMARY SYNCHRONOUS_COMMIT/SYNCHRONOUS_COMMIT");
            assertThat(instanceLink(twin).instanceLinkRole()).isEqualToIgnoringCase("Secondary");
            assertThat(instanceLink(twin).replicationMode()).isEqualToIgnoringCase("Sync");
        }
    }

    /** Fails over to the instance, then fails back through Azure, which answers {@code failback}'s faults. */
    private static void failBackWith(io.milink.simulator.arm.ArmFaultPlan.RouteFault fault, List<String> said,
                                     Class<? extends Exception> thrown) throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022"),
                io.milink.simulator.arm.ArmFaultPlan.of(fault), Duration.ofSeconds(2))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            failover(twin).run(twin.session, SALES, OPTIONS, PlannedFailover.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(1));
            assertThat(sqlServerRoleAndMode(twin)).isEqualTo("SECONDARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");

            assertThatThrownBy(() -> failover(twin).run(twin.session, SALES, OPTIONS, recording(said)))
                    .isInstanceOf(thrown);
            assertThat(said).contains("gate Failing over (Azure failover, type Planned)");
            assertThat(instanceLink(twin).instanceLinkRole()).as("no role changed").isEqualToIgnoringCase("Primary");
            said.add("after " + sqlServerRoleAndMode(twin) + " instance " + instanceLink(twin).replicationMode());
        }
    }

    @Test
    void anAzureFailoverThatEndsFailedBeforeAnyRoleChangedPutsTheModeBack() throws Exception {
        List<String> said = new ArrayList<>();
        failBackWith(io.milink.simulator.arm.ArmFaultPlan.RouteFault.failOperation("POST", "/failover$",
                io.milink.simulator.arm.ArmError.of(409, "ManagedInstanceIsBusy", "The managed instance is busy with "
                        + "another operation."), 1), said, io.milink.core.azure.ArmCallException.class);
        assertThat(said).anySatisfy(line -> assertThat(line).startsWith("note The failover failed before any role "
                + "changed; replication mode put back as it was: SQL Server ASYNCHRONOUS_COMMIT, instance Async"));
        assertThat(said.get(said.size() - 1)).isEqualTo("after SECONDARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT "
                + "instance Async");
    }

    @Test
    void anAzureFailoverStillRunningAfterTheWaitLeavesTheModeSynchronousAndSaysWhy() throws Exception {
        List<String> said = new ArrayList<>();
        // The ARM client waits 2 s of real time; the operation takes a simulated hour, and nothing moves the clock.
        failBackWith(io.milink.simulator.arm.ArmFaultPlan.RouteFault.slowOperation("POST", "/failover$",
                Duration.ofHours(1), 1), said, io.milink.core.azure.ArmCallException.class);
        assertThat(said).anySatisfy(line -> assertThat(line).startsWith("note The failover's outcome is not known")
                .contains("left synchronous"));
        assertThat(said.get(said.size() - 1)).isEqualTo("after SECONDARY SYNCHRONOUS_COMMIT/SYNCHRONOUS_COMMIT "
                + "instance Sync");
    }

    @Test
    void buildsCompareNumberByNumber() {
        assertThat(PlannedFailover.buildAtLeast("16.0.4125.3", PlannedFailover.TSQL_FAILOVER_BUILD)).isTrue();
        assertThat(PlannedFailover.buildAtLeast("16.0.4115.5", PlannedFailover.TSQL_FAILOVER_BUILD)).isFalse();
        assertThat(PlannedFailover.buildAtLeast("17.0.1000.7", PlannedFailover.TSQL_FAILOVER_BUILD)).isTrue();
        assertThat(PlannedFailover.buildAtLeast("15.0.4312.2", PlannedFailover.TSQL_FAILOVER_BUILD)).isFalse();
    }

    @Test
    void theModeChangeQuotesTheGroupAndItsMembers() {
        assertThat(PlannedFailover.modifyModes("DAG]x", List.of(new PlannedFailover.Member("AG'1",
                "SYNCHRONOUS_COMMIT")))).isEqualTo("ALTER AVAILABILITY GROUP [DAG]]x] MODIFY AVAILABILITY GROUP ON "
                + "N'AG''1' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT);");
    }

    static PlannedFailover.Progress recording(List<String> said) {
        return new PlannedFailover.Progress() {
            @Override
            public void gate(String name) {
                said.add("gate " + name);
            }

            @Override
            public void passed(String detail) {
                said.add("passed " + detail);
            }

            @Override
            public void waiting(List<Blocker> blockers) {
                said.add("waiting " + blockers);
            }

            @Override
            public void note(String line) {
                said.add("note " + line);
            }
        };
    }
}
