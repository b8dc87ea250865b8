package io.milink.netprobe;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * The ports to probe, each once, in ascending order. Parsed from {@code 5022,11000-11999}; the sweep probes exactly
 * these ports and no other (issue 5: "never probe more ports than asked").
 */
public final class PortSet {

    /** 5022 (the mirroring endpoint) and 11000–11999 (the MI's per-node redirect ports), reference §2.2. */
    public static final String LINK_DEFAULT = "5022,11000-11999";

    private final List<Integer> ports;

    private PortSet(List<Integer> ports) {
        this.ports = Collections.unmodifiableList(ports);
    }

    /** The ports the link needs towards the managed instance: {@value #LINK_DEFAULT}. */
    public static PortSet linkDefault() {
        return parse(LINK_DEFAULT);
    }

    public static PortSet of(int... ports) {
        BitSet set = new BitSet(PortRange.MAX_PORT + 1);
        for (int port : ports) {
            PortRange.checkPort(port);
            set.set(port);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no ports given");
        }
        return fromBits(set);
    }

    /**
     * Parses a comma-separated list of ports and inclusive ranges, e.g. {@code 5022,11000-11999}. Spaces around
     * items are ignored; duplicates and overlaps count once.
     *
     * @throws IllegalArgumentException with a message naming the bad item
     */
    public static PortSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no ports given; write e.g. 5022,11000-11999");
        }
        BitSet set = new BitSet(PortRange.MAX_PORT + 1);
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty item in port list '" + text + "'; write e.g. "
                        + "5022,11000-11999");
            }
            PortRange range = parseItem(item);
            set.set(range.from(), range.to() + 1);
        }
        return fromBits(set);
    }

    private static PortRange parseItem(String item) {
        int dash = item.indexOf('-', 1);
        try {
            if (dash < 0) {
                return PortRange.single(parsePort(item, item));
            }
            return new PortRange(parsePort(item.substring(0, dash).strip(), item),
                    parsePort(item.substring(dash + 1).strip(), item));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("'")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + item + "': " + e.getMessage(), e);
        }
    }

    private static int parsePort(String text, String item) {
        if (text.matches("-?[0-9]{1,9}")) {
            int port = Integer.parseInt(text);
            PortRange.checkPort(port);
            return port;
        }
        if (text.matches("-?[0-9]+")) {
            throw new IllegalArgumentException("port " + text + " is out of range; a TCP port is "
                    + PortRange.MIN_PORT + " to " + PortRange.MAX_PORT);
        }
        throw new IllegalArgumentException("'" + item + "' is not a port or a range; write e.g. 5022 or 11000-11999");
    }

    private static PortSet fromBits(BitSet set) {
        List<Integer> list = new ArrayList<>(set.cardinality());
        set.stream().forEach(list::add);
        return new PortSet(list);
    }

    /** The ports, ascending, each once. */
    public List<Integer> ports() {
        return ports;
    }

    public int size() {
        return ports.size();
    }

    /** The set written back as collapsed ranges, e.g. {@code 5022,11000-11999}: parses to an equal set. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (PortRange r : ranges()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to());
        }
        return out.toString();
    }

    /** The set as maximal runs of consecutive ports. */
    public List<PortRange> ranges() {
        List<PortRange> out = new ArrayList<>();
        int start = -1;
        int previous = -1;
        for (int port : ports) {
            if (start < 0) {
                start = port;
            } else if (port != previous + 1) {
                out.add(new PortRange(start, previous));
                start = port;
            }
            previous = port;
        }
        if (start >= 0) {
            out.add(new PortRange(start, previous));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && ports.equals(other.ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }
}
