package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.certs.AzureRootBundle;
import io.milink.certs.DerCertificate;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.simulator.pki.CertificateIssuer;

/** The planner alone, on hand-built observations: fast, and every rule of the plan one test. */
class LinkPlannerTest {

    private static final DerCertificate INSTANCE_CERT = DerCertificate.of(CertificateIssuer.selfSigned(
            "mi.zone.database.windows.net", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(300))).certificate());

    private static DesiredLink desired(String database) {
        return new DesiredLink("Cert_SQL01_endpoint", LocalDate.of(2030, 1, 1), "Hadr_endpoint", 5022,
                "TCP://sql01:5022", false, true, null, List.of(new DesiredLink.DatabaseLink(database,
                "AG_" + database, "DAG_x", "AG_x_MI")));
    }

    private static SqlServerObservation sql(String version, SqlServerObservation.Endpoint endpoint,
                                            List<SqlServerObservation.Group> groups) {
        List<SqlServerObservation.Certificate> certificates = new ArrayList<>();
        AzureRootBundle.load().roots().forEach(r -> certificates.add(new SqlServerObservation.Certificate(
                r.sqlServerName(), r.thumbprint().hex(), "NA")));
        return new SqlServerObservation("SQL01", version, true, true, certificates, null, endpoint, groups);
    }

    private static InstanceObservation instance(List<String> databases) {
        return new InstanceObservation(new ManagedInstanceRef("00000000-0000-0000-0000-000000000001", "rg", "mi"),
                "mi.zone.database.windows.net", INSTANCE_CERT, List.of(), List.of(), databases);
    }

    private static PlannedStep step(LinkPlan plan, String id) {
        return plan.steps().stream().filter(s -> s.id().startsWith(id)).findFirst().orElseThrow();
    }

    @Test
    void everyIdentifierIsQuotedSoAStrangeDatabaseNameIsOnlyAName() {
        LinkPlan plan = LinkPlanner.plan(desired("a]; DROP DATABASE x--"), sql("16.0.4265.3", null, List.of()),
                instance(List.of()));
        String ag = step(plan, "sql.availabilityGroup").action().shown();
        assertThat(ag).contains("CREATE AVAILABILITY GROUP [AG_a]]; DROP DATABASE x--]")
                .contains("FOR DATABASE [a]]; DROP DATABASE x--]");
        assertThat(step(plan, "sql.endpoint").action().shown()).contains("CREATE ENDPOINT [Hadr_endpoint]")
                .contains("AUTHENTICATION = CERTIFICATE [Cert_SQL01_endpoint]");
    }

    @Test
    void theLinkRequestShownIsValidJsonWhateverTheNames() throws Exception {
        String name = "Sa\"les\\ \u00e9";
        String shown = step(LinkPlanner.plan(desired(name), sql("16.0.4265.3", null, List.of()), instance(List.of())),
                "arm.link").action().shown();
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(shown.substring(shown.indexOf('{')));
        assertThat(body.at("/properties/databases/0/databaseName").asText()).isEqualTo(name);
        assertThat(body.at("/properties/partnerAvailabilityGroupName").asText()).isEqualTo("AG_" + name);
        assertThat(body.at("/properties/replicationMode").asText()).isEqualTo("Async");
        assertThat(body.at("/properties/failoverMode").asText()).isEqualTo("Manual");
    }

    @Test
    void anExistingEndpointKeepsItsWindowsAuthenticationAndOtherAlgorithms() {
        var endpoint = new SqlServerObservation.Endpoint("Mirroring", "STARTED", "KERBEROS", "RC4", true, null, 5022);
        String alter = step(LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", endpoint, List.of()),
                instance(List.of())), "sql.endpoint").action().shown();
        assertThat(alter).contains("ALTER ENDPOINT [Mirroring]")
                .contains("AUTHENTICATION = WINDOWS KERBEROS CERTIFICATE [Cert_SQL01_endpoint]")
                .contains("ALGORITHM AES RC4");
    }

    @Test
    void anEndpointOnAnotherPortIsBlockedNotMoved() {
        var endpoint = new SqlServerObservation.Endpoint("Mirroring", "STARTED", "NEGOTIATE", "AES", true, null, 5023);
        PlannedStep step = step(LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", endpoint, List.of()),
                instance(List.of())), "sql.endpoint");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("names.endpointPort: 5023");
    }

    @Test
    void anEndpointAuthenticatingWithAnotherCertificateIsBlockedNotSwitched() {
        var endpoint = new SqlServerObservation.Endpoint("Mirroring", "STARTED", "CERTIFICATE", "AES", true,
                "Cert_OtherLink", 5022);
        PlannedStep step = step(LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", endpoint, List.of()),
                instance(List.of())), "sql.endpoint");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("[Cert_OtherLink]", "names.certificate: Cert_OtherLink");
        var same = new SqlServerObservation.Endpoint("Mirroring", "STARTED", "CERTIFICATE", "AES", true,
                "cert_sql01_ENDPOINT", 5022);
        assertThat(step(LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", same, List.of()), instance(List.of())),
                "sql.endpoint").change()).as("names compare as SQL Server compares them").isEqualTo(Change.NONE);
    }

    @Test
    void sqlServer2016GetsNoClusterType() {
        assertThat(step(LinkPlanner.plan(desired("Sales"), sql("13.0.7000.253", null, List.of()), instance(List.of())),
                "sql.availabilityGroup").action().shown()).doesNotContain("CLUSTER_TYPE");
        assertThat(step(LinkPlanner.plan(desired("Sales"), sql("15.0.4312.2", null, List.of()), instance(List.of())),
                "sql.availabilityGroup").action().shown()).contains("WITH (CLUSTER_TYPE = NONE)");
    }

    @Test
    void aDatabaseAlreadyInAnotherGroupOrOnTheInstanceIsBlockedWithWhatToDo() {
        var other = new SqlServerObservation.Group("AG_Other", false, List.of(), List.of("Sales"));
        LinkPlan plan = LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", null, List.of(other)),
                instance(List.of("Sales")));
        assertThat(step(plan, "sql.availabilityGroup").reason()).contains("names.availabilityGroup: AG_Other");
        assertThat(step(plan, "arm.link").reason()).contains("ManagedDatabaseNameInUse");
        assertThat(plan.nothingToDo()).isFalse();
        assertThat(plan.blocked()).hasSize(2);
    }

    @Test
    void withAlwaysOnDisabledThePlanIsBlockedWithHowToEnableIt() {
        SqlServerObservation enabled = sql("16.0.4265.3", null, List.of());
        SqlServerObservation disabled = new SqlServerObservation("SQL01", "16.0.4265.3", false, true,
                enabled.certificates(), null, null, List.of());
        PlannedStep step = step(LinkPlanner.plan(desired("Sales"), disabled, instance(List.of())), "sql.hadr");
        assertThat(step.change()).isEqualTo(Change.BLOCKED);
        assertThat(step.reason()).contains("Enable-SqlAlwaysOn -ServerInstance 'SQL01'", "mssql-conf set hadr.hadrenabled 1",
                "restarts the SQL Server service");
        assertThat(step(LinkPlanner.plan(desired("Sales"), enabled, instance(List.of())), "sql.hadr").change())
                .isEqualTo(Change.NONE);
    }

    /** SQL Server with the link of Sales made: its availability group, and the distributed one in async commit. */
    private static List<SqlServerObservation.Group> salesGroupsInAsync() {
        String listener = "tcp://mi.zone.database.windows.net:5022;Server=[mi]";
        var dag = new SqlServerObservation.Group("DAG_x", true, List.of(
                new SqlServerObservation.Replica("AG_Sales", "TCP://sql01:5022", "ASYNCHRONOUS_COMMIT"),
                new SqlServerObservation.Replica("AG_x_MI", listener, "ASYNCHRONOUS_COMMIT")), List.of("Sales"));
        var ag = new SqlServerObservation.Group("AG_Sales", false, List.of(
                new SqlServerObservation.Replica("SQL01", "TCP://sql01:5022", "SYNCHRONOUS_COMMIT")), List.of("Sales"));
        return List.of(ag, dag);
    }

    @Test
    void anExistingAsyncLinkIsChangedOnBothSidesWhenTheSpecAsksSync() {
        DesiredLink async = desired("Sales");
        DesiredLink sync = new DesiredLink(async.certificateName(), async.certificateExpiry(), async.endpointName(),
                async.endpointPort(), async.endpointUrl(), true, true, null, async.databases());
        var link = new io.milink.core.azure.DistributedAvailabilityGroup(null, "DAG_x", "DAG_x", null, "Async",
                "Primary", "AG_Sales", "TCP://sql01:5022", "Secondary", "AG_x_MI", "Manual", "Automatic", List.of());
        InstanceObservation mi = new InstanceObservation(new ManagedInstanceRef(
                "00000000-0000-0000-0000-000000000001", "rg", "mi"), "mi.zone.database.windows.net", INSTANCE_CERT,
                List.of(), List.of(link), List.of());
        SqlServerObservation observed = sql("16.0.4265.3", null, salesGroupsInAsync());

        LinkPlan same = LinkPlanner.plan(async, observed, mi);
        assertThat(step(same, "sql.distributedAvailabilityGroup").change()).isEqualTo(Change.NONE);
        assertThat(step(same, "arm.link").change()).isEqualTo(Change.NONE);

        LinkPlan plan = LinkPlanner.plan(sync, observed, mi);
        PlannedStep sqlSide = step(plan, "sql.distributedAvailabilityGroup");
        assertThat(sqlSide.change()).isEqualTo(Change.UPDATE);
        assertThat(sqlSide.action().shown()).contains("ALTER AVAILABILITY GROUP [DAG_x] MODIFY AVAILABILITY GROUP ON",
                "N'AG_Sales' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)",
                "N'AG_x_MI' WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)");
        PlannedStep instanceSide = step(plan, "arm.link");
        assertThat(instanceSide.change()).isEqualTo(Change.UPDATE);
        assertThat(instanceSide.action().shown()).contains("PATCH", "{\"properties\":{\"replicationMode\":\"Sync\"}}");
        assertThat(instanceSide.action().script()).anySatisfy(line -> assertThat(line)
                .isEqualTo("az sql mi link update --resource-group rg --mi mi --name DAG_x --replication-mode Sync"));
    }

    /** SQL Server with the link's groups made, and the instance's link with one database in {@code state}. */
    private static LinkPlan planWithInstanceLinkIn(String state, List<String> instanceDatabases) {
        var database = new io.milink.core.azure.DistributedAvailabilityGroup.LinkDatabase("Sales", null, null, state,
                null, null, null, null, null, null, null, null, null, null, null, null, null,
                "Error 41977: the target database did not respond.", null, null, null, null);
        var link = new io.milink.core.azure.DistributedAvailabilityGroup(null, "DAG_x", "DAG_x", null, "Async",
                "Primary", "AG_Sales", "TCP://sql01:5022", "Secondary", "AG_x_MI", "Manual", "Automatic",
                List.of(database));
        InstanceObservation mi = new InstanceObservation(new ManagedInstanceRef(
                "00000000-0000-0000-0000-000000000001", "rg", "mi"), "mi.zone.database.windows.net", INSTANCE_CERT,
                List.of(), List.of(link), instanceDatabases);
        return LinkPlanner.plan(desired("Sales"), sql("16.0.4265.3", null, salesGroupsInAsync()), mi);
    }

    /** The changes to the link's own objects (the hand-built SQL Server lacks the instance-level ones). */
    private static List<PlannedStep> linkSteps(LinkPlan plan) {
        return plan.changes().stream().filter(s -> s.id().startsWith("sql.distributedAvailabilityGroup")
                || s.id().startsWith("arm.link")).toList();
    }

    @Test
    void aLinkWhoseSeedingFailedIsDroppedOnBothSidesAndMadeAgainGroupFirst() {
        for (String state : List.of("LinkCreationError", "LinkInitError")) {
            LinkPlan plan = planWithInstanceLinkIn(state, List.of());
            assertThat(linkSteps(plan)).extracting(PlannedStep::id).as(state)
                    .containsExactly("sql.distributedAvailabilityGroup[Sales]", "arm.link[Sales]");
            PlannedStep group = step(plan, "sql.distributedAvailabilityGroup");
            assertThat(group.change()).isEqualTo(Change.REPLACE);
            String batch = group.action().shown();
            assertThat(batch.indexOf("DROP AVAILABILITY GROUP [DAG_x]")).as("dropped before it is made again")
                    .isPositive().isLessThan(batch.indexOf("CREATE AVAILABILITY GROUP [DAG_x]"));
            PlannedStep link = step(plan, "arm.link");
            assertThat(link.change()).isEqualTo(Change.REPLACE);
            assertThat(link.observed()).contains(state, "41977");
            String shown = link.action().shown();
            assertThat(shown.indexOf("DELETE …/managedInstances/mi/distributedAvailabilityGroups/DAG_x"))
                    .isZero();
            assertThat(shown).contains("\nPUT …/managedInstances/mi/distributedAvailabilityGroups/DAG_x {");
            assertThat(link.action().script()).anySatisfy(line -> assertThat(line).startsWith("az sql mi link delete"))
                    .anySatisfy(line -> assertThat(line).startsWith("az sql mi link create"));
            assertThat(PlanText.render(plan)).contains("-/+ link DAG_x", "will replace:", "2 to replace");
        }
    }

    @Test
    void aFailedLinkIsNotReplacedOverADatabaseTheInstanceHas() {
        LinkPlan plan = planWithInstanceLinkIn("LinkCreationError", List.of("Sales"));
        PlannedStep link = step(plan, "arm.link");
        assertThat(link.change()).isEqualTo(Change.BLOCKED);
        assertThat(link.reason()).contains("has a database named Sales", "milink link delete");
    }

    @Test
    void onlyAFailedCreationIsReplacedNeverALinkThatReplicatesOrFailedLater() {
        for (String state : List.of("Seeding", "CreatingLink", "Catchup", "LinkSynchronizing", "LinkFailoverError",
                "")) {
            LinkPlan plan = planWithInstanceLinkIn(state, List.of());
            assertThat(linkSteps(plan)).as(state).isEmpty();
            assertThat(plan.blocked()).as(state).isEmpty();
        }
    }

    @Test
    void aStaleCopyOfTheInstancesCertificateIsReplaced() {
        SqlServerObservation observed = sql("16.0.4265.3", null, List.of());
        List<SqlServerObservation.Certificate> certificates = new ArrayList<>(observed.certificates());
        certificates.add(new SqlServerObservation.Certificate("mi.zone.database.windows.net", "00AA", "NA"));
        SqlServerObservation stale = new SqlServerObservation("SQL01", "16.0.4265.3", true, true, certificates, null,
                null, List.of());
        PlannedStep step = step(LinkPlanner.plan(desired("Sales"), stale, instance(List.of())),
                "sql.instanceCertificate");
        assertThat(step.change()).isEqualTo(Change.UPDATE);
        assertThat(step.action().shown()).contains("DROP CERTIFICATE [mi.zone.database.windows.net]");
    }
}
