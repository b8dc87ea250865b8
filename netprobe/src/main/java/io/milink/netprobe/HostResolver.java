package io.milink.netprobe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a name with the operating system's resolver. It blocks (getaddrinfo), so {@link PortProbe} runs it on a
 * Vert.x worker thread, never on the event loop.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address of the host, in the resolver's order; throws when the name does not resolve. */
    InetAddress[] lookup(String host) throws UnknownHostException;

    static HostResolver system() {
        return InetAddress::getAllByName;
    }

    /**
     * The DNS facts of a host; never throws for an unresolvable name (that is a fact, not an error).
     *
     * @throws IllegalArgumentException when the host is empty
     */
    default DnsFacts resolve(String host) {
        String name = requireHost(host);
        try {
            List<ResolvedAddress> out = new ArrayList<>();
            for (InetAddress address : lookup(name)) {
                out.add(ResolvedAddress.of(address));
            }
            return out.isEmpty() ? DnsFacts.unresolved(name, "no addresses") : DnsFacts.resolved(name, out);
        } catch (UnknownHostException e) {
            return DnsFacts.unresolved(name, e.getMessage());
        }
    }

    /** The host stripped of surrounding spaces, or a clear error when there is none. */
    static String requireHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no host given; name the managed instance's FQDN or address");
        }
        return host.strip();
    }
}
