package io.milink.journal;

import java.time.Instant;

/** Another live run holds the target: this one must not start (runs on one link are never interleaved). */
public final class LinkRunBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String runId;

    LinkRunBusyException(String target, String runId, String owner, Instant since) {
        super("another milink run (" + runId + ", process " + owner + ", last seen " + since + ") is working on "
                + target + "; wait for it to finish and run this again. A run whose process has ended, or that "
                + "stopped renewing its lease for " + JournalLinkRuns.LEASE_TTL.toMinutes()
                + " minutes, is taken over automatically.");
        this.runId = runId;
    }

    private LinkRunBusyException(String message) {
        super(message);
        this.runId = null;
    }

    /** Two runs reached for a free or stale lease at the same moment, and the other got it. */
    static LinkRunBusyException raced(String target) {
        return new LinkRunBusyException("another milink run took the lease on " + target + " at the same moment; "
                + "wait for it to finish and run this again.");
    }

    /** The run holding it lost it (see {@link JournalLinkRuns}). */
    static LinkRunBusyException lost(String message) {
        return new LinkRunBusyException(message);
    }

    /** The run that holds the target, or null when it is not known. */
    public String runId() {
        return runId;
    }
}
