package io.milink.linkmanager;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.milink.core.azure.AcceptedOperation;
import io.milink.journal.UnfinishedRun;
import io.milink.journal.LinkRun;
import io.milink.journal.PendingOperation;

/**
 * A run that records nothing, for callers that keep no journal (a benchmark, a test of the engine's steps): it holds
 * no lease, and after a crash nothing knows which ARM operation was in flight, so a rerun plans from what it finds and
 * may send a request Azure had already accepted. milink's commands always journal. Not final: a test extends it to
 * watch or remember the calls it cares about.
 */
public class UnjournaledRun implements LinkRun {

    private final String id = UUID.randomUUID().toString();

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<UnfinishedRun> unfinishedBefore() {
        return Optional.empty();
    }

    @Override
    public List<PendingOperation> pendingOperations() {
        return List.of();
    }

    @Override
    public void stepStarted(String stepId, String change, String shown) {
    }

    @Override
    public void operationAccepted(String stepId, AcceptedOperation operation) {
    }

    @Override
    public void stepFinished(String stepId) {
    }

    @Override
    public void stepFailed(String stepId, String error) {
    }

    @Override
    public void operationSettled(PendingOperation operation, String outcome) {
    }

    @Override
    public void succeeded() {
    }

    @Override
    public void failed(String error) {
    }

    @Override
    public void close() {
    }
}
