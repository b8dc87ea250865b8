package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.certs.DerCertificate;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.simulator.pki.CertificateIssuer;

/** The removal planner alone: it drops only the groups and the link that are the spec's link, as milink makes them. */
class LinkRemovalPlannerTest {

    private static final DerCertificate INSTANCE_CERT = DerCertificate.of(CertificateIssuer.selfSigned(
            "mi.zone.database.windows.net", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(300))).certificate());
    private static final String LISTENER = "tcp://mi.zone.database.windows.net:5022;Server=[mi]";

    private static final DesiredLink DESIRED = new DesiredLink("Cert_SQL01_endpoint", LocalDate.of(2030, 1, 1),
            "Hadr_endpoint", 5022, "TCP://sql01:5022", false, true, null,
            List.of(new DesiredLink.DatabaseLink("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI")));

    private static SqlServerObservation.Replica replica(String name) {
        return new SqlServerObservation.Replica(name, "TCP://sql01:5022", "ASYNCHRONOUS_COMMIT");
    }

    private static SqlServerObservation.Group dag(String... members) {
        return new SqlServerObservation.Group("DAG_Sales", true, java.util.Arrays.stream(members)
                .map(LinkRemovalPlannerTest::replica).toList(), List.of());
    }

    private static SqlServerObservation.Group ag(List<String> databases, String... replicas) {
        return new SqlServerObservation.Group("AG_Sales", false, java.util.Arrays.stream(replicas)
                .map(LinkRemovalPlannerTest::replica).toList(), databases);
    }

    private static LinkPlan plan(SqlServerObservation.Group... groups) {
        return plan(List.of(), groups);
    }

    private static LinkPlan plan(List<DistributedAvailabilityGroup> links, SqlServerObservation.Group... groups) {
        SqlServerObservation sql = new SqlServerObservation("SQL01", "16.0.4265.3", true, true, List.of(), null,
                null, List.of(groups));
        InstanceObservation mi = new InstanceObservation(new ManagedInstanceRef(
                "00000000-0000-0000-0000-000000000001", "rg", "mi"), "mi.zone.database.windows.net", INSTANCE_CERT,
                List.of(), links, List.of());
        return LinkRemovalPlanner.plan(DESIRED, sql, mi, false);
    }

    private static PlannedStep step(LinkPlan plan, String id) {
        return plan.steps().stream().filter(s -> s.id().startsWith(id)).findFirst().orElseThrow();
    }

    @Test
    void theLinksOwnGroupsAreDropped() {
        LinkPlan plan = plan(ag(List.of("Sales"), "SQL01"), dag("AG_Sales", "AG_Sales_MI"));
        assertThat(plan.blocked()).isEmpty();
        assertThat(step(plan, "sql.distributedAvailabilityGroup").change()).isEqualTo(Change.DELETE);
        assertThat(step(plan, "sql.availabilityGroup").change()).isEqualTo(Change.DELETE);
        assertThat(step(plan, "sql.availabilityGroup").action().shown()).contains("DROP AVAILABILITY GROUP [AG_Sales]");
    }

    @Test
    void anAvailabilityGroupThatAlsoHoldsAnotherDatabaseIsNotDropped() {
        PlannedStep step = step(plan(ag(List.of("Sales", "Orders"), "SQL01"), dag("AG_Sales", "AG_Sales_MI")),
                "sql.availabilityGroup");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("also holds other databases ([Sales, Orders])",
                "az sql mi link delete --resource-group rg --mi mi --name DAG_Sales --yes",
                "DROP AVAILABILITY GROUP [DAG_Sales]", "names.availabilityGroup");
    }

    @Test
    void anAvailabilityGroupWithAnotherReplicaOrWithoutTheDatabaseIsNotDropped() {
        assertThat(step(plan(ag(List.of("Sales"), "SQL01", "SQL02")), "sql.availabilityGroup").reason())
                .contains("has 2 replicas");
        assertThat(step(plan(ag(List.of("Orders"), "SQL01")), "sql.availabilityGroup").reason())
                .contains("does not hold [Sales]");
    }

    @Test
    void aDistributedGroupJoiningOtherGroupsIsNotDropped() {
        LinkPlan plan = plan(ag(List.of("Sales"), "SQL01"), dag("AG_Sales", "AG_Elsewhere"));
        PlannedStep step = step(plan, "sql.distributedAvailabilityGroup");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("[AG_Sales, AG_Elsewhere]", "names.distributedAvailabilityGroup");
        assertThat(step(plan(dag("AG_Sales", "AG_Sales_MI", "AG_Third")), "sql.distributedAvailabilityGroup")
                .change()).isEqualTo(Change.BLOCKED);
    }

    @Test
    void aLinkOnTheInstanceForOtherGroupsIsNotDeleted() {
        var other = new DistributedAvailabilityGroup(null, "DAG_Sales", "DAG_Sales", null, "Async", "Primary",
                "AG_Other", "TCP://sql01:5022", "Secondary", "AG_Other_MI", "Manual", "Automatic", List.of());
        PlannedStep step = step(plan(List.of(other)), "arm.link");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("joins [AG_Other] with [AG_Other_MI]");
    }
}
