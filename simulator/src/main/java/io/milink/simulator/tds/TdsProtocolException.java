package io.milink.simulator.tds;

/** A client sent bytes that are not valid TDS; the connection is closed. */
final class TdsProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TdsProtocolException(String message) {
        super(message);
    }
}
