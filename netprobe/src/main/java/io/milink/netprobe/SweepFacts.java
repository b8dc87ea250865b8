package io.milink.netprobe;

import java.util.List;

/**
 * How a sweep ran: which address was probed (the first the name resolved to), each resolved address's scope, the
 * timeout and concurrency used, the wall time, whether it was cancelled, and DNS warnings (a public address, a name
 * that does not resolve).
 */
public record SweepFacts(String probedAddress, List<ResolvedAddress> addressScopes, long timeoutMillis,
                         int concurrency, double elapsedMillis, boolean cancelled, List<String> dnsWarnings) {

    public SweepFacts {
        addressScopes = List.copyOf(addressScopes);
        dnsWarnings = List.copyOf(dnsWarnings);
        elapsedMillis = Math.round(elapsedMillis * 10.0) / 10.0;
    }
}
