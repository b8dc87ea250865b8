package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Removing a link on the twins: both sides' objects go, the instance's database stays; never from a primary instance. */
class LinkRemovalOnTwinsTest {

    @Test
    void removalTakesTheLinkAndBothGroupsAndWithCertificatesTheirTrustTooAndTheDatabaseStays() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            LinkPlan removal = LinkEngine.planRemoval(twin.session, TwinLink::sales, true);
            assertThat(removal.changes()).extracting(PlannedStep::id).containsExactly("arm.link[Sales]",
                    "sql.distributedAvailabilityGroup[Sales]", "sql.availabilityGroup[Sales]",
                    "sql.instanceCertificate", "arm.trustCertificate");
            assertThat(PlanText.render(removal)).contains("- link DAG_Sales on the instance", "5 to remove");

            LinkEngine.remove(twin.session, TwinLink::sales, true, removal, new UnjournaledRun(),
                    LinkEngine.Progress.SILENT);
            assertThat(twin.session.arm().links().list()).isEmpty();
            assertThat(twin.session.arm().trustCertificates().list()).isEmpty();
            assertThat(twin.session.instance().databaseNames()).as("the instance's copy stays").contains("Sales");
            SqlServerObservation sql = SqlServerObserver.observe(twin.session.sql());
            assertThat(sql.groups()).isEmpty();
            assertThat(sql.certificate("Cert_SQL22_endpoint")).as("the link certificate stays (the endpoint uses it)")
                    .isPresent();
            assertThat(LinkEngine.planRemoval(twin.session, TwinLink::sales, true).nothingToDo()).isTrue();
        }
    }

    @Test
    void aRemovalIsRefusedWhenTheLinkChangedSinceItWasShown() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            LinkPlan shown = LinkEngine.planRemoval(twin.session, TwinLink::sales, false);
            // Someone removes the link on the instance while the user reads the plan.
            twin.session.arm().links().delete("DAG_Sales");

            assertThatThrownBy(() -> LinkEngine.remove(twin.session, TwinLink::sales, false, shown,
                    new UnjournaledRun(), LinkEngine.Progress.SILENT)).isInstanceOf(PlanChangedException.class)
                    .hasMessageContaining("changed since the removal was shown")
                    .hasMessageContaining("nothing was removed");
            assertThat(SqlServerObserver.observe(twin.session.sql()).groups()).as("SQL Server's groups untouched")
                    .isNotEmpty();
        }
    }

    @Test
    void anAvailabilityGroupTheSpecNamesThatAlsoHoldsAnotherDatabaseIsNotDropped() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            try (java.sql.Statement s = twin.session.sql().createStatement()) {
                s.execute("CREATE AVAILABILITY GROUP [AG_Shared] WITH (CLUSTER_TYPE = NONE)"
                        + " FOR DATABASE [Sales], [Inventory] REPLICA ON N'SQL22' WITH (ENDPOINT_URL ="
                        + " N'TCP://sql22.contoso.local:5022', FAILOVER_MODE = MANUAL,"
                        + " AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, SEEDING_MODE = AUTOMATIC);");
            }
            java.util.function.Function<SqlServerObservation, DesiredLink> shared = sql -> {
                DesiredLink d = TwinLink.sales(sql);
                return new DesiredLink(d.certificateName(), d.certificateExpiry(), d.endpointName(), d.endpointPort(),
                        d.endpointUrl(), false, true, d.masterKeyPassword(), java.util.List.of(
                        new DesiredLink.DatabaseLink("Sales", "AG_Shared", "DAG_Sales", "AG_Sales_MI")));
            };
            assertThatThrownBy(() -> LinkEngine.remove(twin.session, shared, false,
                    LinkEngine.planRemoval(twin.session, shared, false), new UnjournaledRun(), LinkEngine.Progress.SILENT))
                    .isInstanceOf(LinkBlockedException.class).hasMessageContaining("also holds other databases");
            assertThat(SqlServerObserver.observe(twin.session.sql()).group("AG_Shared")).as("still there")
                    .isPresent();
        }
    }

    @Test
    void aLinkWhoseInstanceIsPrimaryIsNotRemovedBeforeItsFirstFullBackup() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            twin.session.arm().links().setRole("DAG_Sales", io.milink.core.azure.LinkRequests.LinkRole.PRIMARY,
                    io.milink.core.azure.LinkRequests.RoleChangeType.FORCED);
            assertThatThrownBy(() -> LinkEngine.remove(twin.session, TwinLink::sales, false,
                    LinkEngine.planRemoval(twin.session, TwinLink::sales, false), new UnjournaledRun(),
                    LinkEngine.Progress.SILENT)).isInstanceOf(LinkBlockedException.class)
                    .hasMessageContaining("first full backup").hasMessageContaining("nothing was changed");
            assertThat(twin.session.arm().links().get("DAG_Sales")).isPresent();
        }
    }
}
