package io.milink.netprobe;

import java.util.List;

/**
 * The result of a sweep, shaped as the JSON contract (docs/netprobe.md):
 * {@code {"host": "…", "addresses": ["…"], "ports": [{"port": 5022, "verdict": "OPEN", "millis": 0.8}, …],
 * "summary": {…}}}, one port entry per probed port, ascending.
 */
public record ProbeReport(String host, List<String> addresses, List<PortResult> ports, ProbeSummary summary) {

    public ProbeReport {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }

    public boolean allOpen() {
        return summary.allOpen();
    }

    /** The DNS facts this report was built from, read back from its addresses and summary. */
    public boolean resolved() {
        return !addresses.isEmpty();
    }
}
