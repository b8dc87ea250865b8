package io.milink.core.azure;

import java.util.List;

/**
 * A distributed availability group (a link) already on the managed instance, as the 2025-01-01 list returns it
 * (DistributedAvailabilityGroups_ListByInstance; arm-api.md §3.1).
 *
 * @param name                          the link's resource name
 * @param instanceAvailabilityGroupName the managed instance's side of the link
 * @param partnerAvailabilityGroupName  the SQL Server availability group it pairs with
 * @param instanceLinkRole              Primary or Secondary: the managed instance's role
 * @param databases                     the databases the link replicates
 */
public record ExistingLink(String name, String instanceAvailabilityGroupName, String partnerAvailabilityGroupName,
                           String instanceLinkRole, List<String> databases) {
    public ExistingLink {
        databases = List.copyOf(databases);
    }
}
