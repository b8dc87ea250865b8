package io.milink.preflight.facts;

import io.milink.netprobe.DnsFacts;
import io.milink.netprobe.ListenReport;
import io.milink.netprobe.ProbeReport;

import java.util.Objects;

/**
 * What milink's host saw of the network the link needs (shared/reference/mi-link-workflow.md §2): the managed
 * instance's name and ports 5022 and 11000-11999, SQL Server's name and mirroring endpoint port, and, when the user
 * ran one, a listening session on the SQL Server host.
 *
 * @param managedInstanceHost   the managed instance FQDN probed: the one the user named, or the one Azure Resource
 *                              Manager reported (see {@code hostSource})
 * @param managedInstanceSubnet its subnet (CIDR) when the user named it, else null
 * @param fromSqlServerHost     true when milink runs on the SQL Server host itself, so the probes test the path the
 *                              link uses; false means they tested milink's host only (§2.6)
 * @param toManagedInstance     the sweep of 5022 and 11000-11999 to the managed instance, with its DNS facts
 * @param toSqlServerEndpoint   the probe of the SQL Server's endpoint port; null when there was no port to probe
 * @param sqlServerDns          what SQL Server's host name resolved to from milink's host; null when not known
 * @param sqlServerNetwork      SQL Server's address range (CIDR): its interface's subnet when milink runs on its
 *                              host, else its single address; null when the name did not resolve
 * @param inbound               a saved {@code milink netprobe listen} session (preflight --inbound-result); null when
 *                              none was given
 * @param hostSource            where {@code managedInstanceHost} came from; null in facts files written before it
 *                              was recorded, which means {@link HostSource#NAMED}
 */
public record NetworkFacts(String managedInstanceHost, String managedInstanceSubnet, boolean fromSqlServerHost,
                           ProbeReport toManagedInstance, ProbeReport toSqlServerEndpoint, DnsFacts sqlServerDns,
                           String sqlServerNetwork, ListenReport inbound, HostSource hostSource) {
    public NetworkFacts {
        Objects.requireNonNull(managedInstanceHost, "managedInstanceHost");
        Objects.requireNonNull(toManagedInstance, "toManagedInstance");
        hostSource = hostSource == null ? HostSource.NAMED : hostSource;
    }

    /** Where the probed managed instance name came from, so the net.* evidence can say it. */
    public enum HostSource {
        /** --mi-host or the spec's managedInstance.fqdn. */
        NAMED,
        /**
         * The managed instance's {@code fullyQualifiedDomainName} as Azure Resource Manager returned it: the
         * VNet-local name ({@code <mi>.<dnszone>.database.windows.net}), the only endpoint the link uses
         * (shared/reference/arm-api.md §2.4, mi-link-workflow.md §2.1).
         */
        ARM
    }

    /** As the canonical constructor, for a name the user gave. */
    public NetworkFacts(String managedInstanceHost, String managedInstanceSubnet, boolean fromSqlServerHost,
                        ProbeReport toManagedInstance, ProbeReport toSqlServerEndpoint, DnsFacts sqlServerDns,
                        String sqlServerNetwork, ListenReport inbound) {
        this(managedInstanceHost, managedInstanceSubnet, fromSqlServerHost, toManagedInstance, toSqlServerEndpoint,
                sqlServerDns, sqlServerNetwork, inbound, HostSource.NAMED);
    }

    /** The probes alone, before SQL Server's name is resolved or a listening session is added. */
    public NetworkFacts(String managedInstanceHost, String managedInstanceSubnet, boolean fromSqlServerHost,
                        ProbeReport toManagedInstance, ProbeReport toSqlServerEndpoint) {
        this(managedInstanceHost, managedInstanceSubnet, fromSqlServerHost, toManagedInstance, toSqlServerEndpoint,
                null, null, null);
    }

    public NetworkFacts withInbound(ListenReport session) {
        return new NetworkFacts(managedInstanceHost, managedInstanceSubnet, fromSqlServerHost, toManagedInstance,
                toSqlServerEndpoint, sqlServerDns, sqlServerNetwork, session, hostSource);
    }
}
