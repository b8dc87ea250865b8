package io.milink.netprobe.bench;

import io.milink.netprobe.BlockingPortProbe;
import io.milink.netprobe.PortSet;
import io.milink.netprobe.ProbeOptions;
import io.milink.netprobe.ProbeReport;
import io.milink.netprobe.ProbeVerdict;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 5's benchmark (a program, not a test; run with netprobe/bench/sweep-benchmark.sh). Loopback only.
 *
 * <p>The "dropped" target is 1,001 loopback listeners whose accept queues are full: Linux then drops further SYNs
 * (listen overflow), so a connect times out exactly as behind a DROP rule. The issue asked for a network namespace
 * with a DROP rule; this machine has neither iptables nor nft nor tc netem, and the full-queue listener needs no root.
 * The "refused" target is 1,001 loopback ports nobody listens on.
 */
public final class SweepBenchmark {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        int ports = args.length > 0 ? Integer.parseInt(args[0]) : 1001;
        Duration timeout = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1000);
        int sequentialSample = 5;
        List<AutoCloseable> held = new ArrayList<>();
        try (BlockingPortProbe probe = new BlockingPortProbe()) {
            // Warm up the JIT and the event loop on a few refused ports, so the first figure is not start-up.
            probe.probe("127.0.0.1", closedPorts(50), new ProbeOptions(timeout, 50));

            PortSet dropped = droppingPorts(ports, held);
            PortSet refused = closedPorts(ports);
            System.out.printf(Locale.ROOT, "netprobe sweep benchmark: %d ports on 127.0.0.1, connect timeout %d ms%n",
                    ports, timeout.toMillis());
            System.out.printf(Locale.ROOT, "%-46s %10s  %s%n", "sweep", "wall", "verdicts");

            for (int concurrency : new int[] {ports, 100}) {
                run(probe, "dropped, " + concurrency + " in flight", dropped, new ProbeOptions(timeout,
                        Math.min(concurrency, ProbeOptions.MAX_CONCURRENCY)), ProbeVerdict.FILTERED, timeout);
            }
            run(probe, "refused, " + ports + " in flight", refused, new ProbeOptions(timeout,
                    Math.min(ports, ProbeOptions.MAX_CONCURRENCY)), ProbeVerdict.CLOSED, timeout);
            run(probe, "refused, 100 in flight", refused, new ProbeOptions(timeout, 100), ProbeVerdict.CLOSED,
                    timeout);
            double refusedOneByOne = run(probe, "refused, one port at a time", refused, new ProbeOptions(timeout, 1),
                    ProbeVerdict.CLOSED, timeout);

            PortSet sample = PortSet.of(dropped.ports().subList(0, sequentialSample).stream().mapToInt(i -> i)
                    .toArray());
            double sampleMillis = run(probe, "dropped, one at a time (" + sequentialSample + "-port sample)", sample,
                    new ProbeOptions(timeout, 1), ProbeVerdict.FILTERED, timeout);
            System.out.printf(Locale.ROOT, "%-46s %10s  (extrapolated from the sample: %d x %.0f ms)%n",
                    "dropped, one at a time (all " + ports + ")", seconds(sampleMillis / sequentialSample * ports),
                    ports, sampleMillis / sequentialSample);
            System.out.printf(Locale.ROOT, "one connect timeout (the physical limit when dropped): %s; goal 1.2x = %s%n",
                    seconds(timeout.toMillis()), seconds(timeout.toMillis() * 1.2));
            System.out.printf(Locale.ROOT, "refused one port at a time took %s%n", seconds(refusedOneByOne));
        } finally {
            for (AutoCloseable c : held) {
                c.close();
            }
        }
    }

    private static double run(BlockingPortProbe probe, String label, PortSet ports, ProbeOptions options,
                              ProbeVerdict expected, Duration timeout) throws InterruptedException {
        long begin = System.nanoTime();
        ProbeReport report = probe.probe("127.0.0.1", ports, options);
        double millis = (System.nanoTime() - begin) / 1_000_000.0;
        int matching = report.summary().count(expected);
        System.out.printf(Locale.ROOT, "%-46s %10s  %d/%d %s%s%n", label, seconds(millis), matching,
                report.summary().probed(), expected.word(), matching == report.summary().probed() ? ""
                        : "  (others: " + report.summary().counts() + ")");
        return millis;
    }

    private static String seconds(double millis) {
        return millis < 1000 ? String.format(Locale.ROOT, "%.1f ms", millis)
                : String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }

    /** Listeners with backlog 1 and two completed connections each: the next SYN is dropped. */
    private static PortSet droppingPorts(int count, List<AutoCloseable> held) throws IOException {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
            held.add(server);
            for (int f = 0; f < 2; f++) {
                Socket filler = new Socket();
                filler.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 1000);
                held.add(filler);
            }
            ports[i] = server.getLocalPort();
        }
        return PortSet.of(ports);
    }

    private static PortSet closedPorts(int count) throws IOException {
        List<ServerSocket> temporary = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                temporary.add(new ServerSocket(0, 1, LOOPBACK));
            }
            return PortSet.of(temporary.stream().mapToInt(ServerSocket::getLocalPort).toArray());
        } finally {
            for (ServerSocket s : temporary) {
                s.close();
            }
        }
    }
}
