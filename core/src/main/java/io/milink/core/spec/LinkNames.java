package io.milink.core.spec;

/**
 * Optional names for what the link creates; null means milink derives one.
 *
 * @param availabilityGroup            the availability group on SQL Server
 * @param distributedAvailabilityGroup the distributed availability group (and link) name
 * @param endpointPort                 the mirroring endpoint's port (5022 by default, per the documentation)
 * @param certificate                  the SQL Server link certificate's name
 */
public record LinkNames(String availabilityGroup, String distributedAvailabilityGroup, Integer endpointPort,
                        String certificate) {

    public static final int DEFAULT_ENDPOINT_PORT = 5022;

    public static LinkNames defaults() {
        return new LinkNames(null, null, null, null);
    }

    public int endpointPortOrDefault() {
        return endpointPort == null ? DEFAULT_ENDPOINT_PORT : endpointPort;
    }
}
