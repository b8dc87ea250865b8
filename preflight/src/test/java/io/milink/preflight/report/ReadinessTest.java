package io.milink.preflight.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A report is READY only when the parts the link needs were checked: SQL Server, at least one database and the
 * managed instance; a check of SQL Server alone is READY only when asked for by name, and says so.
 */
class ReadinessTest {

    @Test
    void nothingFailedButNoDatabaseAndNoManagedInstanceIsIncompleteNotReady() {
        Report report = SampleReports.incomplete();
        assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(report.ready()).isFalse();
        assertThat(report.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.DATABASES, Part.MANAGED_INSTANCE, Part.NETWORK);
        assertThat(report.notChecked().get(0).reason()).contains("pass --database NAME");
        assertThat(report.notChecked().get(1).reason()).contains("pass --mi RESOURCE_ID");
    }

    @Test
    void databasesWithoutAManagedInstanceAreStillIncomplete() {
        List<Finding> findings = new java.util.ArrayList<>(SampleReports.incomplete().findings());
        findings.set(2, new Finding("db.exists", Status.PASS, "Sales", "Database exists", "database_id 5", null));
        Report report = Report.of(SampleReports.AT, "sql22", findings);
        assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(report.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.MANAGED_INSTANCE, Part.NETWORK);
    }

    @Test
    void theSqlServerScopeIsReadyLeavesTheOtherPartsOutAndSaysSo() {
        Report report = SampleReports.sqlServerOnly();
        assertThat(report.verdict()).isEqualTo(Verdict.READY);
        assertThat(report.ready()).isTrue();
        assertThat(report.scope()).isEqualTo(Scope.SQL_SERVER);
        assertThat(report.findings()).extracting(Finding::id).containsExactly("sql.connect", "sql.hadr", "db.exists");
        assertThat(report.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.MANAGED_INSTANCE, Part.NETWORK);
        assertThat(report.notChecked()).allMatch(n -> n.reason().contains("--scope sql-server"));
        assertThat(VerdictText.headline(report))
                .startsWith("READY (SQL Server only; the managed instance was not checked): sql22.contoso.local");
    }

    @Test
    void theSqlServerScopeStillNeedsADatabase() {
        Report report = Report.of(SampleReports.AT, "sql22", SampleReports.incomplete().findings(), Scope.SQL_SERVER);
        assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(report.notChecked()).extracting(NotChecked::part)
                .containsExactly(Part.DATABASES, Part.MANAGED_INSTANCE, Part.NETWORK);
    }

    @Test
    void theNetworkNotProbedIsSaidButDoesNotWithholdReady() {
        Report report = SampleReports.readyWithWarnings();
        assertThat(report.verdict()).isEqualTo(Verdict.READY);
        assertThat(report.notChecked()).singleElement().extracting(NotChecked::part).isEqualTo(Part.NETWORK);
        assertThat(new TextRenderer(false).render(report))
                .contains("Not checked:\n  - the network: not probed here");
    }

    @Test
    void aFailureOutranksWhatWasNotCheckedAndAnErrorOutranksBoth() {
        List<Finding> findings = new java.util.ArrayList<>(SampleReports.incomplete().findings());
        findings.set(1, new Finding("sql.hadr", Status.FAIL, "sql22", "Always On", "IsHadrEnabled = 0", null));
        assertThat(Report.of(SampleReports.AT, "sql22", findings).verdict()).isEqualTo(Verdict.NOT_READY);
        findings.set(0, new Finding("sql.connect", Status.ERROR, "sql22", "Connect", "refused", null));
        assertThat(Report.of(SampleReports.AT, "sql22", findings).verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void aMissingAnchorCountsAsNotChecked() {
        Report report = Report.of(SampleReports.AT, "sql22", List.of(
                new Finding("sql.connect", Status.PASS, "sql22", "Connect", "ok", null)));
        assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(report.notChecked()).extracting(NotChecked::reason)
                .contains("the report has no db.exists finding", "the report has no mi.exists finding");
    }

    @Test
    void everyHumanFormatOfAnIncompleteReportSaysIncompleteAndWhatWasNotChecked() {
        Report report = SampleReports.incomplete();
        for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.MD, ReportFormat.HTML)) {
            String rendered = ReportRenderer.forFormat(format).render(report);
            assertThat(rendered).as(format.id()).contains("INCOMPLETE: nothing failed")
                    .doesNotContain("READY:").contains("Not checked").contains("--scope sql-server");
        }
        String csv = new CsvRenderer().render(report);
        assertThat(csv.split("\r\n")[1]).startsWith("readiness.verdict,INCOMPLETE,sql22.contoso.local,")
                .contains("Not checked: the databases");
        String junit = new JunitXmlRenderer().render(report);
        assertThat(junit).contains("<testcase classname=\"readiness.verdict\"")
                .contains("<failure message=\"INCOMPLETE: nothing failed");
    }

    @Test
    void aVersionOneReportIsReadAgainWithTheVerdictItsFindingsGive() {
        // Written by milink before reports had a verdict: ready meant only that nothing failed.
        String version1 = ReportJson.write(SampleReports.incomplete())
                .replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1")
                .replace("\"verdict\" : \"INCOMPLETE\",\n", "")
                .replace("\"ready\" : false", "\"ready\" : true");
        Report read = ReportJson.read(version1);
        assertThat(read.schemaVersion()).isEqualTo(Report.SCHEMA_VERSION);
        assertThat(read.verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(read.ready()).isFalse();
        assertThat(read.findings()).isEqualTo(SampleReports.incomplete().findings());
    }
}
