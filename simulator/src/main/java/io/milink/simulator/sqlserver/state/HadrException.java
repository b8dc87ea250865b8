package io.milink.simulator.sqlserver.state;

/**
 * A refusal from the replication behind a distributed availability group ({@link DistributedReplication}). The SQL
 * Server twin reports it to the client as the SQL Server error it carries: number, severity, state and text, with
 * the statement's line, and the batch goes on (a statement-level error, as SQL Server's severity-16 errors are).
 */
public final class HadrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int number;
    private final int severity;
    private final int state;

    public HadrException(int number, int severity, int state, String text) {
        super(text, null, false, false);
        if (severity < 11 || severity > 19) {
            throw new IllegalArgumentException("an error's severity is 11 to 19, not " + severity);
        }
        this.number = number;
        this.severity = severity;
        this.state = state;
    }

    /** Severity 16, state 1: most SQL Server Always On errors. */
    public HadrException(int number, String text) {
        this(number, 16, 1, text);
    }

    public int number() {
        return number;
    }

    public int severity() {
        return severity;
    }

    public int state() {
        return state;
    }

    public String text() {
        return getMessage();
    }
}
