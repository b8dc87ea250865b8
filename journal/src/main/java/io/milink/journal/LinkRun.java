package io.milink.journal;

import java.util.List;
import java.util.Optional;

import io.milink.core.azure.AcceptedOperation;

/**
 * One run of the link engine on one target, holding the target's lease until {@link #close()}. Each method writes
 * at once (its own transaction): what was recorded survives the process being killed the next instant.
 */
public interface LinkRun extends AutoCloseable {

    String id();

    /**
     * The most recent earlier run on this target, when it did not succeed (it was interrupted or failed): what this
     * run continues.
     */
    Optional<UnfinishedRun> unfinishedBefore();

    /**
     * ARM operations earlier runs on this target recorded as accepted and never saw end: wait for these before
     * planning, instead of sending their requests again.
     */
    List<PendingOperation> pendingOperations();

    /**
     * What the most recent step of that id which finished on this target showed, in this run or an earlier one:
     * how a later run learns a fact an earlier one recorded (e.g. when a failover made the instance primary). Empty
     * when none finished, or for a run that keeps no journal.
     */
    default Optional<String> lastFinishedShown(String stepId) {
        return Optional.empty();
    }

    /** Before a step runs: what it changes and the statement or call the plan showed (never a secret). */
    void stepStarted(String stepId, String change, String shown);

    /** Azure accepted the step's long-running operation: recorded before milink starts waiting for it. */
    void operationAccepted(String stepId, AcceptedOperation operation);

    /** The step ran to its end (any operation it started ended Succeeded). */
    void stepFinished(String stepId);

    void stepFailed(String stepId, String error);

    /** An operation this or an earlier run started has ended; {@code outcome} says how ("Succeeded", or the error). */
    void operationSettled(PendingOperation operation, String outcome);

    /** The run reached what it set out to do. */
    void succeeded();

    void failed(String error);

    /** Releases the lease; a run that neither succeeded nor failed is recorded as interrupted. */
    @Override
    void close();
}
