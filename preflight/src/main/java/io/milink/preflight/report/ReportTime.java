package io.milink.preflight.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a report was generated, as the human formats (text, Markdown, HTML) print it: to the second, in UTC
 * ("2026-11-29T05:03:46Z"). JSON and JUnit XML keep the full precision (docs/report-schema.md: generatedAt).
 */
final class ReportTime {

    private ReportTime() {
    }

    static String forPeople(Instant generatedAt) {
        // Instant.toString is ISO-8601 in UTC and omits the fraction when it is zero.
        return generatedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
