package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.LinkSpecLoader;

/** Pairing the two sides' halves and adopting links by the spec's names, on hand-built inventories: fast. */
class LinkAdoptionTest {

    private static final String INSTANCE = "mi-target-01";
    private static final String LISTENER = "tcp://mi-target-01.abc123.database.windows.net:5022;Server=[mi-target-01]";

    private static LinkSpec spec(String databases, String... extraLines) {
        String yaml = """
                sqlServer: { host: sql01, authentication: { type: sql, user: milink, passwordEnv: MILINK_X } }
                managedInstance: { resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi-target-01 }
                databases: [%s]
                """.formatted(databases) + String.join("\n", extraLines) + "\n";
        return LinkSpecLoader.parse(yaml, "spec.yaml", Path.of("."));
    }

    private static SqlServerDistributedGroup dag(String name, String ag, String instanceAg, String listener,
                                                 String... databases) {
        return new SqlServerDistributedGroup(name, new SqlServerDistributedGroup.Member(ag, "TCP://sql01:5022",
                "ASYNCHRONOUS_COMMIT", "PRIMARY", "CONNECTED"), new SqlServerDistributedGroup.Member(instanceAg,
                listener, "ASYNCHRONOUS_COMMIT", "SECONDARY", "CONNECTED"), "PRIMARY", List.of(databases),
                List.of(new SqlServerDistributedGroup.Replica("SQL01", "TCP://sql01:5022", "PRIMARY")), List.of());
    }

    private static DistributedAvailabilityGroup armLink(String name, String ag, String instanceAg,
                                                        String... databases) {
        List<DistributedAvailabilityGroup.LinkDatabase> dbs = new ArrayList<>();
        for (String d : databases) {
            dbs.add(new DistributedAvailabilityGroup.LinkDatabase(d, null, null, "LinkSynchronizing", null,
                    "HEALTHY", "CONNECTED", null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null));
        }
        return new DistributedAvailabilityGroup("/subscriptions/x/" + name, name, name, null, "Async", "Primary", ag,
                "TCP://sql01:5022", "Secondary", instanceAg, "Manual", "Automatic", dbs);
    }

    /** A link on both sides, named as given. */
    private static FoundLink paired(String database, String ag, String dag, String instanceAg) {
        return new FoundLink(FoundLink.Kind.PAIRED, dag(dag, ag, instanceAg, LISTENER, database),
                armLink(dag, ag, instanceAg, database));
    }

    private static LinkInventory inventory(LinkInventory.Endpoint endpoint, FoundLink... links) {
        return new LinkInventory("SQL01", INSTANCE, endpoint, Arrays.stream(links).map(FoundLink::availabilityGroup)
                .toList(), List.of(links));
    }

    private static LinkInventory inventory(FoundLink... links) {
        return inventory(new LinkInventory.Endpoint("Hadr_endpoint", 5022, "Cert_SQL01_endpoint"), links);
    }

    @Test
    void linksNamedAsTheSpecNamesThemNeedNoLines() {
        LinkSpec spec = spec("Sales, Inventory");
        LinkAdoption.Result result = LinkAdoption.assess(spec, inventory(
                paired("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI")));
        assertThat(result.links()).extracting(LinkAdoption.Assessment::verdict)
                .containsExactly(LinkAdoption.Verdict.MATCHES);
        assertThat(result.changes()).isEmpty();
        assertThat(result.yaml()).isEmpty();
        assertThat(result.adopted()).isSameAs(spec);
        assertThat(result.adoptableDatabases()).containsExactly("Sales");
        assertThat(result.unlinkedDatabases()).as("no link of Inventory: plan would make it").containsExactly("Inventory");
    }

    @Test
    void namesThatShareAPatternBecomeTemplatesWhichLoadBackIntoTheSpecAndResolveToTheLinksNames() {
        LinkSpec spec = spec("Sales, Inventory");
        LinkAdoption.Result result = LinkAdoption.assess(spec, inventory(
                paired("Sales", "Sales_AG", "Sales_Link", "Sales_MI"),
                paired("Inventory", "Inventory_AG", "Inventory_Link", "Inventory_MI")));
        assertThat(result.links()).extracting(LinkAdoption.Assessment::verdict)
                .containsOnly(LinkAdoption.Verdict.NAMES_DIFFER);
        assertThat(result.links().get(0).note()).contains("AG_Sales, DAG_Sales, AG_Sales_MI");
        assertThat(result.yaml()).containsExactly("names:", "  availabilityGroup: \"{database}_AG\"",
                "  distributedAvailabilityGroup: \"{database}_Link\"", "  instanceAvailabilityGroup: \"{database}_MI\"");

        LinkSpec adopted = spec("Sales, Inventory", result.yaml().toArray(String[]::new));
        assertThat(adopted.namesFor("Inventory")).satisfies(n -> {
            assertThat(n.availabilityGroup()).isEqualTo("Inventory_AG");
            assertThat(n.distributedAvailabilityGroup()).isEqualTo("Inventory_Link");
            assertThat(n.instanceAvailabilityGroup()).isEqualTo("Inventory_MI");
        });
        assertThat(result.adopted().names()).isEqualTo(adopted.names());
        assertThat(LinkAdoption.assess(adopted, inventory(paired("Sales", "Sales_AG", "Sales_Link", "Sales_MI")))
                .changes()).as("listing again with the lines in the spec asks for nothing more").isEmpty();
    }

    @Test
    void namesThatFollowNoOnePatternAreNotForcedIntoOneSpec() {
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales, Inventory"), inventory(
                paired("Sales", "Sales_AG", "DAG_Sales", "AG_Sales_MI"),
                paired("Inventory", "GroupForStock", "DAG_Inventory", "AG_Inventory_MI")));
        assertThat(result.adopted()).isNull();
        assertThat(result.problems()).singleElement().asString().contains("names.availabilityGroup",
                "Sales: Sales_AG", "Inventory: GroupForStock", "specs of their own");
    }

    @Test
    void aSpecOfOneDatabaseMayWriteANameOutWhenItHoldsNoDatabaseName() {
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales"), inventory(
                paired("Sales", "LinkGroup01", "DAG_Sales", "AG_Sales_MI")));
        assertThat(result.yaml()).containsExactly("names:", "  availabilityGroup: \"LinkGroup01\"");
        assertThat(spec("Sales", result.yaml().toArray(String[]::new)).namesFor("Sales").availabilityGroup())
                .isEqualTo("LinkGroup01");
    }

    @Test
    void aNameMilinkSanitizedFromAnOddDatabaseNameStillMatchesTheSpec() {
        LinkAdoption.Result result = LinkAdoption.assess(spec("\"Sales-EU\""), inventory(
                paired("Sales-EU", "AG_Sales-EU", "DAG_Sales_EU_1608d1a4", "AG_Sales_EU_MI_1608d1a4")));
        assertThat(result.links()).extracting(LinkAdoption.Assessment::verdict)
                .containsExactly(LinkAdoption.Verdict.MATCHES);
    }

    @Test
    void theEndpointsCertificateAndPortAreAdoptedWithTheLinks() {
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales"), inventory(
                new LinkInventory.Endpoint("Hadr_endpoint", 5023, "SQL01_LinkCert"),
                paired("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI")));
        assertThat(result.yaml()).containsExactly("names:", "  certificate: \"SQL01_LinkCert\"", "  endpointPort: 5023");
        LinkSpec adopted = spec("Sales", result.yaml().toArray(String[]::new));
        assertThat(adopted.certificateName("SQL01")).isEqualTo("SQL01_LinkCert");
        assertThat(adopted.names().endpointPortOrDefault()).isEqualTo(5023);
    }

    @Test
    void aNameWithQuotesAndBackslashesIsWrittenSoTheSpecReadsItBackUnchanged() {
        String odd = "AG \"Sales\" \\ {x";
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales"), inventory(
                paired("Sales", odd, "DAG_Sales", "AG_Sales_MI")));
        assertThat(result.adopted()).isNotNull();
        assertThat(spec("Sales", result.yaml().toArray(String[]::new)).namesFor("Sales").availabilityGroup())
                .isEqualTo(odd);
    }

    @Test
    void linksTheSpecCannotDescribeAreSaidSoAndLeftOutOfTheLines() {
        FoundLink twoNames = new FoundLink(FoundLink.Kind.PAIRED, dag("DAG_Sales", "AG_Sales", "AG_Sales_MI",
                LISTENER, "Sales"), armLink("SalesLink", "AG_Sales", "AG_Sales_MI", "Sales"));
        FoundLink twoDatabases = new FoundLink(FoundLink.Kind.PAIRED, dag("DAG_Orders", "AG_Orders", "AG_Orders_MI",
                LISTENER, "Orders", "Lines"), armLink("DAG_Orders", "AG_Orders", "AG_Orders_MI", "Orders", "Lines"));
        FoundLink elsewhere = paired("Payroll", "Payroll_AG", "Payroll_Link", "Payroll_MI");
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales, Orders"), inventory(twoNames, twoDatabases,
                elsewhere));
        assertThat(result.links()).extracting(LinkAdoption.Assessment::verdict).containsExactly(
                LinkAdoption.Verdict.CANNOT_ADOPT, LinkAdoption.Verdict.CANNOT_ADOPT, LinkAdoption.Verdict.NOT_IN_SPEC);
        assertThat(result.links().get(0).note()).contains("SalesLink", "DAG_Sales",
                "names.distributedAvailabilityGroup");
        assertThat(result.links().get(1).note()).contains("2 databases", "one link per database");
        assertThat(result.links().get(2).note()).contains("add it to databases:");
        assertThat(result.adoptableDatabases()).isEmpty();
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void halvesPairByTheirAvailabilityGroupsNotByName() {
        List<SqlServerDistributedGroup> groups = List.of(
                dag("DAG_Sales", "AG_Sales", "AG_Sales_MI", LISTENER, "Sales"),
                dag("DAG_Orders", "AG_Orders", "AG_Orders_MI", LISTENER, "Orders"),
                dag("DAG_Stock", "AG_Stock", "AG_Stock_MI", LISTENER.replace("Server=[mi-target-01]",
                        "Server=[mi-other-02]"), "Stock"),
                dag("DAG_Dr", "AG_Dr", "AG_Dr_Site2", "TCP://sql02.contoso.local:5022", "Dr"));
        List<DistributedAvailabilityGroup> links = List.of(
                armLink("SalesLink", "AG_Sales", "AG_Sales_MI", "Sales"),
                armLink("DAG_Stock", "AG_Stock", "AG_Stock_MI", "Stock"),
                armLink("DAG_Hr", "AG_Hr", "AG_Hr_MI", "Hr"),
                armLink("DAG_Elsewhere", "AG_Remote", "AG_Remote_MI", "Remote"));
        List<FoundLink> found = LinkInventory.pair(groups, links,
                List.of("AG_Sales", "AG_Orders", "AG_Stock", "AG_Dr", "AG_Hr"), "MI-TARGET-01");
        assertThat(found).extracting(FoundLink::kind, FoundLink::distributedAvailabilityGroup, FoundLink::instanceLinkName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.PAIRED, "DAG_Sales", "SalesLink"),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.SQL_SERVER_ONLY, "DAG_Orders", null),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.OTHER_INSTANCE, "DAG_Stock", null),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.NOT_TO_AN_INSTANCE, "DAG_Dr", null),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.INSTANCE_ONLY, "DAG_Stock", "DAG_Stock"),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.INSTANCE_ONLY, "DAG_Hr", "DAG_Hr"),
                        org.assertj.core.groups.Tuple.tuple(FoundLink.Kind.OTHER_SQL_SERVER, "DAG_Elsewhere",
                                "DAG_Elsewhere"));
    }

    @Test
    void aHalfRemovedLinkIsAdoptedSoDeleteCanFinishTheJob() {
        FoundLink sqlOnly = new FoundLink(FoundLink.Kind.SQL_SERVER_ONLY, dag("Sales_Link", "Sales_AG", "Sales_MI",
                LISTENER, "Sales"), null);
        LinkAdoption.Result result = LinkAdoption.assess(spec("Sales"), inventory(sqlOnly));
        assertThat(result.links()).extracting(LinkAdoption.Assessment::verdict)
                .containsExactly(LinkAdoption.Verdict.NAMES_DIFFER);
        assertThat(result.yaml()).contains("  distributedAvailabilityGroup: \"{database}_Link\"");
    }

    @Test
    void templatesAreMadeFromTheDatabaseWhereItStandsApartFirst() {
        assertThat(LinkAdoption.templatesFrom("AG_A", "A")).first().isEqualTo("AG_{database}");
        assertThat(LinkAdoption.templatesFrom("sales_ag", "Sales")).containsExactly("{database}_ag");
        assertThat(LinkAdoption.templatesFrom("LinkGroup01", "Sales")).isEmpty();
    }
}
