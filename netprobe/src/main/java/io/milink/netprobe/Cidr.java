package io.milink.netprobe;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as the managed instance's subnet ({@code 10.0.1.0/24}). The link needs the MI's VNet-local
 * address, inside that subnet, and the MI subnet must not overlap the SQL Server network (reference §2.1).
 */
public record Cidr(String network, int prefixLength) {

    public Cidr {
        InetAddress address = literal(network);
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix /" + prefixLength + " is out of range for " + network
                    + " (0 to " + bits + ")");
        }
        network = address.getHostAddress();
    }

    /**
     * Parses {@code 10.0.1.0/24} or {@code fd00::/64}; address literals only, never a name (no DNS).
     *
     * @throws IllegalArgumentException with a message naming the text
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no address range given; write e.g. 10.0.1.0/24");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0 || !t.substring(slash + 1).matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'" + t + "' is not an address range; write e.g. 10.0.1.0/24");
        }
        return new Cidr(t.substring(0, slash), Integer.parseInt(t.substring(slash + 1)));
    }

    /** Whether the address (a literal) is inside this range; addresses of the other family never are. */
    public boolean contains(String address) {
        byte[] candidate = literal(address).getAddress();
        byte[] base = literal(network).getAddress();
        return candidate.length == base.length && masked(candidate).equals(masked(base));
    }

    /** Whether two ranges share any address. */
    public boolean overlaps(Cidr other) {
        byte[] a = literal(network).getAddress();
        byte[] b = literal(other.network).getAddress();
        if (a.length != b.length) {
            return false;
        }
        int shorter = Math.min(prefixLength, other.prefixLength);
        return mask(a, shorter).equals(mask(b, shorter));
    }

    private BigInteger masked(byte[] address) {
        return mask(address, prefixLength);
    }

    private static BigInteger mask(byte[] address, int prefix) {
        int bits = address.length * 8;
        BigInteger value = new BigInteger(1, address);
        return value.shiftRight(bits - prefix);
    }

    private static InetAddress literal(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(t); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal", e);
        }
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
