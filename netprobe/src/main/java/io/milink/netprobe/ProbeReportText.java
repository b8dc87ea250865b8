package io.milink.netprobe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of a sweep: what was probed, the grouped summary, what a TCP connect proves and what it does not
 * (reference §2.6: a UCS-inspecting firewall can pass the TCP test and still break the link), and what to open.
 */
public final class ProbeReportText {

    /** Said after every sweep, whatever its verdicts. */
    public static final String WHAT_IS_PROVEN = "A TCP connect proves the port accepts connections from this host, "
            + "not that the mirroring protocol passes a firewall that inspects packets, and not that the same holds "
            + "from the SQL Server host if this is another machine.";

    private ProbeReportText() {
    }

    public static List<String> lines(ProbeReport report) {
        List<String> out = new ArrayList<>();
        ProbeSummary summary = report.summary();
        SweepFacts sweep = summary.sweep();
        StringBuilder head = new StringBuilder("netprobe ").append(report.host());
        if (sweep != null && sweep.probedAddress() != null) {
            head.append(" (").append(sweep.probedAddress()).append(", ")
                    .append(scopeOf(sweep, sweep.probedAddress())).append(')');
        }
        head.append(": ").append(ReportNumbers.grouped(summary.probed())).append(" port")
                .append(summary.probed() == 1 ? "" : "s");
        if (sweep != null) {
            head.append(", timeout ").append(millisText(sweep.timeoutMillis())).append(", ")
                    .append(sweep.concurrency()).append(" at a time, ")
                    .append(ReportNumbers.oneDecimal(sweep.elapsedMillis() / 1000.0)).append(" s");
        }
        out.add(head.toString());
        if (sweep != null && report.addresses().size() > 1) {
            out.add("  resolves to " + String.join(", ", report.addresses()));
        }
        for (String line : summary.lines()) {
            out.add("  " + line);
        }
        if (sweep != null && sweep.cancelled()) {
            out.add("  (cancelled: ports not listed were not probed)");
        }
        if (sweep != null) {
            for (String warning : sweep.dnsWarnings()) {
                out.add("DNS: " + warning);
            }
        }
        List<PortGroup> notOpen = summary.notOpen();
        if (!notOpen.isEmpty()) {
            out.add("What to do:");
            String target = sweep != null && sweep.probedAddress() != null ? sweep.probedAddress() : report.host();
            notOpen.stream().map(g -> FirewallAdvice.forGroup(g, target)).distinct()
                    .forEach(advice -> out.add("  - " + advice));
        }
        out.add(WHAT_IS_PROVEN);
        out.add(summary.allOpen() ? "ALL OPEN" : "NOT ALL OPEN: " + summary.notOpen().stream()
                .map(PortGroup::describe).reduce((a, b) -> a + "; " + b).orElse("nothing probed"));
        return out;
    }

    private static String scopeOf(SweepFacts sweep, String address) {
        return sweep.addressScopes().stream().filter(a -> a.address().equals(address)).findFirst()
                .map(a -> a.scope().name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse("?");
    }

    private static String millisText(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
