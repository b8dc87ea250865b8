package io.milink.preflight.report;

import io.milink.preflight.check.Finding;

/**
 * One row per finding, RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break. A field that a spreadsheet would run as a formula (leading {@code = + - @}) is prefixed with
 * {@code '} so opening the file cannot execute a database name.
 */
public final class CsvRenderer implements ReportRenderer {

    static final String HEADER = "id,status,target,title,evidence,remediation_kind,remediation_script";

    @Override
    public String render(Report report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
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
