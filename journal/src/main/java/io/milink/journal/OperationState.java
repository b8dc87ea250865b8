package io.milink.journal;

/** Where an operation is. Succeeded, Failed and Canceled are final: nothing changes an operation after them. */
public enum OperationState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled;

    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Canceled;
    }
}
