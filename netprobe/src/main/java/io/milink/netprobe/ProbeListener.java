package io.milink.netprobe;

/**
 * Told when each connect starts and finishes, on the event loop: it must not block. For progress display, and for
 * tests that count connects in flight.
 */
public interface ProbeListener {

    ProbeListener NONE = new ProbeListener() {
    };

    default void started(int port) {
    }

    default void finished(PortResult result) {
    }
}
