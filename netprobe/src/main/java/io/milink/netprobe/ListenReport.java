package io.milink.netprobe;

import java.time.Duration;
import java.util.List;

/**
 * What a listening session saw: the address and port it listened on, for how long, and every connection accepted
 * (at most {@link InboundListener#MAX_RECORDED}; {@code truncated} says when more came).
 */
public record ListenReport(String bindAddress, int port, Duration listenedFor, List<InboundConnection> connections,
                           boolean truncated) {

    public ListenReport {
        connections = List.copyOf(connections);
    }

    public boolean anyConnected() {
        return !connections.isEmpty();
    }
}
