package io.milink.linkmanager;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.milink.core.spec.SecretSource;

/**
 * What the spec asks the link to be, with every name resolved: the instance-level objects once, and one
 * {@link DatabaseLink} per database (one link per database, the 2025-01-01 single-database mode).
 *
 * @param certificateName     SQL Server's link certificate (the endpoint authenticates with it)
 * @param certificateExpiry   its EXPIRY_DATE when milink creates it
 * @param endpointName        the mirroring endpoint's name when milink must create one
 * @param endpointPort        the port SQL Server's endpoint listens on
 * @param endpointUrl         how SQL Server's replicas and the instance reach its endpoint, {@code TCP://host:port}
 * @param synchronousCommit   the link's replication mode
 * @param failoverModeManual  Manual (two-way) or None (one-way to Azure)
 * @param masterKeyPassword   where the master key's password is, when milink must create the key; null if not given
 */
public record DesiredLink(String certificateName, LocalDate certificateExpiry, String endpointName, int endpointPort,
                          String endpointUrl, boolean synchronousCommit, boolean failoverModeManual,
                          SecretSource masterKeyPassword, List<DatabaseLink> databases) {

    public DesiredLink {
        Objects.requireNonNull(certificateName, "certificateName");
        Objects.requireNonNull(certificateExpiry, "certificateExpiry");
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(endpointUrl, "endpointUrl");
        databases = List.copyOf(databases);
    }

    /**
     * One database's link.
     *
     * @param availabilityGroup         the AG on SQL Server holding the database
     * @param distributedAvailabilityGroup the DAG on SQL Server, and the link's name on the instance
     * @param instanceAvailabilityGroup the instance-side AG name of the DAG
     */
    public record DatabaseLink(String database, String availabilityGroup, String distributedAvailabilityGroup,
                               String instanceAvailabilityGroup) {
    }
}
