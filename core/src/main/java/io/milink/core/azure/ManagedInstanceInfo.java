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
 */
public record ManagedInstanceInfo(String state, String fqdn, String collation, String updatePolicy, String tier,
                                  Integer vCores, Integer storageSizeGb) {
}
