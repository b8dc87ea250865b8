package io.milink.preflight.facts;

import java.util.List;

/**
 * What Azure Resource Manager said of the managed instance (shared/reference/mi-link-workflow.md §1.4, §1.5).
 * Each read after the instance itself fails on its own: its value is then null and its {@code ...Error} says why
 * (ARM's code and message), so the one check that needs it SKIPs with that reason.
 *
 * @param resourceId          the instance's resource id
 * @param errorStatus         HTTP status of a failed read (404, 403, ...), 0 for no response; null when it worked
 * @param errorCode           ARM's error code of a failed read (ResourceNotFound, AuthorizationFailed, ...)
 * @param errorMessage        ARM's message, or the client's, for a failed read
 * @param state               Ready, Stopped, Starting, ...
 * @param fqdn                fullyQualifiedDomainName
 * @param collation           the instance collation
 * @param updatePolicy        AlwaysUpToDate, SQLServer2022, SQLServer2025 (properties.databaseFormat)
 * @param tier                the service tier as the documented limits name it: GeneralPurpose, BusinessCritical or
 *                            NextGenGeneralPurpose (ARM's sku.tier GeneralPurpose with isGeneralPurposeV2)
 * @param vCores              vCores
 * @param storageSizeGb       reserved storage
 * @param databases           databases already on the instance; null when they could not be listed
 * @param databasesError      why they could not be listed (ARM's code and message), else null
 * @param endpointCertificate the DATABASE_MIRRORING endpoint certificate, upper-case hex DER; null when unread
 * @param endpointCertificateError why it could not be read, else null (a stopped instance refuses it)
 * @param location            the Azure region
 * @param usedStorageMb       storage in use (Azure Monitor's storage_space_used_mb); null when unread
 * @param usedStorageError    why it could not be read, else null
 * @param failoverGroups      instance failover groups the instance is in; null when unread
 * @param failoverGroupsError why they could not be read, else null
 * @param links               links (distributed availability groups) already on the instance; null when unread
 * @param linksError          why they could not be read, else null
 * @param permissions         the caller's permissions on the instance, one entry per role; null when unread
 * @param permissionsError    why they could not be read, else null
 */
public record ManagedInstanceFacts(String resourceId, Integer errorStatus, String errorCode, String errorMessage,
                                   String state, String fqdn, String collation, String updatePolicy, String tier,
                                   Integer vCores, Integer storageSizeGb, List<String> databases,
                                   String databasesError, String endpointCertificate,
                                   String endpointCertificateError, String location, Double usedStorageMb,
                                   String usedStorageError, List<String> failoverGroups, String failoverGroupsError,
                                   List<LinkFact> links, String linksError, List<PermissionFact> permissions,
                                   String permissionsError) {

    public ManagedInstanceFacts {
        databases = databases == null ? null : List.copyOf(databases);
        failoverGroups = failoverGroups == null ? null : List.copyOf(failoverGroups);
        links = links == null ? null : List.copyOf(links);
        permissions = permissions == null ? null : List.copyOf(permissions);
    }

    public boolean read() {
        return errorStatus == null;
    }

    public static ManagedInstanceFacts failed(String resourceId, int status, String code, String message) {
        return new ManagedInstanceFacts(resourceId, status, code, message, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A link already on the instance (DistributedAvailabilityGroups_ListByInstance, 2025-01-01).
     *
     * @param name                          the link's resource name
     * @param instanceAvailabilityGroupName the managed instance's side
     * @param partnerAvailabilityGroupName  the SQL Server availability group it pairs with
     * @param databases                     the databases it replicates
     */
    public record LinkFact(String name, String instanceAvailabilityGroupName, String partnerAvailabilityGroupName,
                           List<String> databases) {
        public LinkFact {
            databases = databases == null ? List.of() : List.copyOf(databases);
        }
    }

    /** One role's grant to the caller: Azure RBAC's {@code actions} and {@code notActions}. */
    public record PermissionFact(List<String> actions, List<String> notActions) {
        public PermissionFact {
            actions = actions == null ? List.of() : List.copyOf(actions);
            notActions = notActions == null ? List.of() : List.copyOf(notActions);
        }
    }
}
