package io.milink.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The spec's names: templates resolved per database, ARM's rule kept, and every link's names its own. */
class LinkSpecNamesTest {

    private static final String SQL = "sqlServer: { host: sql01.contoso.local, authentication: { type: integrated } }\n";

    /** SHA-256("Sales-EU"), first 8 hex digits, worked out once outside milink: printf 'Sales-EU' | sha256sum. */
    private static final String SALES_EU_HASH = "1608d1a4";

    private static LinkSpec parse(String yaml) {
        return LinkSpecLoader.parse(SQL + yaml, "s.yaml", null);
    }

    @Test
    void withoutANamesSectionEveryNameIsMilinksDefault() {
        LinkSpec spec = parse("databases: [Sales, Inventory]");
        assertThat(spec.namesFor("Sales"))
                .isEqualTo(new DatabaseLinkNames("Sales", "AG_Sales", "DAG_Sales", "AG_Sales_MI"));
        assertThat(spec.linkNames()).extracting(DatabaseLinkNames::database).containsExactly("Sales", "Inventory");
        assertThat(spec.linkNames().get(1))
                .isEqualTo(new DatabaseLinkNames("Inventory", "AG_Inventory", "DAG_Inventory", "AG_Inventory_MI"));
        assertThat(spec.endpointName()).isEqualTo("Hadr_endpoint");
        assertThat(spec.certificateName("SQL01")).isEqualTo("Cert_SQL01_endpoint");
        assertThat(spec.names().endpointPortOrDefault()).isEqualTo(5022);
    }

    @Test
    void templatesPutEachDatabasesNameWhereTheySayDatabase() {
        LinkSpec spec = parse("""
                databases: [Sales, Inventory]
                names:
                  availabilityGroup: "Link AG [{database}]"
                  distributedAvailabilityGroup: "{database}_to_azure"
                  instanceAvailabilityGroup: MI_{database}_{database}
                  endpoint: Mirroring
                  certificate: LinkCert_{server}
                """);
        assertThat(spec.namesFor("Inventory")).isEqualTo(new DatabaseLinkNames("Inventory", "Link AG [Inventory]",
                "Inventory_to_azure", "MI_Inventory_Inventory"));
        assertThat(spec.endpointName()).isEqualTo("Mirroring");
        assertThat(spec.certificateName("SQL01")).isEqualTo("LinkCert_SQL01");
    }

    @Test
    void aLiteralNameServesOneDatabaseAndTwoDatabasesAreToldToUseTheTemplate() {
        LinkSpec one = parse("""
                databases: [Sales]
                names: { availabilityGroup: "Sales AG", distributedAvailabilityGroup: DAG_Sales }
                """);
        assertThat(one.namesFor("Sales")).isEqualTo(new DatabaseLinkNames("Sales", "Sales AG", "DAG_Sales",
                "AG_Sales_MI"));

        assertThatThrownBy(() -> parse("""
                databases: [Sales, Inventory]
                names: { distributedAvailabilityGroup: DAG_Sales }
                """)).isInstanceOf(SpecException.class)
                .hasMessage("s.yaml: names.distributedAvailabilityGroup: 'DAG_Sales' is one name, but the spec links "
                        + "2 databases and each link needs its own: put {database} in it, as in the default "
                        + "DAG_{database}");
        assertThatThrownBy(() -> parse("""
                databases: [Sales, Inventory]
                names: { instanceAvailabilityGroup: MI_AG }
                """)).hasMessageStartingWith("s.yaml: names.instanceAvailabilityGroup: 'MI_AG' is one name");
    }

    @Test
    void aDatabaseNameOutsideArmsRuleIsSanitizedWithAHashSuffixOnTheArmNamesOnly() {
        LinkSpec spec = parse("databases: [Sales-EU]");
        assertThat(spec.namesFor("Sales-EU")).isEqualTo(new DatabaseLinkNames("Sales-EU",
                "AG_Sales-EU", // a SQL Server name: quoted, so any character is fine
                "DAG_Sales_EU_" + SALES_EU_HASH, "AG_Sales_EU_MI_" + SALES_EU_HASH));
        // Deterministic: the same spec names the same link on every run (monitoring finds what creation made).
        assertThat(parse("databases: [Sales-EU]").namesFor("Sales-EU")).isEqualTo(spec.namesFor("Sales-EU"));
    }

    @Test
    void injectionAndUnicodeInADatabaseNameBecomeUnderscoresOnePerCharacter() {
        LinkSpec spec = parse("databases: [\"a]; DROP DATABASE x--\", \"Ventes_été\", \"Umsatz😀\"]");
        String injected = spec.namesFor("a]; DROP DATABASE x--").distributedAvailabilityGroup();
        assertThat(injected).isEqualTo("DAG_a___DROP_DATABASE_x___" + NameTemplate.hash8("a]; DROP DATABASE x--"))
                .matches("^[#a-zA-Z_][\\w@#$]*$");
        assertThat(spec.namesFor("Ventes_été").distributedAvailabilityGroup())
                .isEqualTo("DAG_Ventes__t__" + NameTemplate.hash8("Ventes_été"));
        // An emoji is two UTF-16 units but one character: one underscore.
        assertThat(spec.namesFor("Umsatz😀").instanceAvailabilityGroup())
                .isEqualTo("AG_Umsatz__MI_" + NameTemplate.hash8("Umsatz😀"));
        assertThat(spec.namesFor("a]; DROP DATABASE x--").availabilityGroup()).isEqualTo("AG_a]; DROP DATABASE x--");
    }

    @Test
    void aDatabaseThatStartsTheNameWithADigitGetsAnUnderscoreFirst() {
        LinkSpec spec = parse("""
                databases: [2024Sales, Sales]
                names: { distributedAvailabilityGroup: "{database}", instanceAvailabilityGroup: "{database}_MI" }
                """);
        assertThat(spec.namesFor("2024Sales").distributedAvailabilityGroup())
                .isEqualTo("_2024Sales_" + NameTemplate.hash8("2024Sales"));
        assertThat(spec.namesFor("Sales").distributedAvailabilityGroup()).isEqualTo("Sales");
    }

    @Test
    void namesLongerThan128AreCutToKeepTheHashSuffixOnArmNamesAndRefusedOnSqlServerNames() {
        String longName = "x".repeat(128);
        LinkSpec spec = parse("databases: [" + longName + "]\nnames: { availabilityGroup: \"{database}\" }");
        String dag = spec.namesFor(longName).distributedAvailabilityGroup();
        assertThat(dag).hasSize(128).startsWith("DAG_xxx").endsWith("_" + NameTemplate.hash8(longName));
        assertThat(dag.substring(0, 119)).isEqualTo(("DAG_" + longName).substring(0, 119));
        assertThat(spec.namesFor(longName).instanceAvailabilityGroup()).hasSize(128);
        // 127 x and 128 x differ only past the cut: the hash keeps them apart.
        String shorter = "x".repeat(127);
        assertThat(parse("databases: [" + shorter + "]\nnames: { availabilityGroup: \"{database}\" }")
                .namesFor(shorter).distributedAvailabilityGroup()).isNotEqualTo(dag).hasSize(128);

        assertThatThrownBy(() -> parse("databases: [" + longName + "]"))
                .hasMessage("s.yaml: names.availabilityGroup: 'AG_" + longName + "' (for database '" + longName
                        + "') is 131 characters; SQL Server names are at most 128: set names.availabilityGroup "
                        + "(default AG_{database}), e.g. to \"{database}\"");
        assertThatThrownBy(() -> parse("databases: [" + "y".repeat(120) + "]\n"
                + "names: { availabilityGroup: \"Availability_{database}\" }"))
                .hasMessageContaining("shorten names.availabilityGroup");
        assertThatThrownBy(() -> parse("names: { endpoint: " + "e".repeat(129) + " }"))
                .hasMessageContaining("names.endpoint").hasMessageContaining("at most 128");
    }

    @Test
    void twoDatabasesThatWouldShareAnAvailabilityGroupOrLinkNameAreAnErrorNamingBoth() {
        // The sanitized name of Sales-EU is exactly the other database's plain name.
        assertThatThrownBy(() -> parse("databases: [Sales-EU, Sales_EU_" + SALES_EU_HASH + "]"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("'DAG_Sales_EU_" + SALES_EU_HASH + "'")
                .hasMessageContaining("names.distributedAvailabilityGroup of database 'Sales-EU'")
                .hasMessageContaining("names.distributedAvailabilityGroup of database 'Sales_EU_" + SALES_EU_HASH
                        + "'");
        // Sales-EU and Sales_EU themselves get different names.
        LinkSpec both = parse("databases: [Sales-EU, Sales_EU]");
        assertThat(both.namesFor("Sales-EU").distributedAvailabilityGroup())
                .isNotEqualTo(both.namesFor("Sales_EU").distributedAvailabilityGroup());
        // SQL Server lists availability groups and distributed ones together: they may not share a name either.
        assertThatThrownBy(() -> parse("""
                databases: [Sales]
                names: { availabilityGroup: "Link_{database}", distributedAvailabilityGroup: "link_{database}" }
                """)).hasMessage("s.yaml: names.distributedAvailabilityGroup: 'link_Sales' is the name of both the "
                + "names.availabilityGroup of database 'Sales' and the names.distributedAvailabilityGroup of "
                + "database 'Sales'; every link needs names of its own: change "
                + "names.distributedAvailabilityGroup (or the other)");
        assertThatThrownBy(() -> parse("""
                databases: [Sales]
                names: { availabilityGroup: "AG_{database}", instanceAvailabilityGroup: "ag_{database}" }
                """)).hasMessageContaining("names.instanceAvailabilityGroup: 'ag_Sales'")
                .hasMessageContaining("ARM refuses a link whose two availability groups have the same name");
    }

    @Test
    void theServerPlaceholderOfANamedInstanceHasItsBackslashReplaced() {
        LinkSpec spec = parse("databases: [Sales]");
        assertThat(spec.certificateName("SQL01\\PROD")).isEqualTo("Cert_SQL01_PROD_endpoint");
        assertThat(parse("names: { certificate: \"{server}-link\" }").certificateName("HOST\\A\\B"))
                .isEqualTo("HOST_A_B-link");
        assertThat(parse("names: { certificate: SQL01_link }").certificateName("SQL01\\PROD"))
                .isEqualTo("SQL01_link");
        assertThatThrownBy(() -> parse("names: { certificate: \"SQL01\\\\PROD_link\" }"))
                .hasMessageContaining("names.certificate: 'SQL01\\PROD_link' has a \\");
        assertThatThrownBy(() -> spec.certificateName("S".repeat(120)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names.certificate")
                .hasMessageContaining("at most 128");
        assertThatThrownBy(() -> spec.certificateName(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@@SERVERNAME");
    }

    @Test
    void placeholdersOtherThanDatabaseAndTheCertificatesServerAreErrors() {
        assertThatThrownBy(() -> parse("names: { availabilityGroup: \"AG_{db}\" }"))
                .hasMessage("s.yaml: names.availabilityGroup: 'AG_{db}': {db} is not a placeholder milink knows; "
                        + "use {database} (the database's name)");
        assertThatThrownBy(() -> parse("names: { distributedAvailabilityGroup: \"DAG_{server}\" }"))
                .hasMessageContaining("names.distributedAvailabilityGroup: 'DAG_{server}': {server} is only for "
                        + "names.certificate");
        assertThatThrownBy(() -> parse("names: { certificate: \"Cert_{database}\" }"))
                .hasMessageContaining("names.certificate: 'Cert_{database}': {database} is not for "
                        + "names.certificate").hasMessageContaining("use {server}");
        assertThatThrownBy(() -> parse("names: { endpoint: \"{server}_endpoint\" }"))
                .hasMessageContaining("names.endpoint: '{server}_endpoint': takes no placeholder");
        assertThatThrownBy(() -> parse("names: { instanceAvailabilityGroup: \"{Database}_MI\" }"))
                .hasMessageContaining("{Database} is not a placeholder");
    }

    @Test
    void aNameTheUserWroteThatBreaksArmsRuleIsRefusedNeverChanged() {
        assertThatThrownBy(() -> parse("databases: [Sales]\nnames: { distributedAvailabilityGroup: DAG-Sales }"))
                .hasMessage("s.yaml: names.distributedAvailabilityGroup: 'DAG-Sales' has '-', which "
                        + NameTemplate.ARM_RULE + " does not allow; milink never changes a name you wrote: choose "
                        + "another");
        assertThatThrownBy(() -> parse("names: { distributedAvailabilityGroup: \"DAG-{database}\" }"))
                .hasMessageContaining("has '-'");
        assertThatThrownBy(() -> parse("names: { instanceAvailabilityGroup: \"1_{database}\" }"))
                .hasMessageContaining("names.instanceAvailabilityGroup: '1_{database}' starts with '1'");
        assertThatThrownBy(() -> parse("databases: [Sales]\nnames: { distributedAvailabilityGroup: "
                + "D" + "x".repeat(128) + " }")).hasMessageContaining("129 characters");
        // The SQL Server side takes any character: it is always quoted.
        assertThat(parse("databases: [Sales]\nnames: { availabilityGroup: \"AG-Sales]\" }").namesFor("Sales")
                .availabilityGroup()).isEqualTo("AG-Sales]");
    }

    @Test
    void namesForALinkTheSpecDoesNotHaveIsAnErrorAndCaseDoesNotMatter() {
        LinkSpec spec = parse("databases: [Sales]");
        assertThat(spec.namesFor("SALES").distributedAvailabilityGroup()).isEqualTo("DAG_Sales");
        assertThatThrownBy(() -> spec.namesFor("Payroll")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the spec does not link database 'Payroll'; it links Sales; add it to databases:");
    }

    @Test
    void replacingTheDatabasesChecksTheNamesAgainstTheNewList() {
        LinkSpec spec = parse("databases: [Sales]\nnames: { availabilityGroup: AG_Sales }");
        assertThat(spec.withDatabases(List.of("Sales")).namesFor("Sales").availabilityGroup()).isEqualTo("AG_Sales");
        assertThatThrownBy(() -> spec.withDatabases(List.of("Sales", "Inventory")))
                .isInstanceOf(SpecException.class).hasMessageContaining("'AG_Sales' is one name");
    }

    @Test
    void theOlderConstructorsStillMakeASpecWithDefaultsForWhatTheyDoNotSay() {
        SqlServerTarget target = parse("").sqlServer();
        LinkNames names = new LinkNames("AG_Sales", null, 5023, null);
        LinkSpec spec = new LinkSpec(target, List.of("Sales"), names);
        assertThat(spec.namesFor("Sales")).isEqualTo(new DatabaseLinkNames("Sales", "AG_Sales", "DAG_Sales",
                "AG_Sales_MI"));
        assertThat(spec.link()).isEqualTo(LinkOptions.defaults());
        assertThat(spec.partnerEndpoint()).isEqualTo("TCP://sql01.contoso.local:5023");
        assertThatThrownBy(() -> new LinkSpec(target, List.of("Sales", "Inventory"), names))
                .isInstanceOf(SpecException.class).hasMessageContaining("names.availabilityGroup");
    }

    @Test
    void anUnknownNamesFieldListsTheNewOnes() {
        assertThatThrownBy(() -> parse("names: { miAvailabilityGroup: x }"))
                .hasMessage("s.yaml: names.miAvailabilityGroup: unknown field; allowed here: availabilityGroup, "
                        + "certificate, distributedAvailabilityGroup, endpoint, endpointPort, "
                        + "instanceAvailabilityGroup");
        assertThatThrownBy(() -> parse("names: { endpointPort: 0 }"))
                .hasMessage("s.yaml: names.endpointPort: 0 is not a TCP port (1-65535)");
    }
}
