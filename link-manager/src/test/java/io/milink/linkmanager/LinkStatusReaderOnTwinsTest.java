package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;
import io.milink.simulator.BuiltInScenarios;

/**
 * The status of a link made by the engine on the ready-2022 twins, read the way {@code milink link status} reads
 * it (one SQL Server batch over the real driver, one ARM list over the SDK's pipeline), as the twins' clock moves
 * and the scenario's link faults strike.
 */
class LinkStatusReaderOnTwinsTest {

    private static final List<DatabaseLinkNames> SALES =
            List.of(new DatabaseLinkNames("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI"));
    private static final LinkStatusReader READER =
            new LinkStatusReader(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));

    private static DatabaseStatus sales(TwinLink twin) throws Exception {
        LinkStatus status = READER.read(twin.session, SALES);
        assertThat(status.databases()).hasSize(1);
        return status.databases().get(0);
    }

    private static String withLink(String linkSection) {
        return BuiltInScenarios.yaml("ready-2022") + "\nlink:\n" + linkSection;
    }

    @Test
    void aNewLinkSeedsThenCatchesUpOrReplicatesAsTheClockMovesAndIsHealthyOnlyWhenReplicating() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofSeconds(5));

            DatabaseStatus seeding = sales(twin);
            assertThat(seeding.phase()).isEqualTo(LinkPhase.SEEDING);
            assertThat(seeding.healthy()).isFalse();
            assertThat(seeding.sqlServerRole()).isEqualTo("PRIMARY");
            assertThat(seeding.managedInstanceRole()).isEqualTo("SECONDARY");
            assertThat(seeding.seedingPercent()).isBetween(1, 99);
            assertThat(seeding.seeding()).as("SQL Server's running operation").isNotNull();
            assertThat(seeding.seeding().bytesPerSecond()).isPositive();
            assertThat(seeding.seeding().etaSeconds()).isPositive();
            assertThat(seeding.reasons()).singleElement().asString().startsWith("seeding:");
            assertThat(seeding.readiness().blockedBy()).contains("the database is Seeding, not Replicating");

            twin.clock.advance(Duration.ofMinutes(5));
            DatabaseStatus replicating = sales(twin);
            assertThat(replicating.phase()).isEqualTo(LinkPhase.REPLICATING);
            assertThat(replicating.healthy()).as(replicating.reasons().toString()).isTrue();
            assertThat(replicating.synchronizationState()).as("asynchronous: never SYNCHRONIZED")
                    .isEqualTo("SYNCHRONIZING");
            assertThat(replicating.synchronizationHealth()).isEqualTo("HEALTHY");
            assertThat(replicating.seeding()).isNull();
            assertThat(replicating.seedingPercent()).isEqualTo(100);
            assertThat(replicating.lastHardenedLsn().sqlServer()).isNotNull();
            assertThat(replicating.lastHardenedLsn().managedInstance()).isNotNull();
            assertThat(replicating.lagSeconds()).isNotNull();
            assertThat(replicating.logSendQueueKb()).isNotNull();
            assertThat(replicating.replicationMode().sqlServer()).isEqualTo("ASYNCHRONOUS_COMMIT");
            assertThat(replicating.replicationMode().managedInstance()).isEqualToIgnoringCase("Async");
        }
    }

    @Test
    void anAsynchronousLinkIsNotReadyForAPlannedFailoverAndSaysWhichGatesBlock() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            DatabaseStatus async = sales(twin);
            assertThat(async.phase()).isEqualTo(LinkPhase.REPLICATING);
            assertThat(async.readiness().ready()).isFalse();
            assertThat(async.readiness().blockedBy()).anySatisfy(g -> assertThat(g).startsWith(
                    "replication is not synchronous on both sides (SQL Server ASYNCHRONOUS_COMMIT"))
                    .anySatisfy(g -> assertThat(g).contains("SYNCHRONIZING, not SYNCHRONIZED",
                            "an asynchronous secondary never is"));
        }
    }

    @Test
    void aSynchronousCaughtUpLinkIsReadyWithTheSameHardenedLsnOnBothSides() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::salesSync, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            DatabaseStatus sync = sales(twin);
            assertThat(sync.synchronizationState()).isEqualTo("SYNCHRONIZED");
            assertThat(sync.readiness().blockedBy()).isEmpty();
            assertThat(sync.readiness().ready()).isTrue();
            assertThat(sync.lastHardenedLsn().sqlServer()).isEqualTo(sync.lastHardenedLsn().managedInstance());
        }
    }

    /**
     * A link read while it is created: SQL Server read once its distributed group exists and before the instance
     * joined (its replica DISCONNECTED), the instance read right after (CreatingLink, no error). That is the link
     * being made, Seeding, not a broken link: a monitor must not raise link.disconnected for every create.
     */
    @Test
    void aLinkBeingCreatedWhoseSidesAreNotConnectedYetIsSeedingNotDisconnected() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkStatusReader.SqlServerSide[] beforeJoin = new LinkStatusReader.SqlServerSide[1];
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), new LinkEngine.Progress() {
                @Override
                public void applied(PlannedStep step) {
                    if (step.id().startsWith("sql.distributedAvailabilityGroup")) {
                        try {
                            beforeJoin[0] = LinkStatusReader.readSqlServer(twin.session.sql());
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            assertThat(beforeJoin[0].replicas()).as("SQL Server before the instance joined")
                    .anySatisfy(r -> assertThat(r.connectedState()).isEqualTo("DISCONNECTED"));
            var instance = twin.session.arm().links().list();
            assertThat(instance.get(0).databases().get(0).replicaState()).isEqualTo("CreatingLink");
            DatabaseStatus creating = LinkStatusReader.combine(beforeJoin[0], instance, "mi-target-01", SALES,
                    Instant.parse("2026-12-01T00:00:00Z")).databases().get(0);
            assertThat(creating.phase()).as(creating.reasons().toString()).isEqualTo(LinkPhase.SEEDING);
            assertThat(creating.reasons()).anySatisfy(r -> assertThat(r).contains("still creating the link",
                    "LinkInitError (error 41962)"));
        }
    }

    @Test
    void aPartitionRightAfterTheLinkWasMadeIsDisconnectedThoughTheInstanceStillSaysCreatingLink() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 1\n  faults:\n"
                + "    - { kind: partition, at: PT1M, for: PT5M }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            DatabaseStatus cut = sales(twin);
            assertThat(cut.replicaState()).as("seeding started over, from nothing").isEqualTo("CreatingLink");
            assertThat(cut.phase()).as(cut.reasons().toString()).isEqualTo(LinkPhase.DISCONNECTED);
        }
    }

    @Test
    void aPartitionIsDisconnectedWithTheConnectionErrorAndItsDocumentedCauseThenReplicatesAgain() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  faults:\n    - { kind: partition, at: PT10M, for: PT5M }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            assertThat(sales(twin).phase()).isEqualTo(LinkPhase.REPLICATING);

            twin.clock.advance(Duration.ofMinutes(6));
            DatabaseStatus cut = sales(twin);
            assertThat(cut.phase()).isEqualTo(LinkPhase.DISCONNECTED);
            assertThat(cut.healthy()).isFalse();
            assertThat(cut.reasons()).contains("SQL Server sees the instance's replica DISCONNECTED")
                    .anySatisfy(r -> assertThat(r).startsWith("41962: ").contains("firewall"));

            twin.clock.advance(Duration.ofMinutes(10));
            DatabaseStatus back = sales(twin);
            assertThat(back.phase()).as(back.reasons().toString()).isEqualTo(LinkPhase.REPLICATING);
        }
    }

    @Test
    void aSeedingFailureIsSeedingFailedWithTheDmvsFailureMessageAndWhatToDo() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 1\n  faults:\n"
                + "    - { kind: seedingFailure, at: PT1M, database: Sales, message: \"The remote disk is full.\" }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofSeconds(30));
            assertThat(sales(twin).phase()).isEqualTo(LinkPhase.SEEDING);

            twin.clock.advance(Duration.ofMinutes(1));
            DatabaseStatus failed = sales(twin);
            assertThat(failed.phase()).isEqualTo(LinkPhase.SEEDING_FAILED);
            assertThat(failed.seeding()).isNull();
            assertThat(failed.reasons()).anySatisfy(r -> assertThat(r).startsWith("seeding failed: The remote disk "
                    + "is full.")).last().asString().contains("milink link create again", "drops the failed link on both sides",
                    "milink link plan");
        }
    }

    @Test
    void aLinkRemovedOnTheInstanceIsRemovedAndADatabaseWithNoLinkSaysSo() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            DatabaseStatus none = sales(twin);
            assertThat(none.phase()).isEqualTo(LinkPhase.REMOVED);
            assertThat(none.reasons()).singleElement().asString().contains("no link for Sales on either side");
            assertThat(none.readiness().blockedBy()).as("nothing else to judge without a link")
                    .containsExactly("the database is Removed, not Replicating");

            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            twin.session.arm().links().delete("DAG_Sales");
            DatabaseStatus removed = sales(twin);
            assertThat(removed.phase()).isEqualTo(LinkPhase.REMOVED);
            assertThat(removed.reasons()).singleElement().asString().contains("the instance has no link DAG_Sales",
                    "milink link delete");
        }
    }
}
