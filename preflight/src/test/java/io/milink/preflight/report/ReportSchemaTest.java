package io.milink.preflight.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.Preflight;
import io.milink.preflight.TwinConnectors;
import io.milink.simulator.SqlServerTwin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON the renderer writes is valid against the published schema, docs/report-schema.json, and only then. */
class ReportSchemaTest {

    private static final Path SCHEMA = Path.of("../docs/report-schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static List<Error> errors(JsonNode report) {
        return schema.validate(report);
    }

    @Test
    void theSampleReportsAreValid() throws Exception {
        for (Report report : List.of(SampleReports.notReady(), SampleReports.readyWithWarnings(),
                SampleReports.ready(), SampleReports.incomplete(), SampleReports.sqlServerOnly(),
                SampleReports.couldNotConnect())) {
            assertThat(errors(JSON.readTree(ReportJson.write(report)))).as(report.target()).isEmpty();
        }
    }

    @Test
    void aWholeReportFromATwinIsValid(@TempDir Path dir) throws Exception {
        try (SqlServerTwin twin = TwinConnectors.twin().builtInScenario("hadr-off-no-master-key").start()) {
            Preflight preflight = Preflight.standard();
            Report report = preflight.evaluate(preflight.collect(TwinConnectors.sysadmin(twin, dir),
                    twin.serverName(), List.of("Payroll", "Nope")));
            assertThat(report.findings()).hasSizeGreaterThan(20);
            assertThat(errors(JSON.readTree(ReportJson.write(report)))).isEmpty();
        }
    }

    @Test
    void aReportThatBreaksTheContractIsRejected() throws Exception {
        ObjectNode badStatus = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.notReady()));
        ((ObjectNode) badStatus.withArray("findings").get(0)).put("status", "MAYBE");
        assertThat(errors(badStatus)).isNotEmpty();

        ObjectNode noSummary = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.notReady()));
        noSummary.remove("summary");
        assertThat(errors(noSummary)).extracting(Error::getMessage).anyMatch(m -> m.contains("summary"));

        ObjectNode badKind = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.notReady()));
        ((ObjectNode) badKind.withArray("findings").get(1).get("remediation")).put("kind", "BASH");
        assertThat(errors(badKind)).isNotEmpty();

        ObjectNode noVerdict = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.incomplete()));
        noVerdict.remove("verdict");
        assertThat(errors(noVerdict)).extracting(Error::getMessage).anyMatch(m -> m.contains("verdict"));

        ObjectNode badPart = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.incomplete()));
        ((ObjectNode) badPart.withArray("notChecked").get(0)).put("part", "everything");
        assertThat(errors(badPart)).isNotEmpty();

        ObjectNode localTime = (ObjectNode) JSON.readTree(ReportJson.write(SampleReports.notReady()));
        localTime.put("generatedAt", "2026-11-22 12:00");
        assertThat(errors(localTime)).isNotEmpty();
    }
}
