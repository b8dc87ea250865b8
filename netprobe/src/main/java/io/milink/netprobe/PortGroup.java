package io.milink.netprobe;

/** A run of consecutive probed ports that got the same verdict: {@code 11000–11999: 1,000 filtered}. */
public record PortGroup(int from, int to, ProbeVerdict verdict, int count) {

    /** {@code 5022: open} for one port, {@code 11000–11999: 1,000 filtered} for several. */
    public String describe() {
        String ports = from == to ? Integer.toString(from) : from + "–" + to;
        return count == 1 ? ports + ": " + verdict.word()
                : ports + ": " + ReportNumbers.grouped(count) + " " + verdict.word();
    }
}
