package io.milink.journal;

import io.milink.preflight.report.Verdict;

import java.time.Instant;

/** A stored preflight report in the history listing: its verdict, and ready (true exactly when READY). */
public record ReportSummary(String operationId, String target, Verdict verdict, boolean ready, Instant generatedAt) {
}
