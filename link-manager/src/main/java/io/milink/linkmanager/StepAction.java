package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.util.List;

/**
 * What a step runs, one idempotent T-SQL batch or ARM call. The plan shows {@link #shown()}, the script prints
 * {@link #script()}, and the engine runs {@link #apply(LinkSession, AcceptedOperation.Listener)}: all three come from the same object, so what
 * runs is what was shown. Secrets never appear in the first two.
 */
public interface StepAction {

    /** The exact T-SQL batch or ARM request, for the plan. */
    String shown();

    /** What a DBA runs by hand: T-SQL batches (ending with GO) or Azure CLI commands, each line a line. */
    List<String> script();

    /**
     * Runs it.
     *
     * @param accepted told the status URL of each ARM operation Azure accepts, before the wait for it starts: the
     *                 engine journals it so a run restarted after a crash waits for it instead of sending it again
     */
    void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception;
}
