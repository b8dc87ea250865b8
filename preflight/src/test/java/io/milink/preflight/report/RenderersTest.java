package io.milink.preflight.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.preflight.check.Status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class RenderersTest {

    @Test
    void jsonRoundTripsToAnEqualReport() {
        Report report = SampleReports.notReady();
        Report back = ReportJson.read(ReportJson.write(report));
        assertThat(back).isEqualTo(report);
    }

    @Test
    void jsonHasTheDocumentedTopLevelFields() {
        String json = ReportJson.write(SampleReports.notReady());
        assertThat(json).contains("\"schemaVersion\" : 1", "\"generatedAt\" : \"2026-11-22T12:00:00Z\"",
                "\"ready\" : false", "\"summary\"", "\"findings\"", "\"remediation\"", "\"kind\" : \"TSQL\"");
    }

    @Test
    void readingSomethingThatIsNotAReportSaysSo() {
        assertThatThrownBy(() -> ReportJson.read("{\"hello\": 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a milink report");
        String lying = ReportJson.write(SampleReports.notReady()).replace("\"ready\" : false", "\"ready\" : true");
        assertThatThrownBy(() -> ReportJson.read(lying)).hasMessageContaining("contradicts");
        String future = ReportJson.write(SampleReports.ready()).replace("\"schemaVersion\" : 1",
                "\"schemaVersion\" : 99");
        assertThatThrownBy(() -> ReportJson.read(future)).hasMessageContaining("newer milink");
    }

    @Test
    void readyIsFalseWhenAnyFindingFailsOrErrs() {
        assertThat(SampleReports.notReady().ready()).isFalse();
        assertThat(SampleReports.ready().ready()).isTrue();
        assertThat(SampleReports.notReady().summary()).isEqualTo(new Report.Summary(1, 1, 3, 1, 1));
    }

    @Test
    void htmlEscapesDatabaseNamesSoTheyCannotBecomeMarkup() {
        String html = new HtmlRenderer().render(SampleReports.notReady());
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void csvQuotesFieldsAndDefusesSpreadsheetFormulas() {
        assertThat(CsvRenderer.field("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvRenderer.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvRenderer.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        String csv = new CsvRenderer().render(SampleReports.notReady());
        assertThat(csv.split("\r\n")[0]).isEqualTo(CsvRenderer.HEADER);
    }

    @Test
    void junitXmlIsWellFormedAndCountsLikeTheReport() throws Exception {
        String xml = new JunitXmlRenderer().render(SampleReports.notReady());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("7");
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(3);
    }

    @Test
    void textEndsWithTheVerdictAndColoursOnlyWhenAsked() {
        String plain = new TextRenderer(false).render(SampleReports.notReady());
        assertThat(plain.strip()).endsWith("has 4 blocking findings (1 passed, 1 warning, 3 failed, 1 skipped, 1 error).");
        assertThat(plain).startsWith("milink preflight").doesNotContain("\u001B[");
        assertThat(new TextRenderer(true).render(SampleReports.notReady())).contains("\u001B[31m");
    }

    @Test
    void humanFormatsPrintTheTimeToTheSecondWhileJsonKeepsFullPrecision() {
        Report report = Report.of(java.time.Instant.parse("2026-11-29T05:03:46.944524933Z"), "sql22",
                SampleReports.notReady().findings());
        for (String human : List.of(new TextRenderer(false).render(report), new MarkdownRenderer().render(report),
                new HtmlRenderer().render(report))) {
            assertThat(human).contains("2026-11-29T05:03:46Z").doesNotContain("46.944");
        }
        assertThat(ReportJson.write(report)).contains("2026-11-29T05:03:46.944524933Z");
    }

    @Test
    void verdictCountsAreSingularForOneAndPluralOtherwise() {
        assertThat(io.milink.preflight.check.Plural.count(1, "warning")).isEqualTo("1 warning");
        assertThat(io.milink.preflight.check.Plural.count(0, "warning")).isEqualTo("0 warnings");
        assertThat(io.milink.preflight.check.Plural.count(2, "blocking finding")).isEqualTo("2 blocking findings");
        assertThat(io.milink.preflight.check.Plural.count(1, "fix", "fixes")).isEqualTo("1 fix");
        assertThat(io.milink.preflight.check.Plural.count(3, "fix", "fixes")).isEqualTo("3 fixes");
        assertThat(Verdict.of(SampleReports.notReady())).contains("4 blocking findings", "1 warning,", "1 error)")
                .doesNotContain("warnings", "errors", "(s)");
    }

    @Test
    void markdownTicksOnlyPassedItemsAndShowsTheFixUnderFailedOnes() {
        String md = new MarkdownRenderer().render(SampleReports.notReady());
        assertThat(md).contains("- [x] **PASS** `sql.connect`").contains("- [ ] **FAIL** `sql.masterKey`")
                .contains("```sql\n  USE [master];");
    }

    @Test
    void formatsParseByNameAndUnknownOnesListTheChoices() {
        assertThat(ReportFormat.parse("MD")).isEqualTo(ReportFormat.MD);
        assertThat(ReportFormat.parse("markdown")).isEqualTo(ReportFormat.MD);
        assertThatThrownBy(() -> ReportFormat.parse("pdf")).hasMessageContaining("json, md, html");
        assertThat(Status.valueOf("WARN").blocksReadiness()).isFalse();
    }
}
