package io.milink.api.service.http;

/** A request the client must change: becomes a 400 problem with this message as the detail. */
public final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RequestRejected(String detail) {
        super(detail);
    }
}
