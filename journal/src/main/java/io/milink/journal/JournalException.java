package io.milink.journal;

/** A journal read or write failed: unexpected, so the HTTP layer answers 500 without exposing the SQL. */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
