package io.milink.linkmanager;

import java.util.List;
import java.util.Optional;

import io.milink.core.azure.AcceptedOperation;
import io.milink.journal.LinkRun;
import io.milink.journal.PendingOperation;
import io.milink.journal.UnfinishedRun;

/** A run that records nothing unless a test overrides it. */
class ForwardingRun implements LinkRun {

    @Override
    public String id() {
        return "test-run";
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
