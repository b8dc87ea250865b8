package io.milink.netprobe;

import java.util.List;

/**
 * The result of a sweep, shaped as the JSON contract (docs/network.md):
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

    /** Whether the name resolved (when not, every port is UNRESOLVED and nothing was sent). */
    public boolean resolved() {
        return !addresses.isEmpty();
    }

    /** The DNS facts the sweep saw, read back from its addresses and their scopes. */
    public DnsFacts dns() {
        SweepFacts sweep = summary.sweep();
        if (sweep != null && !sweep.addressScopes().isEmpty()) {
            return DnsFacts.resolved(host, sweep.addressScopes());
        }
        return resolved() ? DnsFacts.resolved(host, addresses.stream().map(ProbeReport::scopeOfLiteral).toList())
                : DnsFacts.unresolved(host, null);
    }

    private static ResolvedAddress scopeOfLiteral(String address) {
        try {
            return ResolvedAddress.of(java.net.InetAddress.getByName(address)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + address, e);
        }
    }

    /** This report with more DNS warnings (e.g. "outside the managed instance subnet"); unchanged without sweep facts. */
    public ProbeReport withDnsWarning(String warning) {
        SweepFacts f = summary.sweep();
        if (f == null) {
            return this;
        }
        List<String> warnings = new java.util.ArrayList<>(f.dnsWarnings());
        warnings.add(warning);
        return new ProbeReport(host, addresses, ports, summary.withSweep(new SweepFacts(f.probedAddress(),
                f.addressScopes(), f.timeoutMillis(), f.concurrency(), f.elapsedMillis(), f.cancelled(), warnings)));
    }
}
