package io.milink.netprobe;

import java.time.Duration;

/**
 * Run by {@link UnreachableInNamespaceTest} in a child JVM inside a private network namespace: sweeps the given
 * loopback-range address and prints one line per port, {@code port verdict}.
 */
public final class NoRouteProbeMain {

    private NoRouteProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        try (BlockingPortProbe probe = new BlockingPortProbe()) {
            ProbeReport report = probe.probe(args[0], PortSet.parse(args[1]), new ProbeOptions(Duration.ofSeconds(1),
                    10));
            for (PortResult r : report.ports()) {
                System.out.println(r.port() + " " + r.verdict());
            }
        }
    }
}
