package io.milink.api.rehearsal;

/**
 * A rehearsal on the twins could not run for a reason the user can act on (a scenario that does not load, a port in
 * use, a file that cannot be written): the message says what and what to do. The CLI prints it and exits 2; the
 * service fails the operation with it. Not a bug, so no stack trace.
 */
public final class RehearsalFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RehearsalFailed(String message, Throwable cause) {
        super(message, cause);
    }

    public RehearsalFailed(String message) {
        super(message);
    }
}
