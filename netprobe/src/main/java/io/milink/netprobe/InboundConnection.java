package io.milink.netprobe;

import java.time.Instant;

/** One connection the listener accepted: who connected (address and source port) and when. */
public record InboundConnection(String address, int sourcePort, Instant at, AddressScope scope) {
}
