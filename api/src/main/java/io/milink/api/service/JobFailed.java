package io.milink.api.service;

/**
 * A service job (a preflight) could not run for a reason its message names and the caller or the operator can fix,
 * such as a configured Azure sign-in whose secret is not set: the operation ends Failed with that message, and the log
 * gets no stack trace, since it is not a bug.
 */
final class JobFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
