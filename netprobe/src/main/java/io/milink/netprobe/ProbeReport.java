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

    /**
     * The report of a finished sweep: the ports that have a result (null entries were never probed), ascending, and
     * the sweep's facts. A sweep is marked cancelled only when the cancel left some asked port unprobed.
     */
    static ProbeReport ofSweep(String host, DnsFacts dns, PortResult[] results, ProbeOptions options,
                               double elapsedMillis, boolean cancelRequested) {
        List<PortResult> probed = new java.util.ArrayList<>(results.length);
        for (PortResult r : results) {
            if (r != null) {
                probed.add(r);
            }
        }
        probed.sort((a, b) -> Integer.compare(a.port(), b.port()));
        SweepFacts facts = new SweepFacts(dns.probedAddress(), dns.addresses(), options.connectTimeout().toMillis(),
                options.concurrency(), elapsedMillis, cancelRequested && probed.size() < results.length,
                dns.warnings());
        return new ProbeReport(host, dns.addresses().stream().map(ResolvedAddress::address).toList(), probed,
                ProbeSummary.of(probed).withSweep(facts));
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
