package io.milink.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class LinkWorldTest {

    /** 10 MB database at 1 MB/s: seeding takes 10 simulated seconds. 0.1 MB/s of log, 100 ms latency. */
    private static final LinkSettings SLOW = new LinkSettings(LinkSettings.MB, LinkSettings.MB / 10,
            100 * LinkSettings.MB, Duration.ofMillis(100), List.of());

    private final FakeSides sides = new FakeSides();

    private LinkWorld joined(LinkSettings settings) {
        LinkWorld world = FakeSides.world(settings, sides);
        world.join(FakeSides.join());
        return world;
    }

    private static LinkStatus.DatabaseStatus db(LinkWorld world) {
        return world.status(FakeSides.DAG).orElseThrow().databases().get(0);
    }

    private static void advance(LinkWorld world, Duration by) {
        world.clock().advance(by);
    }

    @Test
    void seedingTakesTheDatabaseSizeOverTheSeedingRateThenTheDatabaseAppearsOnTheInstance() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofSeconds(5));
        assertThat(db(world).phase()).isEqualTo(ReplicationPhase.SEEDING);
        assertThat(db(world).seedingPercent()).isEqualTo(50);
        assertThat(sides.instance.databases).isEmpty();
        advance(world, Duration.ofSeconds(6));
        assertThat(db(world).phase()).isNotEqualTo(ReplicationPhase.SEEDING);
        assertThat(db(world).seedingPercent()).isEqualTo(100);
        assertThat(sides.instance.databases).containsExactly("Sales");
    }

    @Test
    void anAsynchronousSecondaryKeepsUpButNeverReportsSynchronized() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        LinkStatus.DatabaseStatus d = db(world);
        assertThat(d.phase()).isEqualTo(ReplicationPhase.SYNCHRONIZING);
        assertThat(d.synchronizationState()).isEqualTo("SYNCHRONIZING");
        assertThat(d.synchronizationHealth()).isEqualTo("HEALTHY");
        // 100 ms of 0.1 MB/s of log is in flight: the secondary is exactly that far behind.
        assertThat(d.logSendQueueBytes()).isEqualTo(Math.round(LinkSettings.MB / 10 * 0.1));
        assertThat(d.hardenedLsnsEqual()).isFalse();
    }

    @Test
    void synchronousCommitMakesTheSecondarySynchronizedWithEqualHardenedLsnsEvenUnderWorkload() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        sides.sql.synchronous = true;
        world.sqlServerModesChanged(FakeSides.DAG);
        advance(world, Duration.ofSeconds(2));
        LinkStatus.DatabaseStatus d = db(world);
        assertThat(d.synchronizationState()).isEqualTo("SYNCHRONIZED");
        assertThat(d.hardenedLsnsEqual()).isTrue();
        assertThat(world.status(FakeSides.DAG).orElseThrow().instanceSynchronousCommit())
                .as("the mode reaches the instance").isTrue();
    }

    @Test
    void theWorkloadPausedAnAsynchronousSecondaryCatchesUpToTheSameLsn() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        world.pauseWorkload();
        advance(world, Duration.ofSeconds(2));
        assertThat(db(world).hardenedLsnsEqual()).isTrue();
        assertThat(db(world).synchronizationState()).isEqualTo("SYNCHRONIZING");
    }

    @Test
    void aPartitionDisconnectsBothSidesAndRestartsSeedingFromNothing() {
        LinkFault partition = new LinkFault(LinkFault.Kind.PARTITION, Duration.ofSeconds(5), Duration.ofSeconds(30),
                null, null);
        LinkWorld world = joined(SLOW.withFaults(List.of(partition)));
        advance(world, Duration.ofSeconds(4));
        assertThat(db(world).seedingPercent()).isEqualTo(40);
        advance(world, Duration.ofSeconds(2));
        LinkStatus status = world.status(FakeSides.DAG).orElseThrow();
        assertThat(status.connected()).isFalse();
        assertThat(status.lastError().engineNumber()).isEqualTo(41962);
        assertThat(db(world).seedingPercent()).isZero();
        assertThat(db(world).seedingAttempts()).isEqualTo(2);
        advance(world, Duration.ofSeconds(30));
        assertThat(world.status(FakeSides.DAG).orElseThrow().connected()).isTrue();
        assertThat(db(world).seedingPercent()).as("started over after the partition").isBetween(1, 99);
    }

    @Test
    void aSeedingFailureStopsSeedingWithItsMessage() {
        LinkFault failure = new LinkFault(LinkFault.Kind.SEEDING_FAILURE, Duration.ofSeconds(3), null, "Sales",
                "Error 3013: BACKUP DATABASE is terminating abnormally.");
        LinkWorld world = joined(SLOW.withFaults(List.of(failure)));
        advance(world, Duration.ofMinutes(1));
        LinkStatus.DatabaseStatus d = db(world);
        assertThat(d.phase()).isEqualTo(ReplicationPhase.SEEDING_FAILED);
        assertThat(d.failureMessage()).contains("3013");
        assertThat(d.synchronizationHealth()).isEqualTo("NOT_HEALTHY");
        assertThat(sides.instance.databases).isEmpty();
    }

    @Test
    void seedingThatHasNotFinishedAfterSixDaysIsCancelled() {
        sides.sql.databaseBytes = 10L * 1024 * LinkSettings.MB * 1024; // 10 TB at 1 MB/s: about 121 days
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofDays(5));
        assertThat(db(world).phase()).isEqualTo(ReplicationPhase.SEEDING);
        advance(world, Duration.ofDays(1).plusMinutes(1));
        assertThat(db(world).phase()).isEqualTo(ReplicationPhase.SEEDING_FAILED);
        assertThat(db(world).failureMessage()).contains("6 days");
    }

    @Test
    void aFullLogStopsTheWorkloadAndReplication() {
        LinkFault full = new LinkFault(LinkFault.Kind.LOG_FULL, Duration.ofMinutes(2), Duration.ofMinutes(1), "Sales",
                null);
        LinkWorld world = joined(SLOW.withFaults(List.of(full)));
        advance(world, Duration.ofMinutes(2).plusSeconds(10));
        LinkStatus.DatabaseStatus d = db(world);
        assertThat(d.logFull()).isTrue();
        assertThat(sides.sql.logUsed.get("Sales")).isEqualTo(100.0);
        assertThat(d.logSendRateBytes()).isZero();
        advance(world, Duration.ofMinutes(2));
        assertThat(db(world).logFull()).isFalse();
        assertThat(sides.sql.logUsed.get("Sales")).isLessThan(100.0);
    }

    @Test
    void aLinkThatFallsBehindFillsTheLogUntilItIsFull() {
        sides.sql.logBytes = 10L * LinkSettings.MB; // 0.1 MB/s fills 90 % of it in 90 s
        LinkFault partition = new LinkFault(LinkFault.Kind.PARTITION, Duration.ofMinutes(1), null, null, null);
        LinkWorld world = joined(SLOW.withFaults(List.of(partition)));
        advance(world, Duration.ofMinutes(3));
        assertThat(db(world).logFull()).isTrue();
        assertThat(sides.sql.logUsed.get("Sales")).isEqualTo(100.0);
    }

    @Test
    void aRestartOfTheInstanceDisconnectsForItsDuration() {
        LinkFault restart = new LinkFault(LinkFault.Kind.MANAGED_INSTANCE_RESTART, Duration.ofMinutes(1),
                Duration.ofMinutes(2), null, null);
        LinkWorld world = joined(SLOW.withFaults(List.of(restart)));
        advance(world, Duration.ofSeconds(90));
        assertThat(world.status(FakeSides.DAG).orElseThrow().connected()).isFalse();
        assertThat(db(world).synchronizationState()).isEqualTo("NOT SYNCHRONIZING");
        advance(world, Duration.ofMinutes(3));
        assertThat(world.status(FakeSides.DAG).orElseThrow().connected()).isTrue();
        assertThat(db(world).synchronizationState()).isEqualTo("SYNCHRONIZING");
    }

    @Test
    void aPlannedFailoverNeedsSynchronousCommitAndEqualLsnsThenSwapsRolesAndReturnsToAsync() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        assertThatThrownBy(() -> world.plannedFailoverFromSqlServer(FakeSides.DAG))
                .isInstanceOfSatisfying(LinkRefusedException.class,
                        e -> assertThat(e.error().engineNumber()).isEqualTo(41142));
        sides.sql.synchronous = true;
        world.sqlServerModesChanged(FakeSides.DAG);
        advance(world, Duration.ofSeconds(1));
        world.plannedFailoverFromSqlServer(FakeSides.DAG);
        LinkStatus status = world.status(FakeSides.DAG).orElseThrow();
        assertThat(status.sqlServerRole()).isEqualTo(LinkRole.SECONDARY);
        assertThat(status.managedInstanceRole()).isEqualTo(LinkRole.PRIMARY);
        assertThat(sides.sql.synchronous).as("back to asynchronous commit").isFalse();
        assertThat(status.synchronousCommit()).isFalse();
    }

    @Test
    void aForcedFailoverLosesExactlyTheUnhardenedTailAndSplitsTheBrainUntilTheOldPrimaryIsDemoted() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        LinkStatus.DatabaseStatus before = db(world);
        assertThat(before.logSendQueueBytes()).isPositive();
        world.failoverFromManagedInstance(FakeSides.DAG, true);
        LinkStatus status = world.status(FakeSides.DAG).orElseThrow();
        assertThat(status.splitBrain()).isTrue();
        assertThat(status.connected()).isFalse();
        assertThat(db(world).primaryLsn()).as("the new primary starts from what it had hardened")
                .isEqualTo(before.secondaryHardenedLsn());
        world.demoteSqlServer(FakeSides.DAG);
        advance(world, Duration.ofSeconds(5));
        status = world.status(FakeSides.DAG).orElseThrow();
        assertThat(status.splitBrain()).isFalse();
        assertThat(status.connected()).isTrue();
        assertThat(db(world).synchronizationState()).isEqualTo("SYNCHRONIZING");
    }

    @Test
    void deletingTheInstancesLinkKeepsItsDatabaseAndLeavesSqlServersGroupDisconnected() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(1));
        world.instanceLinkRemoved(FakeSides.DAG);
        advance(world, Duration.ofSeconds(1));
        LinkStatus status = world.status(FakeSides.DAG).orElseThrow();
        assertThat(status.onManagedInstance()).isFalse();
        assertThat(status.connected()).isFalse();
        assertThat(sides.instance.databases).containsExactly("Sales");
        sides.sql.hasGroup = false;
        world.sqlServerGroupDropped(FakeSides.DAG);
        assertThat(world.status(FakeSides.DAG)).isEmpty();
    }

    @Test
    void eachMissingPrerequisiteRefusesTheJoinWithTheDocumentedError() {
        assertRefused(s -> s.sql.hasGroup = false, 41976);
        assertRefused(s -> s.sql.endpointStarted = false, 41986);
        assertRefused(s -> s.sql.certificateAuth = false, 41986);
        assertRefused(s -> s.instance.trustsSqlServer = false, 41973);
        assertRefused(s -> s.sql.instanceCertificateImported = false, 41974);
        assertRefused(s -> s.sql.rootRegistered = false, 41974);
        assertRefused(s -> s.instance.running = false, 41962);
    }

    private void assertRefused(Consumer<FakeSides> breakIt, int engineNumber) {
        FakeSides broken = new FakeSides();
        breakIt.accept(broken);
        LinkWorld world = FakeSides.world(SLOW, broken);
        assertThatThrownBy(() -> world.join(FakeSides.join()))
                .isInstanceOfSatisfying(LinkRefusedException.class,
                        e -> assertThat(e.error().engineNumber()).isEqualTo(engineNumber));
        world.status(FakeSides.DAG).ifPresent(s -> {
            assertThat(s.onManagedInstance()).isFalse();
            assertThat(s.lastError().engineNumber()).as("SQL Server's side shows it too").isEqualTo(engineNumber);
        });
    }

    @Test
    void aFullLogDuringSeedingPausesSeedingWithoutStartingItOver() {
        LinkFault full = new LinkFault(LinkFault.Kind.LOG_FULL, Duration.ofSeconds(2), Duration.ofSeconds(30), "Sales",
                null);
        LinkWorld world = joined(SLOW.withFaults(List.of(full)));
        advance(world, Duration.ofSeconds(20));
        assertThat(db(world).seedingAttempts()).isEqualTo(1);
        assertThat(db(world).seedingPercent()).as("paused at 2 s of 10").isEqualTo(20);
        advance(world, Duration.ofSeconds(30));
        assertThat(db(world).seedingAttempts()).isEqualTo(1);
        assertThat(db(world).phase()).isNotEqualTo(ReplicationPhase.SEEDING);
    }

    @Test
    void droppingTheGroupOnSqlServerReleasesTheLogAndTheSameNameCanBeMadeAgain() {
        sides.sql.logBytes = 10L * LinkSettings.MB;
        LinkFault partition = new LinkFault(LinkFault.Kind.PARTITION, Duration.ofMinutes(1), Duration.ofMinutes(1),
                null, null);
        LinkWorld world = joined(SLOW.withFaults(List.of(partition)));
        advance(world, Duration.ofSeconds(90));
        world.statuses();
        assertThat(sides.sql.logUsed.get("Sales")).isGreaterThan(10.0);
        world.sqlServerGroupDropped(FakeSides.DAG);
        sides.sql.hasGroup = false;
        advance(world, Duration.ofMinutes(2));
        world.statuses();
        assertThat(sides.sql.logUsed.get("Sales")).as("back to what it was without the link").isEqualTo(10.0);
        sides.sql.hasGroup = true;
        advance(world, Duration.ofSeconds(1));
        assertThat(world.status(FakeSides.DAG).orElseThrow().onSqlServer()).as("made again").isTrue();
    }

    @Test
    void aTsqlFailoverRunsOnlyOnThePrimary() {
        LinkWorld world = joined(SLOW);
        advance(world, Duration.ofMinutes(5));
        world.failoverFromManagedInstance(FakeSides.DAG, true);
        world.demoteSqlServer(FakeSides.DAG);
        assertThatThrownBy(() -> world.plannedFailoverFromSqlServer(FakeSides.DAG))
                .isInstanceOfSatisfying(LinkRefusedException.class,
                        e -> assertThat(e.error().engineText()).contains("not the distributed availability group's primary"));
    }

    @Test
    void lsnsLookLikeSqlServersNumeric25() {
        assertThat(LinkWorld.lsn(37L * 64 * 1024 * 1024).toPlainString()).isEqualTo("37000000000000001");
        assertThat(LinkWorld.lsn(37L * 64 * 1024 * 1024 + 512 * 3).toPlainString()).isEqualTo("37000000000300001");
    }

    @Test
    void theClockScalesRealTimeAndAddsManualAdvances() {
        long[] nanos = {0};
        VirtualClock clock = new VirtualClock(java.time.Instant.EPOCH, 1000, () -> nanos[0]);
        nanos[0] = 1_000_000; // 1 ms real
        assertThat(clock.now()).isEqualTo(java.time.Instant.EPOCH.plusSeconds(1));
        clock.advance(Duration.ofHours(1));
        assertThat(clock.now()).isEqualTo(java.time.Instant.EPOCH.plusSeconds(3601));
        assertThatThrownBy(() -> new VirtualClock(java.time.Instant.EPOCH, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
