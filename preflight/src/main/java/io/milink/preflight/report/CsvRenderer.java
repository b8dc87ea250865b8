package io.milink.preflight.report;

import io.milink.preflight.check.Finding;

import java.util.List;

/**
 * The verdict's row first ({@link #VERDICT_ID}: the verdict in the status column, what was not checked in the
 * evidence), so a spreadsheet cannot show an incomplete report as a list of passes; then one row per finding. RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break. A field that a spreadsheet would run as a formula (leading {@code = + - @}) is prefixed with
 * {@code '} so opening the file cannot execute a database name.
 */
public final class CsvRenderer implements ReportRenderer {

    static final String HEADER = "id,status,target,title,evidence,remediation_kind,remediation_script";

    /** The id of the verdict's row: not a check's id, which always has a part prefix such as sql. or db. */
    static final String VERDICT_ID = "readiness.verdict";

    @Override
    public String render(Report report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        StringBuilder verdict = new StringBuilder(VerdictText.headline(report));
        List<String> notChecked = VerdictText.notChecked(report);
        if (!notChecked.isEmpty()) {
            verdict.append(" Not checked: ").append(String.join("; ", notChecked)).append('.');
        }
        String hint = VerdictText.narrowerScopeHint(report);
        if (hint != null) {
            verdict.append(' ').append(hint);
        }
        out.append(field(VERDICT_ID)).append(',').append(field(report.verdict().name())).append(',')
                .append(field(report.target())).append(',').append(field("Readiness verdict")).append(',')
                .append(field(verdict.toString())).append(",,\r\n");
        for (Finding finding : report.findings()) {
            out.append(field(finding.id())).append(',')
                    .append(field(finding.status().name())).append(',')
                    .append(field(finding.target())).append(',')
                    .append(field(finding.title())).append(',')
                    .append(field(finding.evidence())).append(',')
                    .append(field(finding.remediation() == null ? "" : finding.remediation().kind().name()))
                    .append(',')
                    .append(field(finding.remediation() == null ? "" : finding.remediation().script()))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String field(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
