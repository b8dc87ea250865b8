package io.milink.simulator.sqlserver.scenario;

/** A scenario file that cannot be used, with the file, the field path and what is allowed. */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
