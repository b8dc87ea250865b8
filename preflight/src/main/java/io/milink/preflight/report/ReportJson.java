package io.milink.preflight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.preflight.PreflightJson;
import io.milink.preflight.check.Finding;

import java.time.Instant;
import java.util.List;

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
     * A report of this schema version, or of version 1 (written before reports had a verdict), whose verdict is then
     * assessed again from its findings: its {@code ready} only meant that nothing failed, so a version 1 report that
     * checked no managed instance reads back INCOMPLETE, not ready.
     *
     * @throws IllegalArgumentException saying what is wrong when the text is not a milink report
     */
    public static Report read(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            int version = tree == null ? -1 : tree.path("schemaVersion").asInt(-1);
            if (version > Report.SCHEMA_VERSION) {
                throw new IllegalArgumentException("the report has schema version " + version + "; this milink "
                        + "reads up to " + Report.SCHEMA_VERSION + ". Use a newer milink.");
            }
            if (version < 1) {
                throw new IllegalArgumentException("not a milink report: it has no schemaVersion (write one with "
                        + "milink preflight --output json)");
            }
            if (version == 1) {
                return fromVersion1(tree);
            }
            return MAPPER.treeToValue(tree, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a milink report (JSON): " + e.getOriginalMessage(), e);
        }
    }

    private static Report fromVersion1(JsonNode tree) throws JsonProcessingException {
        for (String field : List.of("generatedAt", "target", "findings")) {
            if (!tree.hasNonNull(field)) {
                throw new IllegalArgumentException("not a milink report: schema version 1 without " + field);
            }
        }
        Instant generatedAt = MAPPER.treeToValue(tree.get("generatedAt"), Instant.class);
        List<Finding> findings = List.of(MAPPER.treeToValue(tree.get("findings"), Finding[].class));
        return Report.of(generatedAt, tree.get("target").asText(), findings);
    }
}
