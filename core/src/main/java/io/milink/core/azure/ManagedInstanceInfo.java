package io.milink.core.azure;

/**
 * What ARM says of a managed instance (api-version 2025-01-01), only the fields milink uses.
 *
 * @param state          Ready, Stopped, Starting, ...
 * @param fqdn           fullyQualifiedDomainName
 * @param collation      the instance collation
 * @param updatePolicy   properties.databaseFormat: AlwaysUpToDate, SQLServer2022, SQLServer2025 (null when absent)
 * @param tier           sku.tier: GeneralPurpose, BusinessCritical, ...
 * @param vCores         vCores
 * @param storageSizeGb  storageSizeInGB
 * @param location       the Azure region (location-scoped reads such as instance failover groups need it)
 * @param generalPurposeV2 properties.isGeneralPurposeV2: a Next-gen General Purpose instance, which ARM still
 *                       reports with sku.tier GeneralPurpose (arm-api.md §2.4); null when absent
 */
public record ManagedInstanceInfo(String state, String fqdn, String collation, String updatePolicy, String tier,
                                  Integer vCores, Integer storageSizeGb, String location, Boolean generalPurposeV2) {

    /** The tier as the documented limits name it: NextGenGeneralPurpose, GeneralPurpose, BusinessCritical. */
    public String serviceTier() {
        return "GeneralPurpose".equalsIgnoreCase(tier) && Boolean.TRUE.equals(generalPurposeV2)
                ? "NextGenGeneralPurpose" : tier;
    }
}
