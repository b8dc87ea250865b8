package io.milink.preflight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.preflight.PreflightJson;

/**
 * The report's JSON form (docs/report-schema.md), written and read back, so {@code milink checklist --from
 * report.json} can re-render a saved report. Times are ISO-8601 UTC strings.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = PreflightJson.mapper();

    private ReportJson() {
    }

    public static String write(Report report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a report as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException saying what is wrong when the text is not a milink report
     */
    public static Report read(String json) {
        Report report;
        try {
            report = MAPPER.readValue(json, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a milink report (JSON): " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a consistent milink report: " + e.getMessage(), e);
        }
        if (report.schemaVersion() > Report.SCHEMA_VERSION) {
            throw new IllegalArgumentException("the report has schema version " + report.schemaVersion()
                    + "; this milink reads up to " + Report.SCHEMA_VERSION + ". Use a newer milink.");
        }
        return report;
    }
}
