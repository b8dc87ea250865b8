package io.milink.linkmanager.fleet;

import java.util.List;
import java.util.Objects;

import io.milink.core.spec.DatabaseLinkNames;

/**
 * One link a fleet monitor watches: what one spec describes (docs/spec.md), by the names under which its SQL Server
 * and its managed instance were added to the {@link LinkFleet}.
 *
 * @param sqlServer       the key of its SQL Server in the fleet
 * @param managedInstance the key of its managed instance in the fleet
 * @param databases       its databases' names on both sides ({@code LinkSpec.namesFor})
 */
public record MonitoredLink(String sqlServer, String managedInstance, List<DatabaseLinkNames> databases) {
    public MonitoredLink {
        Objects.requireNonNull(sqlServer, "sqlServer");
        Objects.requireNonNull(managedInstance, "managedInstance");
        databases = List.copyOf(databases);
        if (databases.isEmpty()) {
            throw new IllegalArgumentException("a monitored link needs at least one database");
        }
    }

    @Override
    public String toString() {
        return sqlServer + " -> " + managedInstance + " " + databases.stream()
                .map(DatabaseLinkNames::distributedAvailabilityGroup).toList();
    }
}
