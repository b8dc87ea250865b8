package io.milink.netprobe;

import java.net.InetAddress;

/** One address a name resolved to, as text ({@code 10.0.0.4}, {@code fd00::4}), and its scope. */
public record ResolvedAddress(String address, AddressScope scope) {

    public static ResolvedAddress of(InetAddress address) {
        return new ResolvedAddress(address.getHostAddress(), AddressScope.of(address));
    }
}
