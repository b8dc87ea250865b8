package io.milink.journal;

import java.time.Instant;

import io.milink.core.azure.AcceptedOperation;

/** An ARM operation a run recorded as accepted and that has not been seen to end. */
public record PendingOperation(long id, String runId, String stepId, AcceptedOperation operation, Instant acceptedAt) {
}
