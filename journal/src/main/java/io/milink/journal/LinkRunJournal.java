package io.milink.journal;

import java.util.Collection;

/**
 * Where the link engine records its runs, so that a run that stopped (a crash, a kill, a lost connection) is
 * continued by the next one and two runs never work on one link at once. {@link JournalLinkRuns} keeps it in the
 * journal database; the interface is the seam the engine's unit tests replace.
 */
public interface LinkRunJournal {

    /**
     * Starts a run on {@code target}, taking its lease. A lease whose holder is gone (its process ended, or on another
     * host it stopped renewing it) is taken over and that holder's run is recorded as interrupted.
     *
     * @param target  what the run works on, e.g. a SQL Server and a managed instance: one run at a time per target
     * @param kind    {@code create} or {@code delete}
     * @param waivers the preflight checks the user accepted failing (recorded with the run)
     * @throws LinkRunBusyException when a live run holds the target
     */
    LinkRun begin(String target, String kind, Collection<String> waivers);
}
