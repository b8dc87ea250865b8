package io.milink.netprobe.bench;

import io.milink.netprobe.BlockingPortProbe;
import io.milink.netprobe.PortSet;
import io.milink.netprobe.ProbeOptions;
import io.milink.netprobe.ProbeReport;
import io.milink.netprobe.ProbeVerdict;

import java.time.Duration;
import java.util.Locale;

/**
 * Issue 5's benchmark (a program, not a test): run it with {@code netprobe/bench/sweep-benchmark.sh}, which builds
 * the dropping host (a network namespace whose nftables input chain drops 5022 and 11000–11999) and runs this class
 * in a second namespace, whose loopback is the refusing target.
 *
 * <p>Every sweep covers the link's ports, 5022 + 11000–11999 (1,001 ports). Printed in one run: the wall time of each
 * sweep at the default concurrency (1,024 in flight), at 100 in flight, and one port at a time; one connect timeout,
 * the physical limit of a dropped sweep; and the goals (dropped ≤ 1.2 × timeout, refused ≤ 100 ms). One
 * port at a time against the dropping host costs one timeout per port (about 50 minutes at 3 s), so a bounded sample
 * is timed and the extrapolation is printed as such.
 *
 * <p>Arguments: droppingHost refusingHost [timeoutMs=3000] [sequentialSample=5].
 */
public final class SweepBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SweepBenchmark DROPPING_HOST REFUSING_HOST [TIMEOUT_MS=3000] [SAMPLE=5]");
            System.exit(2);
        }
        String droppingHost = args[0];
        String refusingHost = args[1];
        Duration timeout = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 3000);
        int sampleSize = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        PortSet ports = PortSet.linkDefault();
        int n = ports.size();
        int defaultConcurrency = ProbeOptions.defaults().concurrency();
        try (BlockingPortProbe probe = new BlockingPortProbe()) {
            // Warm the JIT and the event loop on the refusing target, so the first figure is not JVM start-up.
            for (int i = 0; i < 3; i++) {
                probe.probe(refusingHost, ports, new ProbeOptions(timeout, defaultConcurrency));
            }
            System.out.printf(Locale.ROOT, "netprobe sweep benchmark: %d ports (%s), connect timeout %d ms%n", n,
                    "5022,11000-11999", timeout.toMillis());
            System.out.printf(Locale.ROOT, "%-58s %10s  %s%n", "sweep", "wall", "verdicts");

            double dropped = run(probe, "dropped (" + droppingHost + "), " + defaultConcurrency + " in flight",
                    droppingHost, ports, new ProbeOptions(timeout, defaultConcurrency), ProbeVerdict.FILTERED);
            run(probe, "dropped (" + droppingHost + "), 100 in flight", droppingHost, ports,
                    new ProbeOptions(timeout, 100), ProbeVerdict.FILTERED);
            PortSet sample = PortSet.of(ports.ports().subList(0, sampleSize).stream().mapToInt(i -> i).toArray());
            double sampleMillis = run(probe, "dropped, one at a time (" + sampleSize + "-port sample)", droppingHost,
                    sample, new ProbeOptions(timeout, 1), ProbeVerdict.FILTERED);
            double perPort = sampleMillis / sampleSize;
            System.out.printf(Locale.ROOT, "%-58s %10s  extrapolated: %d ports x %.0f ms (the sample's mean)%n",
                    "dropped, one at a time (all " + n + ")", seconds(perPort * n), n, perPort);

            // Refused sweeps take milliseconds, so one sample is at the mercy of whatever else the 2 cores are doing:
            // each is run REPEATS times and the median is the figure, with the range beside it.
            double refused = repeated(probe, "refused (" + refusingHost + "), " + defaultConcurrency + " in flight",
                    refusingHost, ports, new ProbeOptions(timeout, defaultConcurrency));
            repeated(probe, "refused (" + refusingHost + "), 100 in flight", refusingHost, ports,
                    new ProbeOptions(timeout, 100));
            repeated(probe, "refused (" + refusingHost + "), one at a time", refusingHost, ports,
                    new ProbeOptions(timeout, 1));

            double limit = timeout.toMillis();
            System.out.printf(Locale.ROOT, "one connect timeout (the physical limit of the dropped sweep): %s%n",
                    seconds(limit));
            System.out.printf(Locale.ROOT, "goal dropped <= 1.2 x timeout = %s: %s (%.2f x timeout)%n",
                    seconds(limit * 1.2), dropped <= limit * 1.2 ? "met" : "MISSED", dropped / limit);
            System.out.printf(Locale.ROOT, "goal refused <= 100 ms on loopback: %s (median %s)%n",
                    refused <= 100 ? "met" : "MISSED", seconds(refused));
        }
    }

    private static final int REPEATS = 7;

    /** Runs a refused sweep {@link #REPEATS} times; prints and returns the median. */
    private static double repeated(BlockingPortProbe probe, String label, String host, PortSet ports,
                                   ProbeOptions options) throws InterruptedException {
        double[] millis = new double[REPEATS];
        int matching = Integer.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            long begin = System.nanoTime();
            ProbeReport report = probe.probe(host, ports, options);
            millis[i] = (System.nanoTime() - begin) / 1_000_000.0;
            matching = Math.min(matching, report.summary().count(ProbeVerdict.CLOSED));
        }
        java.util.Arrays.sort(millis);
        double median = millis[REPEATS / 2];
        System.out.printf(Locale.ROOT, "%-58s %10s  %d/%d closed (median of %d; min %s, max %s)%n", label,
                seconds(median), matching, ports.size(), REPEATS, seconds(millis[0]), seconds(millis[REPEATS - 1]));
        return median;
    }

    private static double run(BlockingPortProbe probe, String label, String host, PortSet ports, ProbeOptions options,
                              ProbeVerdict expected) throws InterruptedException {
        long begin = System.nanoTime();
        ProbeReport report = probe.probe(host, ports, options);
        double millis = (System.nanoTime() - begin) / 1_000_000.0;
        int matching = report.summary().count(expected);
        System.out.printf(Locale.ROOT, "%-58s %10s  %d/%d %s%s%n", label, seconds(millis), matching,
                report.summary().probed(), expected.word(), matching == report.summary().probed() ? ""
                        : "  (others: " + report.summary().counts() + ")");
        return millis;
    }

    private static String seconds(double millis) {
        return millis < 1000 ? String.format(Locale.ROOT, "%.1f ms", millis)
                : String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }
}
