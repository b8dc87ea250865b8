package io.milink.netprobe;

import java.io.IOException;

/** The listener could not bind: something already holds the port. The message says what, when it can tell. */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int port;

    public PortInUseException(int port, String message, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
