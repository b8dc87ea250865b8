package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.milink.core.azure.LinkRequests.FailoverMode;
import io.milink.core.azure.LinkRequests.LinkCreation;
import io.milink.core.azure.LinkRequests.LinkRole;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmFaultPlan;

/**
 * Each fault of a scenario's {@code link:} section, seen from both sides as the documentation describes it: SQL
 * Server's DMVs through mssql-jdbc and the instance's link through the Azure SDK pipeline (docs/simulator-link.md).
 * Sales is 2 GB: at the default 100 MB/s it seeds in about 20 simulated seconds.
 */
class LinkFaultsOnTwinsTest {

    private static final String DAG = "DAG_Sales";
    private static final LinkCreation LINK = new LinkCreation("AG_Sales_MI", "AG_Sales",
            "TCP://sql22.contoso.local:5022", List.of("Sales"), LinkRole.SECONDARY, FailoverMode.MANUAL,
            ReplicationMode.ASYNC);

    private TwinPartner pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    /** ready-2022 with this {@code link:} section, the link prepared on SQL Server; not yet created on ARM. */
    private void start(String linkSection) throws Exception {
        pair = TwinPartner.start(BuiltInScenarios.yaml("ready-2022") + "\n" + linkSection, ArmFaultPlan.NONE,
                Duration.ZERO);
        pair.prepare(DAG, LINK);
    }

    private void createLink() throws ArmCallException {
        TwinArm.linkClient(pair.arm()).links().create(DAG, LINK);
    }

    private void advance(Duration by) {
        pair.clock().advance(by);
    }

    private DistributedAvailabilityGroup.LinkDatabase arm() throws ArmCallException {
        return TwinArm.linkClient(pair.arm()).links().get(DAG).orElseThrow().databases().get(0);
    }

    private Map<String, Object> sql(String query) throws SQLException {
        try (Connection c = pair.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
            }
            return row;
        }
    }

    /** The instance's replica and its database as SQL Server, the primary, sees them. */
    private Map<String, Object> remote() throws SQLException {
        return sql("SELECT ars.connected_state_desc, ars.synchronization_health_desc, ars.last_connect_error_number, "
                + "drs.synchronization_state_desc, drs.log_send_queue_size "
                + "FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "LEFT JOIN sys.dm_hadr_database_replica_states drs ON ars.replica_id = drs.replica_id "
                + "WHERE ag.name = N'" + DAG + "' AND ars.is_local = 0");
    }

    private Map<String, Object> seeding() throws SQLException {
        return sql("SELECT current_state, number_of_attempts, failure_state_desc FROM sys.dm_hadr_automatic_seeding");
    }

    @Test
    void aPartitionDisconnectsBothSidesWhileTheLogQueuesUpThenTheyCatchUp() throws Exception {
        start("link: { faults: [ { kind: partition, at: PT1M, for: PT5M } ] }");
        createLink();
        advance(Duration.ofSeconds(45));
        assertThat(remote().get("connected_state_desc")).isEqualTo("CONNECTED");
        assertThat(arm().replicaState()).isEqualTo("LinkSynchronizing");

        advance(Duration.ofMinutes(2));
        Map<String, Object> cut = remote();
        assertThat(cut.get("connected_state_desc")).isEqualTo("DISCONNECTED");
        assertThat(cut.get("synchronization_state_desc")).isEqualTo("NOT SYNCHRONIZING");
        assertThat(cut.get("last_connect_error_number")).isEqualTo(41962);
        assertThat(((Number) cut.get("log_send_queue_size")).longValue()).as("KB of log waiting").isPositive();
        assertThat(arm().connectedState()).isEqualTo("DISCONNECTED");
        assertThat(arm().synchronizationHealth()).isEqualTo("NOT_HEALTHY");
        assertThat(arm().mostRecentLinkError()).contains("41962");

        advance(Duration.ofMinutes(5));
        assertThat(remote().get("connected_state_desc")).isEqualTo("CONNECTED");
        assertThat(remote().get("synchronization_state_desc")).isEqualTo("SYNCHRONIZING");
        assertThat(arm().connectedState()).isEqualTo("CONNECTED");
        assertThat(arm().synchronizationHealth()).isEqualTo("HEALTHY");
    }

    @Test
    void aSeedingFailureShowsItsMessageOnBothSidesAndTheDatabaseNeverArrives() throws Exception {
        start("link: { faults: [ { kind: seedingFailure, at: PT5S, database: Sales, "
                + "message: \"The remote disk is full.\" } ] }");
        createLink();
        advance(Duration.ofMinutes(1));
        assertThat(seeding().get("current_state")).isEqualTo("FAILED");
        assertThat(sql("SELECT failure_message FROM sys.dm_hadr_physical_seeding_stats").get("failure_message"))
                .isEqualTo("The remote disk is full.");
        assertThat(arm().replicaState()).isEqualTo("LinkCreationError");
        assertThat(arm().mostRecentLinkError()).isEqualTo("The remote disk is full.");
        assertThat(ManagedInstanceClient.connect(ManagedInstanceRef.parse(pair.arm().resourceId()), TwinArm.ANY_TOKEN,
                TwinArm.environment(pair.arm()), TwinArm.httpClient(pair.arm())).databaseNames())
                .doesNotContain("Sales");
    }

    @Test
    void aFullLogOnSqlServerStopsReplicationUntilItHasRoom() throws Exception {
        start("link: { faults: [ { kind: logFull, at: PT1M, for: PT2M, database: Sales } ] }");
        createLink();
        advance(Duration.ofSeconds(90));
        assertThat(sql("SELECT CAST(1 AS int) AS x").get("x")).isEqualTo(1);
        Map<String, Object> logspace = logSpace("Sales");
        assertThat(((Number) logspace.get("Log Space Used (%)")).doubleValue()).isEqualTo(100.0);
        assertThat(remote().get("synchronization_health_desc")).isEqualTo("NOT_HEALTHY");
        assertThat(arm().synchronizationHealth()).isEqualTo("NOT_HEALTHY");
        assertThat(arm().mostRecentLinkError()).contains("9002").contains("Sales");

        advance(Duration.ofMinutes(3));
        assertThat(((Number) logSpace("Sales").get("Log Space Used (%)")).doubleValue()).isLessThan(100.0);
        assertThat(arm().synchronizationHealth()).isEqualTo("HEALTHY");
    }

    private Map<String, Object> logSpace(String database) throws SQLException {
        try (Connection c = pair.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DBCC SQLPERF(LOGSPACE)")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase(database)) {
                    return Map.of("Log Space Used (%)", rs.getDouble(3));
                }
            }
        }
        throw new AssertionError("no DBCC SQLPERF(LOGSPACE) row for " + database);
    }

    @Test
    void anInstanceRestartDuringSeedingDisconnectsAndSeedingStartsOver() throws Exception {
        start("link: { seedingMbPerSecond: 10, faults: [ { kind: managedInstanceRestart, at: PT30S, for: PT1M } ] }");
        createLink();
        advance(Duration.ofSeconds(45));
        assertThat(remote().get("connected_state_desc")).isEqualTo("DISCONNECTED");
        assertThat(arm().connectedState()).isEqualTo("DISCONNECTED");
        advance(Duration.ofMinutes(1));
        assertThat(remote().get("connected_state_desc")).isEqualTo("CONNECTED");
        Map<String, Object> seeding = seeding();
        assertThat(seeding.get("current_state")).isEqualTo("SEEDING");
        assertThat(seeding.get("number_of_attempts")).as("seeding is not resumable").isEqualTo(2);
        assertThat(arm().seedingProgress()).as("15 s at 10 MB/s of 2 GB").isEqualTo("7%");
    }

    @Test
    void seedingThatTakesLongerThanSixDaysIsCancelled() throws Exception {
        start("link: { seedingMbPerSecond: 0.001 }");
        createLink();
        advance(Duration.ofDays(5));
        assertThat(seeding().get("current_state")).isEqualTo("SEEDING");
        advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(seeding().get("current_state")).isEqualTo("FAILED");
        assertThat(arm().replicaState()).isEqualTo("LinkCreationError");
        assertThat(arm().mostRecentLinkError()).contains("6 days");
    }

    /** The synchronizing secondary's log as SQL Server, the primary, sees it, once seeded and caught up. */
    private Map<String, Object> logInFlight(String linkSection) throws Exception {
        start(linkSection);
        createLink();
        advance(Duration.ofMinutes(2)); // 2 GB at 100 MB/s, then the catch-up
        advance(Duration.ofSeconds(10)); // rates are over the last step: a steady one
        return sql("SELECT drs.synchronization_state_desc, drs.log_send_queue_size, drs.log_send_rate, "
                + "drs.last_hardened_lsn FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "JOIN sys.dm_hadr_database_replica_states drs ON ars.replica_id = drs.replica_id "
                + "WHERE ag.name = N'" + DAG + "' AND ars.is_local = 0");
    }

    private String primaryHardenedLsn() throws SQLException {
        return sql("SELECT drs.last_hardened_lsn FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "JOIN sys.dm_hadr_database_replica_states drs ON ars.replica_id = drs.replica_id "
                + "WHERE ag.name = N'" + DAG + "' AND ars.is_local = 1").get("last_hardened_lsn").toString();
    }

    @Test
    void theWorkloadsLogRateAndTheNetworkLatencyAreTheLogInFlightOnBothSides() throws Exception {
        // 2 MB/s of log 500 ms from the instance: 1 MB is always on its way (docs/simulator-link.md).
        Map<String, Object> far = logInFlight("link: { workloadLogMbPerSecond: 2, networkLatencyMs: 500 }");
        assertThat(far.get("synchronization_state_desc")).isEqualTo("SYNCHRONIZING");
        assertThat(((Number) far.get("log_send_rate")).doubleValue()).as("KB/s sent").isCloseTo(2048.0,
                org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(((Number) far.get("log_send_queue_size")).doubleValue()).as("KB on its way").isCloseTo(1024.0,
                org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(arm().lastHardenedLsn()).as("the instance hardened what SQL Server says it did, not the end of the log")
                .isEqualTo(far.get("last_hardened_lsn").toString()).isNotEqualTo(primaryHardenedLsn());
        pair.close();
        pair = null;

        // The same rate, a tenth of the distance: a tenth of the log on its way.
        Map<String, Object> near = logInFlight("link: { workloadLogMbPerSecond: 2, networkLatencyMs: 50 }");
        assertThat(((Number) near.get("log_send_queue_size")).doubleValue()).as("KB on its way").isCloseTo(102.4,
                org.assertj.core.data.Percentage.withPercentage(3));
        pair.close();
        pair = null;

        // No workload: nothing on its way, one hardened LSN on both sides, whatever the distance.
        Map<String, Object> idle = logInFlight("link: { workloadLogMbPerSecond: 0, networkLatencyMs: 500 }");
        assertThat(((Number) idle.get("log_send_queue_size")).longValue()).isZero();
        assertThat(((Number) idle.get("log_send_rate")).longValue()).isZero();
        assertThat(arm().lastHardenedLsn()).isEqualTo(idle.get("last_hardened_lsn").toString())
                .isEqualTo(primaryHardenedLsn());
    }

    @Test
    void aSlowLinkOperationLeavesTheLinkOnBothSidesUntilItsSimulatedTimeHasPassed() throws Exception {
        start("link: { faults: [ { kind: armOperationSlow, method: DELETE, delay: PT20M } ] }");
        createLink();
        advance(Duration.ofMinutes(1));
        CountDownLatch accepted = new CountDownLatch(1);
        CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> {
            try {
                TwinArm.linkClient(pair.arm()).links().delete(DAG, operation -> accepted.countDown());
            } catch (ArmCallException e) {
                throw new CompletionException(e);
            }
        });
        assertThat(accepted.await(30, TimeUnit.SECONDS)).as("Azure accepted the DELETE").isTrue();

        advance(Duration.ofMinutes(10));
        assertThat(deleting).as("still running at 10 of its 20 simulated minutes").isNotDone();
        assertThat(TwinArm.linkClient(pair.arm()).links().get(DAG)).isPresent();
        assertThat(remote().get("connected_state_desc")).isEqualTo("CONNECTED");

        advance(Duration.ofMinutes(11));
        deleting.get(30, TimeUnit.SECONDS);
        assertThat(TwinArm.linkClient(pair.arm()).links().get(DAG)).isEmpty();
        assertThat(remote().get("connected_state_desc")).isEqualTo("DISCONNECTED");
    }

    @Test
    void aFailingArmOperationLeavesNoLinkAndSqlServerDisconnected() throws Exception {
        start("link: { faults: [ { kind: armOperationFails, method: PUT, code: OperationTimedOut, "
                + "message: \"The operation timed out.\" } ] }");
        assertThatThrownBy(this::createLink).isInstanceOfSatisfying(ArmOperationFailedException.class,
                e -> assertThat(e.code()).isEqualTo("OperationTimedOut"));
        assertThat(TwinArm.linkClient(pair.arm()).links().get(DAG)).isEmpty();
        assertThat(sql("SELECT ars.connected_state_desc FROM sys.availability_groups ag "
                + "JOIN sys.dm_hadr_availability_replica_states ars ON ag.group_id = ars.group_id "
                + "WHERE ag.name = N'" + DAG + "' AND ars.is_local = 0").get("connected_state_desc"))
                .isEqualTo("DISCONNECTED");
    }
}
