package io.milink.netprobe;

/**
 * Told when each connect starts and finishes, on the thread that drives the sweep (the event loop for
 * {@link PortProbe}, the calling thread for {@link SelectorPortProbe}): it must not block, since every other connect
 * of the sweep waits meanwhile. For progress display, and for tests that count connects in flight.
 */
public interface ProbeListener {

    ProbeListener NONE = new ProbeListener() {
    };

    default void started(int port) {
    }

    default void finished(PortResult result) {
    }
}
