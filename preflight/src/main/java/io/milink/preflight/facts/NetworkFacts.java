package io.milink.preflight.facts;

import io.milink.netprobe.ProbeReport;

import java.util.Objects;

/**
 * What milink's host saw of the network the link needs (shared/reference/mi-link-workflow.md §2): the managed
 * instance's name and ports 5022 and 11000-11999, and the SQL Server's mirroring endpoint port.
 *
 * @param managedInstanceHost   the managed instance FQDN the user named
 * @param managedInstanceSubnet its subnet (CIDR) when the user named it, else null
 * @param fromSqlServerHost     true when milink runs on the SQL Server host itself, so the probes test the path the
 *                              link uses; false means they tested milink's host only (§2.6)
 * @param toManagedInstance     the sweep of 5022 and 11000-11999 to the managed instance, with its DNS facts
 * @param toSqlServerEndpoint   the probe of the SQL Server's endpoint port; null when there was no port to probe
 */
public record NetworkFacts(String managedInstanceHost, String managedInstanceSubnet, boolean fromSqlServerHost,
                           ProbeReport toManagedInstance, ProbeReport toSqlServerEndpoint) {
    public NetworkFacts {
        Objects.requireNonNull(managedInstanceHost, "managedInstanceHost");
        Objects.requireNonNull(toManagedInstance, "toManagedInstance");
    }
}
