package io.milink.netprobe;

/**
 * The verdict for one port and how long the attempt took, in milliseconds with 0.1 ms precision. Serialises to the
 * JSON contract's port entry: {@code {"port": 5022, "verdict": "OPEN", "millis": 0.8}}.
 */
public record PortResult(int port, ProbeVerdict verdict, double millis) {

    public PortResult {
        PortRange.checkPort(port);
        if (verdict == null) {
            throw new IllegalArgumentException("verdict is required");
        }
        millis = Math.round(Math.max(0, millis) * 10.0) / 10.0;
    }

    static PortResult timed(int port, ProbeVerdict verdict, long startNanos, long endNanos) {
        return new PortResult(port, verdict, (endNanos - startNanos) / 1_000_000.0);
    }
}
