package io.milink.core.spec;

import java.util.Objects;

/**
 * The resolved names of one database's link ({@link LinkSpec#namesFor}): what milink creates, or looks for, on
 * each side.
 *
 * @param database                     the database, spelt as the spec lists it
 * @param availabilityGroup            the availability group on SQL Server that holds the database (sysname; quote
 *                                     it with {@code Tsql.quoteName})
 * @param distributedAvailabilityGroup the distributed availability group on SQL Server, which is also the link's
 *                                     name on the managed instance (the ARM resource name)
 * @param instanceAvailabilityGroup    the availability group the link creates on the managed instance
 *                                     ({@code instanceAvailabilityGroupName} in the ARM body)
 */
public record DatabaseLinkNames(String database, String availabilityGroup, String distributedAvailabilityGroup,
                                String instanceAvailabilityGroup) {
    public DatabaseLinkNames {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(availabilityGroup, "availabilityGroup");
        Objects.requireNonNull(distributedAvailabilityGroup, "distributedAvailabilityGroup");
        Objects.requireNonNull(instanceAvailabilityGroup, "instanceAvailabilityGroup");
    }
}
