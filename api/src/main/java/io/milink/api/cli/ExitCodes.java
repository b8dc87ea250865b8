package io.milink.api.cli;

/**
 * The exit codes every milink command uses (docs/cli.md). Scripts can rely on them: 1 is an answer ("not
 * ready"), 2 means there is no answer, 3 (preflight) that the answer is not complete.
 */
public final class ExitCodes {
    /** Success; for preflight, the target is ready. */
    public static final int OK = 0;
    /** The command completed and the answer is negative: for preflight, at least one check FAILed. */
    public static final int NOT_READY = 1;
    /**
     * The command could not complete: invalid command line (picocli's own code for usage errors is also 2), an
     * unreadable or invalid file or scenario, a server that cannot be reached, an unexpected error.
     */
    public static final int COULD_NOT_COMPLETE = 2;
    /**
     * Preflight only: nothing failed, but a part the link needs was not checked (no database named, no managed
     * instance), so there is no answer yet. Its own code, so a script can tell "fix the server" (1) from "check
     * more" (3), and a gate that only accepts 0 still stops.
     */
    public static final int INCOMPLETE = 3;

    private ExitCodes() {
    }
}
