package io.milink.netprobe;

/**
 * What one TCP connect attempt to one port proved. A connect proves that the port accepts TCP connections from this
 * host, not that the mirroring protocol (UCS) passes a firewall that inspects packets (reference §2.6, §7.3).
 */
public enum ProbeVerdict {
    /** The three-way handshake completed: something listens and nothing on the path dropped the SYN. */
    OPEN("open", "the port accepted a TCP connection"),
    /**
     * The host (or a firewall speaking for it) answered with a reset: the path is open up to the host but nothing
     * listens on that port.
     */
    CLOSED("closed", "refused: the host answered, but nothing listens on the port (or a firewall sent a reset)"),
    /** No answer within the connect timeout: something on the path dropped the packets (NSG, firewall). */
    FILTERED("filtered", "no answer within the timeout: a firewall or NSG on the path dropped the packets"),
    /** The name did not resolve from this host: nothing was sent. */
    UNRESOLVED("unresolved", "the name does not resolve from this host; nothing was sent"),
    /**
     * The operating system has no route to the address (or a router said so), or its own policy forbade sending
     * (a "prohibit" route or local firewall, EACCES/EPERM): nothing reached the host. Also the verdict for any
     * connect failure that cannot be classified, since all that is known is that no connection was made.
     */
    UNREACHABLE("unreachable", "no route to the address from this host (routing, VPN or peering), or this host's "
            + "own policy forbade sending");

    private final String word;
    private final String meaning;

    ProbeVerdict(String word, String meaning) {
        this.word = word;
        this.meaning = meaning;
    }

    /** Lower-case word for the text summary ("1,000 filtered"). */
    public String word() {
        return word;
    }

    /** One sentence: what this verdict proves. */
    public String meaning() {
        return meaning;
    }
}
