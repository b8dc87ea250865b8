package io.milink.simulator.arm;

import java.util.List;

/**
 * The {@code managedInstance:} section of a scenario file: the Azure SQL Managed Instance the ARM twin starts from.
 * Field names are the YAML keys; {@link ManagedInstanceScenarioLoader} reads them, checks them and fills defaults,
 * so every field of a loaded scenario is non-null.
 *
 * @param subscriptionId the subscription in the resource id
 * @param resourceGroup  the resource group in the resource id
 * @param name           the instance name (ARM's {@code managedInstanceName})
 * @param fqdn           {@code properties.fullyQualifiedDomainName}; also the subject of the endpoint certificate
 * @param location       the Azure region (default {@code westeurope}); appears in the resource and in LRO URLs
 * @param state          {@code properties.state}
 * @param collation      {@code properties.collation}
 * @param updatePolicy   the instance's update policy, served as {@code properties.databaseFormat}
 * @param tier           service tier; Next-gen General Purpose is served as GP with {@code isGeneralPurposeV2: true}
 * @param vCores         {@code properties.vCores} and {@code sku.capacity}
 * @param storageSizeGb  {@code properties.storageSizeInGB}
 * @param usedStorageGb  storage in use, served through the {@code storage_space_used_mb} metric
 * @param databases      user databases already on the instance
 * @param failoverGroup  whether the instance is in an instance failover group
 * @param grantedActions ARM actions the caller holds on the instance (wildcards as in Azure RBAC)
 * @param links          distributed availability groups (links) already on the instance
 * @param endpointCertificate the validity window of the DATABASE_MIRRORING endpoint certificate; null for the
 *                       default (from an hour before the twin starts, for a year)
 * @param administratorLogin the instance's SQL administrator login (ARM {@code properties.administratorLogin}); when
 *                       given, {@code LinkedTwins} also serves the instance's SQL endpoint over TDS, where this login
 *                       reads what the instance shows of itself (its msdb.dbo.backupset)
 * @param administratorLoginPassword that login's password (ARM's write-only {@code administratorLoginPassword}); never
 *                       shown by {@link #toString()}
 */
public record ManagedInstanceScenario(
        String subscriptionId,
        String resourceGroup,
        String name,
        String fqdn,
        String location,
        State state,
        String collation,
        UpdatePolicy updatePolicy,
        Tier tier,
        Integer vCores,
        Integer storageSizeGb,
        Double usedStorageGb,
        List<String> databases,
        Boolean failoverGroup,
        List<String> grantedActions,
        List<Link> links,
        EndpointCertificate endpointCertificate,
        String administratorLogin,
        String administratorLoginPassword) {

    @Override
    public String toString() {
        return "ManagedInstanceScenario[name=" + name + ", fqdn=" + fqdn + ", administratorLogin=" + administratorLogin
                + "]";
    }

    /** Values of ARM's {@code properties.state} for a managed instance. */
    public enum State { Ready, Starting, Stopping, Stopped, Updating, Creating, Deleting, Failed }

    /** The instance update policy, served as ARM's {@code databaseFormat}. */
    public enum UpdatePolicy { AlwaysUpToDate, SQLServer2022, SQLServer2025 }

    public enum Tier { GeneralPurpose, BusinessCritical, NextGenGeneralPurpose }

    /**
     * The validity window of the instance's endpoint certificate, ISO-8601 instants ({@code 2026-01-01T00:00:00Z}):
     * how a scenario describes an expired, not-yet-valid or soon-expiring certificate. Either may be left out.
     */
    public record EndpointCertificate(String notBefore, String notAfter) {
    }

    /** A role of one side of a link (ARM enum {@code LinkRole}). */
    public enum LinkRole { Primary, Secondary }

    /**
     * A link that already exists on the instance, in the 2025-01-01 shape.
     *
     * @param instanceLinkRole the managed instance's role (default Secondary: SQL Server replicates to Azure)
     */
    public record Link(String name, String instanceAvailabilityGroupName, String partnerAvailabilityGroupName,
                       String partnerEndpoint, List<String> databases, LinkRole instanceLinkRole) {
    }
}
