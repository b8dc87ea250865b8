package io.milink.preflight.facts;

import java.util.List;

/**
 * Instance-level facts (shared/reference/mi-link-workflow.md §1.6, §1.10).
 *
 * @param serverName             {@code @@SERVERNAME}
 * @param productVersion         {@code SERVERPROPERTY('ProductVersion')}, e.g. 15.0.4312.2
 * @param productLevel           RTM, SP3, ...
 * @param productUpdateLevel     CU20, ...; null when none
 * @param edition                {@code SERVERPROPERTY('Edition')}
 * @param engineEdition          {@code SERVERPROPERTY('EngineEdition')}
 * @param hostPlatform           Windows or Linux ({@code sys.dm_os_host_info}); null before 2017, which is Windows
 * @param collation              server collation
 * @param hadrEnabled            {@code SERVERPROPERTY('IsHadrEnabled') = 1}
 * @param loginIsSysadmin        {@code IS_SRVROLEMEMBER('sysadmin') = 1}
 * @param issuerProcedurePresent {@code sp_certificate_add_issuer} exists
 * @param masterKeyPresent       a database master key exists in master
 * @param globalTraceFlags       trace flags on globally now ({@code DBCC TRACESTATUS(-1)})
 * @param startupParameters      the service's startup parameters ({@code -T1800}, ...) from
 *                               {@code sys.dm_server_registry}; null when they cannot be read (Linux keeps them in
 *                               mssql.conf)
 * @param certificates           certificates in master
 * @param mirroringEndpoints     DATABASE_MIRRORING endpoints (at most one exists)
 * @param availabilityGroups     availability groups, distributed ones included
 * @param databases              every database on the instance, system databases included
 * @param issuers                certificates registered as trusted issuers; null when the instance does not show
 *                               them (sys.sp_certificate_issuers is undocumented and missing before 2019)
 */
public record SqlServerFacts(String serverName, String productVersion, String productLevel,
                             String productUpdateLevel, String edition, Integer engineEdition, String hostPlatform,
                             String collation, boolean hadrEnabled, boolean loginIsSysadmin,
                             boolean issuerProcedurePresent, boolean masterKeyPresent, List<Integer> globalTraceFlags,
                             List<String> startupParameters, List<CertificateFact> certificates,
                             List<EndpointFact> mirroringEndpoints, List<AvailabilityGroupFact> availabilityGroups,
                             List<DatabaseFacts> databases, List<IssuerFact> issuers) {

    public SqlServerFacts {
        globalTraceFlags = List.copyOf(globalTraceFlags);
        startupParameters = startupParameters == null ? null : List.copyOf(startupParameters);
        certificates = List.copyOf(certificates);
        mirroringEndpoints = List.copyOf(mirroringEndpoints);
        availabilityGroups = List.copyOf(availabilityGroups);
        databases = List.copyOf(databases);
        issuers = issuers == null ? null : List.copyOf(issuers);
    }

    /** The platform, treating "not reported" as Windows: only 2017+ can run on Linux, and those report it. */
    public boolean isLinux() {
        return "Linux".equalsIgnoreCase(hostPlatform);
    }

    /** The database with this exact name (SQL Server compares names by the server collation, usually CI). */
    public java.util.Optional<DatabaseFacts> database(String name) {
        return databases.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }
}
