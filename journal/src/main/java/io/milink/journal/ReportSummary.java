package io.milink.journal;

import java.time.Instant;

/** A stored preflight report in the history listing. */
public record ReportSummary(String operationId, String target, boolean ready, Instant generatedAt) {
}
