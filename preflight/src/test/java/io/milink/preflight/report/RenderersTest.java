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
        assertThat(json).contains("\"schemaVersion\" : 2", "\"generatedAt\" : \"2026-11-22T12:00:00Z\"",
                "\"verdict\" : \"NOT_READY\"", "\"ready\" : false", "\"scope\" : \"link\"",
                "\"notChecked\" : [ {\n    \"part\" : \"network\"", "\"summary\"", "\"findings\"", "\"remediation\"",
                "\"kind\" : \"TSQL\"");
    }

    @Test
    void readingSomethingThatIsNotAReportSaysSo() {
        assertThatThrownBy(() -> ReportJson.read("{\"hello\": 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a milink report");
        assertThatThrownBy(() -> ReportJson.read("{}")).hasMessageContaining("not a milink report: it has no "
                + "schemaVersion");
        String noVerdict = ReportJson.write(SampleReports.notReady()).replace("\"verdict\" : \"NOT_READY\",", "");
        assertThatThrownBy(() -> ReportJson.read(noVerdict)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a milink report").hasMessageContaining("verdict");
        String lying = ReportJson.write(SampleReports.notReady()).replace("\"ready\" : false", "\"ready\" : true");
        assertThatThrownBy(() -> ReportJson.read(lying)).hasMessageContaining("contradicts");
        String incomplete = ReportJson.write(SampleReports.incomplete());
        assertThatThrownBy(() -> ReportJson.read(incomplete.replace("\"verdict\" : \"INCOMPLETE\"",
                "\"verdict\" : \"READY\"").replace("\"ready\" : false", "\"ready\" : true")))
                .hasMessageContaining("contradicts the findings, which give INCOMPLETE");
        String future = ReportJson.write(SampleReports.ready()).replace("\"schemaVersion\" : 2",
                "\"schemaVersion\" : 99");
        assertThatThrownBy(() -> ReportJson.read(future)).hasMessageContaining("newer milink");
    }

    @Test
    void readyIsFalseWhenAnyFindingFailsOrErrs() {
        assertThat(SampleReports.notReady().ready()).isFalse();
        assertThat(SampleReports.notReady().verdict()).isEqualTo(Verdict.NOT_READY);
        assertThat(SampleReports.couldNotConnect().ready()).isFalse();
        assertThat(SampleReports.couldNotConnect().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(SampleReports.ready().ready()).isTrue();
        assertThat(SampleReports.notReady().summary()).isEqualTo(new Report.Summary(3, 1, 3, 1, 0));
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
        // The findings, and the verdict as a test of its own that fails with them.
        assertThat(suite.getAttribute("tests")).isEqualTo("9");
        assertThat(suite.getAttribute("failures")).isEqualTo("4");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(4);
    }

    @Test
    void textEndsWithTheVerdictAndColoursOnlyWhenAsked() {
        String plain = new TextRenderer(false).render(SampleReports.notReady());
        assertThat(plain.strip()).contains("NOT READY: sql22.contoso.local has 3 failed checks (3 passed, 1 warning, "
                + "3 failed, 1 skipped, 0 errors).\nNot checked:\n  - the network: not probed here");
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
        assertThat(VerdictText.headline(SampleReports.notReady())).contains("3 failed checks", "1 warning,")
                .doesNotContain("warnings", "(s)");
        assertThat(VerdictText.headline(SampleReports.couldNotConnect())).contains("1 check could not run", "1 error)")
                .doesNotContain("errors", "(s)");
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
