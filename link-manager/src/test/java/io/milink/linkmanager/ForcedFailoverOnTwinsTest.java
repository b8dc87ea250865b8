package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The forced failover on the ready-2022 twins: the LSNs and the possible loss read before it, the instance made
 * primary by Azure's ForcedAllowDataLoss failover, and the split brain a SQL Server still up is left in.
 */
class ForcedFailoverOnTwinsTest {

    private static final ForcedFailover FORCED = new ForcedFailover(new LinkStatusReader(Clock.systemUTC()));

    @Test
    void aPartitionedLinkShowsTheLossThenTheInstanceBecomesPrimaryAndSplitBrainIsReportedWithTheRecovery()
            throws Exception {
        // The network drops at 10 minutes while the application keeps writing on SQL Server: a queue builds up.
        try (TwinLink twin = new TwinLink(PlannedFailoverOnTwinsTest.withLink(
                "  faults:\n    - { kind: partition, at: PT10M, for: PT1H }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(15));

            ForcedFailover.Assessment assessment = FORCED.assess(twin.session, PlannedFailoverOnTwinsTest.SALES);
            assertThat(assessment.target()).isEqualTo(ForcedFailover.Target.MANAGED_INSTANCE);
            LinkStatus.HardenedLsns lsns = assessment.lsns().get("Sales");
            assertThat(new BigInteger(lsns.managedInstance())).isLessThan(new BigInteger(lsns.sqlServer()));
            assertThat(assessment.lossRisk()).anySatisfy(r -> assertThat(r).isEqualTo("Sales: the instance's hardened "
                    + "LSN " + lsns.managedInstance() + " is behind SQL Server's " + lsns.sqlServer()
                    + ": writes after LSN " + lsns.managedInstance() + " may be lost"));
            assertThat(assessment.lsnText()).isEqualTo("Sales: last hardened LSN SQL Server " + lsns.sqlServer()
                    + ", instance " + lsns.managedInstance());
            // Reading changed nothing.
            assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).startsWith("PRIMARY");
            assertThat(PlannedFailoverOnTwinsTest.instanceLink(twin).instanceLinkRole()).isEqualToIgnoringCase("Secondary");

            ForcedFailover.Result result = FORCED.run(twin.session, PlannedFailoverOnTwinsTest.SALES, assessment,
                    PlannedFailover.Progress.SILENT);
            assertThat(PlannedFailoverOnTwinsTest.instanceLink(twin).instanceLinkRole()).isEqualToIgnoringCase("Primary");
            // SQL Server was never told: it is still primary too.
            assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).startsWith("PRIMARY");
            assertThat(result.splitBrain()).containsExactly("Sales");
            assertThat(result.recovery()).anySatisfy(r -> assertThat(r).contains("tail-log backup"))
                    .contains("2. On SQL Server: ALTER AVAILABILITY GROUP [DAG_Sales] SET (ROLE = SECONDARY);");

            // The recovery as printed ends the split brain: SQL Server secondary, the instance primary.
            try (var s = twin.session.sql().createStatement()) {
                s.execute("ALTER AVAILABILITY GROUP [DAG_Sales] SET (ROLE = SECONDARY);");
            }
            twin.clock.advance(Duration.ofMinutes(1));
            LinkStatus after = new LinkStatusReader(Clock.systemUTC()).read(twin.session,
                    PlannedFailoverOnTwinsTest.SALES);
            assertThat(after.databases().get(0).sqlServerRole()).isEqualTo("SECONDARY");
            assertThat(after.databases().get(0).managedInstanceRole()).isEqualTo("PRIMARY");
        }
    }

    @Test
    void bothPrimaryIsRefusedBeforeAnyChange() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            ForcedFailover.Assessment first = FORCED.assess(twin.session, PlannedFailoverOnTwinsTest.SALES);
            FORCED.run(twin.session, PlannedFailoverOnTwinsTest.SALES, first, PlannedFailover.Progress.SILENT);
            assertThatThrownBy(() -> FORCED.assess(twin.session, PlannedFailoverOnTwinsTest.SALES))
                    .isInstanceOf(PlannedFailover.RefusedException.class).hasMessageContaining("split brain");
        }
    }

    @Test
    void fromAnInstancePrimaryItForcesSqlServerByTsqlAndTheRecoveryNamesTheInstance() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(5));
            FORCED.run(twin.session, PlannedFailoverOnTwinsTest.SALES,
                    FORCED.assess(twin.session, PlannedFailoverOnTwinsTest.SALES), PlannedFailover.Progress.SILENT);
            try (var s = twin.session.sql().createStatement()) {
                s.execute("ALTER AVAILABILITY GROUP [DAG_Sales] SET (ROLE = SECONDARY);");
            }
            twin.clock.advance(Duration.ofMinutes(1));

            ForcedFailover.Assessment back = FORCED.assess(twin.session, PlannedFailoverOnTwinsTest.SALES);
            assertThat(back.target()).isEqualTo(ForcedFailover.Target.SQL_SERVER);
            ForcedFailover.Result result = FORCED.run(twin.session, PlannedFailoverOnTwinsTest.SALES, back,
                    PlannedFailover.Progress.SILENT);
            assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).startsWith("PRIMARY");
            assertThat(result.splitBrain()).containsExactly("Sales");
            assertThat(result.recovery()).anySatisfy(r -> assertThat(r).contains("copy-only full backup"))
                    .anySatisfy(r -> assertThat(r).startsWith("2. On the managed instance: ALTER AVAILABILITY GROUP "
                            + "[DAG_Sales] SET (ROLE = SECONDARY);"));
        }
    }

    @Test
    void lsnsCompareAsNumbersNotText() {
        assertThat(ForcedFailover.compare("99000000001", "100000000001")).isNegative();
        assertThat(ForcedFailover.compare("5", "5")).isZero();
        assertThat(ForcedFailover.compare(null, "5")).isEqualTo(Integer.MIN_VALUE);
    }
}
