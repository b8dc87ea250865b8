package io.milink.journal;

import java.time.Instant;

/** A progress message of an operation; ids increase, so a client resumes a stream after the last id it saw. */
public record OperationEvent(long id, String operationId, Instant at, String message) {
}
