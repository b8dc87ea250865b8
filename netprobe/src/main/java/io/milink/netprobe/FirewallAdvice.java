package io.milink.netprobe;

/**
 * What to open, or check, for ports that are not OPEN, in the SQL Server → managed instance direction (5022 and
 * 11000–11999 towards the MI), from the port table of reference §2.2 and the causes of §7.3.
 */
public final class FirewallAdvice {

    private FirewallAdvice() {
    }

    /**
     * One sentence for a group of ports with the same verdict, probed from this host towards {@code target}.
     * OPEN gets none (an empty string).
     */
    public static String forGroup(PortGroup group, String target) {
        String ports = group.from() == group.to() ? Integer.toString(group.from())
                : group.from() + "-" + group.to();
        return switch (group.verdict()) {
            case OPEN -> "";
            case FILTERED -> "allow TCP " + ports + " to " + target + ": outbound on every firewall in front of "
                    + "SQL Server and on the host firewall, and inbound on the NSG of the managed instance's subnet "
                    + "from the SQL Server address(es) " + LearnPages.see(LearnPages.PREPARE);
            case CLOSED -> "the host answered with a reset on " + ports + ": either nothing listens there (is "
                    + target + " the managed instance's VNet-local address?) or a firewall rejects instead of "
                    + "dropping; check REJECT rules for TCP " + ports;
            case UNREACHABLE -> "no route from this host to " + target + ": check the VPN, ExpressRoute or VNet "
                    + "peering and the route tables " + LearnPages.see(LearnPages.PREPARE);
            case UNRESOLVED -> "the name does not resolve from this host: fix DNS (custom DNS or a hosts entry for "
                    + "the VNet-local address) or probe the address directly";
        };
    }
}
