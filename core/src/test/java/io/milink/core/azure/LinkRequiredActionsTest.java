package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The documented custom-role list, read from its one resource file, and ARM's wildcard/notActions rule. */
class LinkRequiredActionsTest {

    @Test
    void theListHoldsTheDocumentedTwentyActionsWithoutComments() {
        assertThat(LinkRequiredActions.all()).hasSize(20).doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).startsWith("Microsoft.Sql/managedInstances/"))
                .contains("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/setRole/action",
                        "Microsoft.Sql/managedInstances/serverTrustCertificates/write",
                        "Microsoft.Sql/managedInstances/hybridCertificate/action");
    }

    @Test
    void docsAzureMdListsExactlyTheActionsOfTheResourceFile() throws Exception {
        Path doc = Path.of("..", "docs", "azure.md");
        List<String> documented = Files.readAllLines(doc).stream()
                .filter(l -> l.startsWith("    \"Microsoft.Sql/"))
                .map(l -> l.strip().replaceAll("[\",]", "")).toList();
        assertThat(documented).containsExactlyElementsOf(LinkRequiredActions.all());
    }

    @Test
    void wildcardsGrantAndNotActionsSubtractOnlyWithinTheirOwnEntry() {
        assertThat(LinkRequiredActions.notGranted(List.of(new PermissionGrant(List.of("Microsoft.Sql/managedInstances/*"),
                null)))).isEmpty();
        assertThat(LinkRequiredActions.notGranted(List.of(new PermissionGrant(List.of("*"), null)))).isEmpty();
        assertThat(LinkRequiredActions.notGranted(List.of(new PermissionGrant(List.of("*/read"), null))))
                .hasSize(13).allSatisfy(a -> assertThat(a).doesNotEndWith("/read"));
        PermissionGrant contributorButNoLinks = new PermissionGrant(List.of("microsoft.sql/*"),
                List.of("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/*"));
        assertThat(LinkRequiredActions.notGranted(List.of(contributorButNoLinks)))
                .containsExactly("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/read",
                        "Microsoft.Sql/managedInstances/distributedAvailabilityGroups/write",
                        "Microsoft.Sql/managedInstances/distributedAvailabilityGroups/delete",
                        "Microsoft.Sql/managedInstances/distributedAvailabilityGroups/setRole/action");
        assertThat(LinkRequiredActions.notGranted(List.of(contributorButNoLinks,
                new PermissionGrant(List.of("Microsoft.Sql/managedInstances/distributedAvailabilityGroups/*"), null))))
                .as("another assignment grants what the first one excluded").isEmpty();
    }
}
