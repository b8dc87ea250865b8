package io.milink.preflight.check;

import static io.milink.preflight.check.FactsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.mi.CapacityCheck;
import io.milink.preflight.check.mi.CollationCheck;
import io.milink.preflight.check.mi.ExistingLinkCheck;
import io.milink.preflight.check.mi.FailoverGroupCheck;
import io.milink.preflight.check.mi.InMemoryOltpTierCheck;
import io.milink.preflight.check.mi.PermissionsCheck;
import io.milink.preflight.check.mi.StateCheck;
import io.milink.preflight.check.mi.TdeCertificateCheck;
import io.milink.preflight.check.mi.UpdatePolicyCheck;
import io.milink.preflight.facts.AvailabilityGroupFact;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.facts.ManagedInstanceFacts.LinkFact;
import io.milink.preflight.facts.ManagedInstanceFacts.PermissionFact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The mi.* checks over hand-built facts: each passes, fails, warns or skips for its documented reason. */
class ManagedInstanceChecksTest {

    private static final String ID = "/subscriptions/s1/resourceGroups/rg-link/providers/Microsoft.Sql/"
            + "managedInstances/mi-target-01";

    /** A Ready General Purpose instance with room, no failover group, no links and every permission. */
    static final class Mi {
        String resourceId = ID;
        String state = "Ready";
        String collation = "SQL_Latin1_General_CP1_CI_AS";
        String updatePolicy = "SQLServer2022";
        String tier = "GeneralPurpose";
        int storageSizeGb = 256;
        Double usedStorageMb = 10 * 1024.0;
        List<String> databases = new ArrayList<>(List.of("HR"));
        List<String> failoverGroups = new ArrayList<>();
        List<LinkFact> links = new ArrayList<>();
        List<PermissionFact> permissions = new ArrayList<>(List.of(
                new PermissionFact(List.of("Microsoft.Sql/managedInstances/*"), List.of())));

        ManagedInstanceFacts facts() {
            return new ManagedInstanceFacts(resourceId, null, null, null, state, "mi-target-01.abc.database.windows.net",
                    collation, updatePolicy, tier, 8, storageSizeGb, databases, databases == null ? "Forbidden: no"
                    : null, null, "unread", "westeurope", usedStorageMb, usedStorageMb == null ? "AuthorizationFailed:"
                    + " no metrics" : null, failoverGroups, null, links, links == null ? "x" : null, permissions,
                    permissions == null ? "AuthorizationFailed: cannot read permissions" : null);
        }
    }

    private final FactsFixture sql = new FactsFixture();
    private final Mi mi = new Mi();

    private Facts facts() {
        return sql.facts().withManagedInstance(mi.facts());
    }

    private static DatabaseFacts database(String name, int memoryOptimized, Integer encryption, long sizeMb) {
        return new DatabaseFacts(name, 7, "ONLINE", "FULL", null, 1, 0, memoryOptimized, encryption,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, sizeMb);
    }

    @Test
    void theManagedInstanceFactsAndChosenNamesSurviveAFactsFile() {
        mi.links.add(new LinkFact("link_hr", "mi_hr", "AG_HR", List.of("HR")));
        mi.failoverGroups.add("fog-prod");
        Facts facts = facts().withRequestedNames(new Facts.RequestedNames("AG_Sales", "DAG_{database}"));
        Facts back = io.milink.preflight.facts.FactsJson.read(io.milink.preflight.facts.FactsJson.write(facts));
        assertThat(back).isEqualTo(facts);
        assertThat(CheckCatalog.standard().evaluate(back)).isEqualTo(CheckCatalog.standard().evaluate(facts));
    }

    // ---- mi.state

    @ParameterizedTest
    @ValueSource(strings = {"Starting", "Updating", "Creating", "Deleting", "Failed", "Inaccessible"})
    void everyStateButReadyFailsAndOnlyStoppedOnesAreToldToStart(String state) {
        mi.state = state;
        Finding f = only(new StateCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains(state);
        assertThat(f.remediation().script()).contains("Wait until");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Stopped", "Stopping"})
    void aStoppedInstanceIsToldHowToStart(String state) {
        mi.state = state;
        assertThat(only(new StateCheck(), facts()).remediation().script()).contains("az sql mi start --ids " + ID);
    }

    @Test
    void anUnreportedStateFailsAsUnknown() {
        mi.state = null;
        assertThat(only(new StateCheck(), facts()).evidence()).isEqualTo("state unknown");
    }

    // ---- mi.updatePolicy: each policy against SQL Server 2019, 2022 and 2025 (mi-link-workflow.md §1.3)

    @ParameterizedTest(name = "SQL Server {0} with {1}: {2}")
    @CsvSource({
        "15.0.4430.1, AlwaysUpToDate, PASS",
        "15.0.4430.1, SQLServer2022,  PASS",
        "15.0.4430.1, SQLServer2025,  PASS",
        "16.0.4265.3, AlwaysUpToDate, WARN",
        "16.0.4265.3, SQLServer2022,  PASS",
        "16.0.4265.3, SQLServer2025,  WARN",
        "17.0.4005.7, AlwaysUpToDate, WARN",
        "17.0.4005.7, SQLServer2022,  FAIL",
        "17.0.4005.7, SQLServer2025,  PASS"})
    void failBackNeedsThePolicyOfTheSameSqlServerVersion(String build, String policy, Status expected) {
        sql.productVersion = build;
        mi.updatePolicy = policy;
        Finding f = only(new UpdatePolicyCheck(), facts());
        assertThat(f.status()).as(f.evidence()).isEqualTo(expected);
        if (build.startsWith("15.")) {
            assertThat(f.evidence()).contains("one-way");
        } else if (expected == Status.FAIL) {
            assertThat(f.evidence()).contains("engine is older");
        } else if (expected == Status.WARN) {
            assertThat(f.remediation().script()).contains(build.startsWith("16.") ? "SQLServer2022" : "SQLServer2025");
        } else {
            assertThat(f.evidence()).contains("fail-back to SQL Server is possible");
        }
    }

    @Test
    void collationMismatchWarnsBecauseTheDocumentationSaysShouldNotMust() {
        mi.collation = "Latin1_General_100_CI_AS";
        assertThat(only(new CollationCheck(), facts()).status()).isEqualTo(Status.WARN);
    }

    // ---- mi.capacity

    @Test
    void roomForTheDatabasesPassesWithTheCountAndTheStorage() {
        Finding f = only(new CapacityCheck(), facts());
        assertThat(f.status()).as(f.evidence()).isEqualTo(Status.PASS);
        assertThat(f.evidence()).contains("1 database + 1 to link = 2 of 100 allowed").contains("need 2,048 MB");
    }

    @Test
    void aGeneralPurposeInstanceAtOneHundredDatabasesIsFull() {
        mi.databases = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            mi.databases.add("db" + i);
        }
        Finding f = only(new CapacityCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains("= 101 of 100 allowed (GeneralPurpose)");
        mi.tier = "BusinessCritical";
        assertThat(only(new CapacityCheck(), facts()).status()).isEqualTo(Status.FAIL);
        mi.tier = "NextGenGeneralPurpose";
        assertThat(only(new CapacityCheck(), facts()).evidence()).contains("= 101 of 500 allowed");
    }

    @Test
    void aDatabaseAlreadyOnTheInstanceDoesNotCountTwice() {
        mi.databases = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            mi.databases.add("db" + i);
        }
        mi.databases.add("Sales");
        assertThat(only(new CapacityCheck(), facts()).evidence()).contains("100 databases + 0 to link");
    }

    @Test
    void databasesLargerThanTheFreeStorageFail() {
        mi.storageSizeGb = 32;
        mi.usedStorageMb = 31 * 1024.0;
        Finding f = only(new CapacityCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains("1,024 MB free of 32 GB").contains("need 2,048 MB");
        assertThat(f.remediation().script()).contains("az sql mi update --ids " + ID + " --storage");
    }

    @Test
    void unreadUsedStorageWarnsWhenTheCountPassesAndSkipsWhenNothingIsKnown() {
        mi.usedStorageMb = null;
        Finding f = only(new CapacityCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.WARN);
        assertThat(f.evidence()).contains("storage in use unknown (AuthorizationFailed: no metrics)");
        mi.databases = null;
        assertThat(only(new CapacityCheck(), facts()).status()).isEqualTo(Status.SKIP);
    }

    // ---- mi.failoverGroup

    @Test
    void anInstanceInAFailoverGroupFailsWithTheCommandThatRemovesIt() {
        assertThat(only(new FailoverGroupCheck(), facts()).status()).isEqualTo(Status.PASS);
        mi.failoverGroups.add("fog-prod");
        Finding f = only(new FailoverGroupCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.remediation().script()).contains("az sql instance-failover-group delete --name fog-prod "
                + "--location westeurope --resource-group rg-link");
    }

    // ---- mi.existingLink

    @Test
    void aDatabaseAnExistingLinkReplicatesFails() {
        mi.links.add(new LinkFact("link_sales", "mi_sales", "AG_Sales", List.of("Sales")));
        Finding f = only(new ExistingLinkCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.target()).isEqualTo("Sales");
        assertThat(f.evidence()).contains("link 'link_sales'");
        assertThat(f.remediation().script()).contains("az sql mi link delete --resource-group rg-link "
                + "--instance-name mi-target-01 --name link_sales");
    }

    @Test
    void aDatabaseWhoseAvailabilityGroupIsAlreadyLinkedFails() {
        sql.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", "AG_Shared", 1, 0, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048));
        Facts facts = withGroups(List.of(new AvailabilityGroupFact("AG_Shared", false, "NONE", List.of("Sales",
                "Other"))));
        mi.links.add(new LinkFact("link_other", "mi_other", "AG_SHARED", List.of("Other")));
        Finding f = only(new ExistingLinkCheck(), facts.withManagedInstance(mi.facts()));
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains("availability group 'AG_Shared'").contains("link_other");
    }

    @Test
    void linksOnOtherDatabasesAndGroupsPass() {
        mi.links.add(new LinkFact("link_hr", "mi_hr", "AG_HR", List.of("HR")));
        Finding f = only(new ExistingLinkCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.evidence()).contains("1 link replicates");
    }

    @Test
    void namesTheSpecChoseClashWithLinksAlreadyThere() {
        mi.links.add(new LinkFact("DAG_Sales", "mi_sales", "AG_Sales", List.of("Payroll")));
        Facts chosen = facts().withRequestedNames(new Facts.RequestedNames("ag_sales", "dag_sales"));
        List<Finding> findings = new ExistingLinkCheck().evaluate(chosen);
        assertThat(findings).extracting(Finding::target, Finding::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dag_sales", Status.FAIL),
                org.assertj.core.groups.Tuple.tuple("ag_sales", Status.FAIL),
                org.assertj.core.groups.Tuple.tuple("Sales", Status.PASS));
        assertThat(findings.get(0).evidence()).contains("already has a link named 'DAG_Sales'");
        assertThat(findings.get(1).remediation().script()).contains("names.availabilityGroup");
        List<Finding> fresh = new ExistingLinkCheck().evaluate(facts().withRequestedNames(
                new Facts.RequestedNames("AG_New", "DAG_New")));
        assertThat(fresh).allMatch(f -> f.status() == Status.PASS).hasSize(3);
    }

    @Test
    void templatedNamesAreCheckedForEachDatabaseAndALiteralOnce() {
        sql.databases.add(database("Inventory", 0, null, 100));
        sql.requested.add("Inventory");
        mi.links.add(new LinkFact("DAG_Inventory", "mi_inventory", "AG_Other", List.of("Payroll")));
        List<Finding> findings = new ExistingLinkCheck().evaluate(facts().withRequestedNames(
                new Facts.RequestedNames("AG_{database}", "DAG_{database}")));
        assertThat(findings).extracting(Finding::target, Finding::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DAG_Sales", Status.PASS),
                org.assertj.core.groups.Tuple.tuple("DAG_Inventory", Status.FAIL),
                org.assertj.core.groups.Tuple.tuple("AG_Sales", Status.PASS),
                org.assertj.core.groups.Tuple.tuple("AG_Inventory", Status.PASS),
                org.assertj.core.groups.Tuple.tuple("Sales", Status.PASS),
                org.assertj.core.groups.Tuple.tuple("Inventory", Status.PASS));
        // A database name ARM would refuse in a link name is checked under the name milink would really use.
        sql.databases.add(database("Sales-EU", 0, null, 100));
        sql.requested.add("Sales-EU");
        assertThat(new ExistingLinkCheck().evaluate(facts().withRequestedNames(
                new Facts.RequestedNames(null, "DAG_{database}")))).extracting(Finding::target)
                .contains("DAG_Sales_EU_1608d1a4");
        // One literal name, as facts files from before templates hold, is one finding however many databases.
        assertThat(new ExistingLinkCheck().evaluate(facts().withRequestedNames(
                new Facts.RequestedNames(null, "DAG_Inventory")))).extracting(Finding::target)
                .containsExactly("DAG_Inventory", "Sales", "Inventory", "Sales-EU");
    }

    private Facts withGroups(List<AvailabilityGroupFact> groups) {
        var s = sql.server();
        var server = new io.milink.preflight.facts.SqlServerFacts(s.serverName(), s.productVersion(),
                s.productLevel(), s.productUpdateLevel(), s.edition(), s.engineEdition(), s.hostPlatform(),
                s.collation(), s.hadrEnabled(), s.loginIsSysadmin(), s.issuerProcedurePresent(),
                s.masterKeyPresent(), s.globalTraceFlags(), s.startupParameters(), s.certificates(),
                s.mirroringEndpoints(), groups, s.databases(), s.issuers());
        Facts f = sql.facts();
        return new Facts(f.schemaVersion(), f.collectedAt(), f.target(), f.requestedDatabases(), f.connection(),
                server);
    }

    // ---- mi.inMemoryOltpTier

    @Test
    void inMemoryOltpNeedsBusinessCritical() {
        sql.databases.set(0, database("Sales", 1, null, 100));
        Finding f = only(new InMemoryOltpTierCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains("GeneralPurpose");
        mi.tier = "BusinessCritical";
        assertThat(only(new InMemoryOltpTierCheck(), facts()).status()).isEqualTo(Status.PASS);
        sql.databases.set(0, database("Sales", 0, null, 100));
        mi.tier = "GeneralPurpose";
        assertThat(only(new InMemoryOltpTierCheck(), facts()).status()).isEqualTo(Status.PASS);
    }

    // ---- mi.tdeCertificate

    @Test
    void aTdeDatabaseWarnsWithTheUploadStepsForThisInstance() {
        sql.databases.add(database("Payroll", 0, 3, 100));
        sql.requested.add("Payroll");
        List<Finding> findings = new TdeCertificateCheck().evaluate(facts());
        assertThat(findings).extracting(Finding::target, Finding::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Sales", Status.PASS),
                        org.assertj.core.groups.Tuple.tuple("Payroll", Status.WARN));
        assertThat(findings.get(1).remediation().script())
                .contains("DB_ID(N'Payroll')")
                .contains("Add-AzSqlManagedInstanceTransparentDataEncryptionCertificate -ResourceGroupName rg-link "
                        + "-ManagedInstanceName mi-target-01");
    }

    // ---- every command line built from Azure names

    /** Resource group names may hold parentheses, quotes and dollars (ARM allows them); commands must survive them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rg (prod) | 'rg (prod)'    | 'rg (prod)'",
        "it's      | 'it'\\''s'     | 'it''s'",
        "$x        | '$x'           | '$x'"})
    void remediationsQuoteTheResourceGroupForTheShellTheyTarget(String resourceGroup, String forBash,
                                                                String forPowerShell) {
        mi.resourceId = "/subscriptions/s1/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Sql/managedInstances/mi-target-01";
        String quotedId = "'/subscriptions/s1/resourceGroups/" + forBash.substring(1, forBash.length() - 1)
                + "/providers/Microsoft.Sql/managedInstances/mi-target-01'";
        mi.failoverGroups.add("fog-prod");
        assertThat(only(new FailoverGroupCheck(), facts()).remediation().script())
                .endsWith("--location westeurope --resource-group " + forBash);
        mi.links.add(new LinkFact("link_sales", "mi_sales", "AG_Sales", List.of("Sales")));
        assertThat(only(new ExistingLinkCheck(), facts()).remediation().script())
                .endsWith("az sql mi link delete --resource-group " + forBash + " --instance-name mi-target-01 "
                        + "--name link_sales");
        sql.databases.set(0, database("Sales", 1, 3, 100));
        assertThat(new TdeCertificateCheck().evaluate(facts()).get(0).remediation().script())
                .contains("-ResourceGroupName " + forPowerShell + " -ManagedInstanceName mi-target-01 ");
        assertThat(only(new InMemoryOltpTierCheck(), facts()).remediation().script())
                .contains("az sql mi update --ids " + quotedId + " --edition");
        mi.state = "Stopped";
        assertThat(only(new StateCheck(), facts()).remediation().script())
                .isEqualTo("Start it: az sql mi start --ids " + quotedId);
        mi.permissions = List.of();
        assertThat(only(new PermissionsCheck(), facts()).remediation().script()).contains("--scope " + quotedId
                + "\n");
    }

    // ---- mi.permissions

    @Test
    void aWildcardGrantCoversEveryRequiredAction() {
        Finding f = only(new PermissionsCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.PASS);
        assertThat(f.evidence()).contains("all " + io.milink.core.azure.LinkRequiredActions.all().size());
    }

    @Test
    void missingActionsFailAndAreNamed() {
        mi.permissions = List.of(new PermissionFact(List.of("Microsoft.Sql/managedInstances/*"),
                List.of("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/delete")),
                new PermissionFact(List.of("Microsoft.Sql/managedInstances/read"), List.of()));
        Finding f = only(new PermissionsCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).startsWith("1 of ").contains("distributedAvailabilityGroups/delete");
        assertThat(f.remediation().script()).contains("SQL Managed Instance Contributor").contains("--scope " + ID);
    }

    @Test
    void theBundledListIsTheDocumentedCustomRole() {
        List<String> actions = io.milink.core.azure.LinkRequiredActions.all();
        assertThat(actions).hasSize(20).doesNotHaveDuplicates().allMatch(a -> a.startsWith(
                "Microsoft.Sql/managedInstances/"));
        assertThat(actions).contains("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/setRole/action",
                "Microsoft.Sql/managedInstances/hybridCertificate/action");
    }

    @Test
    void unreadablePermissionsSkipWithArmsReason() {
        mi.permissions = null;
        Finding f = only(new PermissionsCheck(), facts());
        assertThat(f.status()).isEqualTo(Status.SKIP);
        assertThat(f.evidence()).contains("AuthorizationFailed");
    }
}
