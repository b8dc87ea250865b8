package io.milink.netprobe;

import java.util.ArrayList;
import java.util.List;

/**
 * What a name resolved to from this host, in the resolver's order, or why it did not resolve. Resolution is the
 * operating system's (what SQL Server on the same host would get), so a hosts-file entry or custom DNS counts.
 */
public record DnsFacts(String host, List<ResolvedAddress> addresses, String error) {

    public DnsFacts {
        addresses = List.copyOf(addresses);
    }

    public static DnsFacts resolved(String host, List<ResolvedAddress> addresses) {
        return new DnsFacts(host, addresses, null);
    }

    public static DnsFacts unresolved(String host, String error) {
        return new DnsFacts(host, List.of(), error);
    }

    public boolean isResolved() {
        return !addresses.isEmpty();
    }

    public boolean anyPublic() {
        return addresses.stream().anyMatch(a -> a.scope() == AddressScope.PUBLIC);
    }

    /** The address a sweep probes: the first the resolver returned (what a client connecting by name would try). */
    public String probedAddress() {
        return addresses.isEmpty() ? null : addresses.get(0).address();
    }

    /** Plain sentences about what is wrong or worth knowing; empty when nothing is. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!isResolved()) {
            out.add("'" + host + "' does not resolve from this host" + (error == null ? "" : " (" + error + ")")
                    + ": check the name, and that this host uses the DNS that resolves the VNet-local address");
            return out;
        }
        for (ResolvedAddress a : addresses) {
            if (a.scope() == AddressScope.PUBLIC) {
                out.add(a.address() + " is a public address: the link works only over the managed instance's "
                        + "VNet-local endpoint (a private address reached by VPN, ExpressRoute or peering), never its "
                        + "public endpoint");
            }
        }
        if (addresses.size() > 1) {
            out.add("'" + host + "' resolves to " + addresses.size() + " addresses; only the first, "
                    + probedAddress() + ", was probed");
        }
        return out;
    }
}
