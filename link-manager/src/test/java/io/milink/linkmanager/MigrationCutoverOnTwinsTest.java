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

/**
 * The migration cutover on the twins, with the instance's SQL endpoint and a slow first full backup
 * ({@code instanceFirstFullBackupAfter: PT2H}), waiting by moving the twins' clock: it never removes the link before
 * the instance's first full backup, and a later run finishes what an earlier one had to leave.
 */
class MigrationCutoverOnTwinsTest {

    private static final String SLOW_BACKUP = "  instanceFirstFullBackupAfter: PT2H\n  workloadLogMbPerSecond: 0\n";
    private static final MigrationCutover.Options NO_WAIT = new MigrationCutover.Options(
            PlannedFailoverOnTwinsTest.OPTIONS, Duration.ZERO, Duration.ofMinutes(1), false);

    private static MigrationCutover cutover(TwinLink twin) {
        return new MigrationCutover(new LinkStatusReader(Clock.systemUTC()), new PlannedFailover.Waiter() {
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

    private static MigrationCutover.Progress recording(List<String> said) {
        return new MigrationCutover.Progress(PlannedFailoverOnTwinsTest.recording(said), LinkEngine.Progress.SILENT);
    }

    private static MigrationCutover.Result run(TwinLink twin, LinkSession session, RememberingRun journal,
                                               MigrationCutover.Options options, List<String> said) throws Exception {
        MigrationCutover c = cutover(twin);
        MigrationCutover.Preview preview = c.preview(session, PlannedFailoverOnTwinsTest.SALES, TwinLink::sales,
                options);
        return c.run(session, PlannedFailoverOnTwinsTest.SALES, TwinLink::sales, preview, journal, options,
                recording(said));
    }

    private static boolean sqlServerHasGroup(TwinLink twin, String name) throws Exception {
        try (Statement s = twin.session.sql().createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.availability_groups WHERE name = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    @Test
    void onSqlServer2022ItFailsOverThenWaitsForTheFirstFullBackupAfterTheFailoverAndARerunRemovesTheLink()
            throws Exception {
        try (TwinLink twin = new TwinLink(TwinLink.ready2022WithInstanceSql("16.0.4265.3", "SQLServer2022",
                SLOW_BACKUP))) {
            LinkSession session = twin.withInstanceSql();
            LinkEngine.create(session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            // Seeded within minutes; the backup the instance takes after seeding has finished three hours on.
            twin.clock.advance(Duration.ofHours(3));
            RememberingRun journal = new RememberingRun();
            List<String> said = new ArrayList<>();

            MigrationCutover.Result first = run(twin, session, journal, NO_WAIT, said);

            assertThat(first.path()).isEqualTo(MigrationCutover.Path.FAILOVER_THEN_REMOVE);
            assertThat(first.outcome()).isEqualTo(MigrationCutover.Outcome.WAITING_FOR_BACKUP);
            assertThat(first.backups().get("Sales").evidence()).contains("before the failover at "
                    + first.failedOverAt());
            assertThat(PlannedFailoverOnTwinsTest.instanceLink(twin).instanceLinkRole()).isEqualToIgnoringCase("Primary");
            assertThat(sqlServerHasGroup(twin, "DAG_Sales")).as("nothing removed yet").isTrue();
            assertThat(said).containsSubsequence("gate Waiting for LSN parity", "gate Failing over (ALTER AVAILABILITY"
                    + " GROUP ... FAILOVER on SQL Server)", "gate Waiting for the instance's first full backup");
            assertThat(journal.finishedSteps()).contains(InstancePrimaryRecord.STEP);

            // The rerun waits (moving the clock) until the backup after the failover has finished.
            List<String> later = new ArrayList<>();
            MigrationCutover.Result second = run(twin, session, journal, new MigrationCutover.Options(
                    PlannedFailoverOnTwinsTest.OPTIONS, Duration.ofHours(3), Duration.ofMinutes(20), false), later);
            assertThat(second.outcome()).isEqualTo(MigrationCutover.Outcome.DONE);
            assertThat(second.failedOverAt()).isEqualTo(first.failedOverAt());
            assertThat(twin.clock.now()).as("it waited for the backup").isAfterOrEqualTo(first.failedOverAt()
                    .plus(Duration.ofHours(2)));
            assertThat(second.backups().get("Sales").evidence()).contains(", after the failover at "
                    + first.failedOverAt());
            assertThat(later).noneMatch(line -> line.startsWith("gate Failing over"));
            assertThat(twin.session.arm().links().get("DAG_Sales")).isEmpty();
            assertThat(sqlServerHasGroup(twin, "DAG_Sales")).isFalse();
            assertThat(sqlServerHasGroup(twin, "AG_Sales")).as("kept without dropAvailabilityGroups").isTrue();
        }
    }

    @Test
    void onSqlServer2019ASlowFirstBackupStopsTheCutoverBeforeAnythingChangesAndALaterRunRemovesAtParity()
            throws Exception {
        try (TwinLink twin = new TwinLink(TwinLink.ready2022WithInstanceSql("15.0.4312.2", "AlwaysUpToDate",
                SLOW_BACKUP))) {
            LinkSession session = twin.withInstanceSql();
            LinkEngine.create(session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(10));
            RememberingRun journal = new RememberingRun();
            List<String> said = new ArrayList<>();

            MigrationCutover.Result first = run(twin, session, journal, NO_WAIT, said);

            assertThat(first.path()).isEqualTo(MigrationCutover.Path.REMOVE_AT_PARITY);
            assertThat(first.outcome()).isEqualTo(MigrationCutover.Outcome.WAITING_FOR_BACKUP);
            assertThat(first.backups().get("Sales").evidence()).startsWith("Not yet: the instance has no full backup "
                    + "of Sales yet");
            assertThat(said).noneMatch(line -> line.startsWith("gate Switching to synchronous commit"));
            assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).as("nothing changed")
                    .isEqualTo("PRIMARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");
            assertThat(twin.session.arm().links().get("DAG_Sales")).isPresent();

            twin.clock.advance(Duration.ofHours(2));
            List<String> later = new ArrayList<>();
            MigrationCutover.Result second = run(twin, session, journal, new MigrationCutover.Options(
                    PlannedFailoverOnTwinsTest.OPTIONS, Duration.ZERO, Duration.ofMinutes(1), true), later);

            assertThat(second.outcome()).isEqualTo(MigrationCutover.Outcome.DONE);
            assertThat(second.lsns().get("Sales").sqlServer()).isEqualTo(second.lsns().get("Sales").managedInstance());
            assertThat(later).containsSubsequence("gate Waiting for the instance's first full backup",
                    "gate Switching to synchronous commit", "gate Waiting for LSN parity", "gate Removing the link");
            assertThat(twin.session.arm().links().get("DAG_Sales")).isEmpty();
            assertThat(sqlServerHasGroup(twin, "DAG_Sales")).isFalse();
            assertThat(sqlServerHasGroup(twin, "AG_Sales")).as("dropAvailabilityGroups").isFalse();
        }
    }

    @Test
    void withoutTheInstancesSqlEndpointTheCutoverFailsOverButRefusesTheRemovalNamingWhatToConfigure()
            throws Exception {
        try (TwinLink twin = new TwinLink(TwinLink.ready2022WithInstanceSql("16.0.4265.3", "SQLServer2022",
                "  workloadLogMbPerSecond: 0\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofHours(1));
            MigrationCutover.Result result = run(twin, twin.session, new RememberingRun(), new MigrationCutover.Options(
                    PlannedFailoverOnTwinsTest.OPTIONS, Duration.ofHours(1), Duration.ofMinutes(1), false),
                    new ArrayList<>());
            assertThat(result.outcome()).isEqualTo(MigrationCutover.Outcome.WAITING_FOR_BACKUP);
            assertThat(result.backups().get("Sales").evidence()).contains("the spec has no managedInstance.sql",
                    "msdb.dbo.backupset", "Fail over a link");
            assertThat(twin.session.arm().links().get("DAG_Sales")).isPresent();
        }
    }

    @Test
    void linkDeleteRemovesALinkWhoseInstanceIsPrimaryOnlyOnceTheBackupAfterTheFailoverIsConfirmed() throws Exception {
        try (TwinLink twin = new TwinLink(TwinLink.ready2022WithInstanceSql("16.0.4265.3", "SQLServer2022",
                SLOW_BACKUP))) {
            LinkSession session = twin.withInstanceSql();
            LinkEngine.create(session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofHours(3));
            PlannedFailoverOnTwinsTest.failover(twin).run(session, PlannedFailoverOnTwinsTest.SALES,
                    PlannedFailoverOnTwinsTest.OPTIONS, PlannedFailover.Progress.SILENT);
            Instant failedOver = twin.clock.now();
            var needs = java.util.Map.of("Sales", FirstFullBackupGuard.Need.AFTER_FAILOVER);

            var early = FirstFullBackupGuard.evaluate(session.instanceSql(), needs, failedOver);
            LinkPlan refused = LinkEngine.planRemoval(session, TwinLink::sales, new LinkRemovalPlanner.Scope(false,
                    true, early));
            assertThat(refused.blocked()).singleElement().satisfies(s -> assertThat(s.reason())
                    .contains("before the failover at " + failedOver));
            assertThat(FirstFullBackupGuard.evaluate(session.instanceSql(), needs, null).get("Sales").evidence())
                    .as("no record of the failover").contains("milink has no record of when it became so");

            twin.clock.advance(Duration.ofHours(2));
            var confirmed = FirstFullBackupGuard.evaluate(session.instanceSql(), needs, failedOver);
            LinkRemovalPlanner.Scope scope = new LinkRemovalPlanner.Scope(false, true, confirmed);
            LinkPlan plan = LinkEngine.planRemoval(session, TwinLink::sales, scope);
            assertThat(plan.blocked()).isEmpty();
            LinkEngine.remove(session, TwinLink::sales, scope, plan, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(twin.session.arm().links().get("DAG_Sales")).isEmpty();
        }
    }

    @Test
    void aFailbackIsRefusedBeforeAnythingChangesWhenTheUpdatePolicyDoesNotMatchSqlServer() throws Exception {
        try (TwinLink twin = new TwinLink(TwinLink.ready2022WithInstanceSql("16.0.4265.3", "AlwaysUpToDate",
                "  workloadLogMbPerSecond: 0\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(10));
            PlannedFailover failover = PlannedFailoverOnTwinsTest.failover(twin);
            failover.run(twin.session, PlannedFailoverOnTwinsTest.SALES, PlannedFailoverOnTwinsTest.OPTIONS,
                    PlannedFailover.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(1));

            assertThat(failover.check(twin.session, PlannedFailoverOnTwinsTest.SALES))
                    .anySatisfy(b -> assertThat(b.toString()).startsWith("Sales: update policy: the instance's update "
                            + "policy is AlwaysUpToDate, and failing back to SQL Server 16.0.4265.3 needs SQLServer2022"));
            assertThatThrownBy(() -> failover.run(twin.session, PlannedFailoverOnTwinsTest.SALES,
                    PlannedFailoverOnTwinsTest.OPTIONS, PlannedFailover.Progress.SILENT))
                    .isInstanceOf(PlannedFailover.RefusedException.class)
                    .hasMessageStartingWith("nothing was changed: the instance's update policy is AlwaysUpToDate")
                    .hasMessageContaining("can never fail back");
            assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin))
                    .isEqualTo("SECONDARY ASYNCHRONOUS_COMMIT/ASYNCHRONOUS_COMMIT");
        }
    }
}
