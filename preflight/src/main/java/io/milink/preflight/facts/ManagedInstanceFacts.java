package io.milink.preflight.facts;

import java.util.List;

/**
 * What Azure Resource Manager said of the managed instance (shared/reference/mi-link-workflow.md §1.4).
 *
 * @param resourceId          the instance's resource id
 * @param errorStatus         HTTP status of a failed read (404, 403, ...), 0 for no response; null when it worked
 * @param errorCode           ARM's error code of a failed read (ResourceNotFound, AuthorizationFailed, ...)
 * @param errorMessage        ARM's message, or the client's, for a failed read
 * @param state               Ready, Stopped, Starting, ...
 * @param fqdn                fullyQualifiedDomainName
 * @param collation           the instance collation
 * @param updatePolicy        AlwaysUpToDate, SQLServer2022, SQLServer2025 (properties.databaseFormat)
 * @param tier                sku tier
 * @param vCores              vCores
 * @param storageSizeGb       storage size
 * @param databases           databases already on the instance; null when they could not be listed
 * @param databasesError      why they could not be listed (ARM's code and message), else null
 * @param endpointCertificate the DATABASE_MIRRORING endpoint certificate, upper-case hex DER; null when unread
 * @param endpointCertificateError why it could not be read, else null (a stopped instance refuses it)
 */
public record ManagedInstanceFacts(String resourceId, Integer errorStatus, String errorCode, String errorMessage,
                                   String state, String fqdn, String collation, String updatePolicy, String tier,
                                   Integer vCores, Integer storageSizeGb, List<String> databases,
                                   String databasesError, String endpointCertificate,
                                   String endpointCertificateError) {

    public ManagedInstanceFacts {
        databases = databases == null ? null : List.copyOf(databases);
    }

    public boolean read() {
        return errorStatus == null;
    }

    public static ManagedInstanceFacts failed(String resourceId, int status, String code, String message) {
        return new ManagedInstanceFacts(resourceId, status, code, message, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
