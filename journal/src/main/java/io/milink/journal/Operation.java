package io.milink.journal;

import java.time.Instant;

/**
 * One asynchronous piece of work, as journaled.
 *
 * @param requestedBy who asked (a token id such as {@code token:1}, never a token)
 * @param request     the request body as accepted (holds no secret: credentials are references only)
 * @param result      a one-line outcome once Succeeded, e.g. "READY"
 * @param error       why it Failed or was Canceled
 */
public record Operation(String id, String kind, OperationState state, Instant createdAt, Instant startedAt,
                        Instant finishedAt, String requestedBy, String request, String result, String error) {
}
