package io.milink.netprobe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where an address is routable. The link works only over the managed instance's VNet-local endpoint, never its
 * public one (reference §2.1), so a PUBLIC address for the MI FQDN is a finding: the prober's DNS is answering with
 * the public endpoint (or the wrong name was given).
 */
public enum AddressScope {
    /** 127.0.0.0/8, ::1: this machine. */
    LOOPBACK,
    /** 169.254.0.0/16, fe80::/10: the local link only. */
    LINK_LOCAL,
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598 shared space (100.64/10), IPv6 unique-local fc00::/7. */
    PRIVATE,
    /** Anything else: routable on the internet. */
    PUBLIC;

    public static AddressScope of(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (address.isSiteLocalAddress()) {
            return PRIVATE; // the JDK's "site local" for IPv4 is exactly RFC 1918
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64) {
            return PRIVATE;
        }
        if (address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    /** Not routable on the internet: could be the VNet-local address the link needs. */
    public boolean isPrivate() {
        return this != PUBLIC;
    }
}
