package io.milink.netprobe;

/** An inclusive range of TCP ports, {@code from} to {@code to}; a single port is a range of one. */
public record PortRange(int from, int to) {

    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65_535;

    public PortRange {
        checkPort(from);
        checkPort(to);
        if (from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " runs backwards; write it as "
                    + to + "-" + from);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public int size() {
        return to - from + 1;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    static void checkPort(int port) {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " is out of range; a TCP port is "
                    + MIN_PORT + " to " + MAX_PORT);
        }
    }

    /** {@code 5022} or {@code 11000–11999} (en dash, as in the summary). */
    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "–" + to;
    }
}
