package io.milink.preflight.report;

import io.milink.preflight.check.Finding;

import java.util.List;

/**
 * JUnit XML, so CI systems show each finding as a test: FAIL is a failure, ERROR an error, SKIP skipped, PASS and
 * WARN pass (a WARN's evidence goes to system-out so it is still visible). The verdict is a test of its own, first:
 * it fails unless the report is READY, so a report that checked too little cannot pass a CI gate as a list of
 * passes and skips.
 */
public final class JunitXmlRenderer implements ReportRenderer {

    @Override
    public String render(Report report) {
        Report.Summary s = report.summary();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Verdict verdict = report.verdict();
        int verdictFails = verdict == Verdict.NOT_READY || verdict == Verdict.INCOMPLETE ? 1 : 0;
        int verdictErrs = verdict == Verdict.ERROR ? 1 : 0;
        out.append("<testsuite name=\"").append(attr("milink preflight " + report.target()))
                .append("\" tests=\"").append(s.total() + 1).append("\" failures=\"").append(s.fail() + verdictFails)
                .append("\" errors=\"").append(s.error() + verdictErrs).append("\" skipped=\"").append(s.skip())
                .append("\" timestamp=\"").append(attr(report.generatedAt().toString())).append("\">\n");
        verdict(report, out);
        for (Finding finding : report.findings()) {
            out.append("  <testcase classname=\"").append(attr(finding.id())).append("\" name=\"")
                    .append(attr(finding.target() + ": " + finding.title())).append("\"");
            String detail = finding.evidence() + (finding.remediation() == null ? ""
                    : "\n\nFix (" + finding.remediation().kind() + "):\n" + finding.remediation().script());
            switch (finding.status()) {
                case PASS -> out.append("/>\n");
                case WARN -> out.append(">\n    <system-out>").append(text("WARN: " + detail))
                        .append("</system-out>\n  </testcase>\n");
                case FAIL -> out.append(">\n    <failure message=\"").append(attr(finding.evidence()))
                        .append("\">").append(text(detail)).append("</failure>\n  </testcase>\n");
                case ERROR -> out.append(">\n    <error message=\"").append(attr(finding.evidence()))
                        .append("\">").append(text(detail)).append("</error>\n  </testcase>\n");
                case SKIP -> out.append(">\n    <skipped message=\"").append(attr(finding.evidence()))
                        .append("\"/>\n  </testcase>\n");
            }
        }
        out.append("</testsuite>\n");
        return out.toString();
    }

    private static void verdict(Report report, StringBuilder out) {
        String headline = VerdictText.headline(report);
        StringBuilder detail = new StringBuilder(headline);
        List<String> notChecked = VerdictText.notChecked(report);
        if (!notChecked.isEmpty()) {
            detail.append("\nNot checked:");
            notChecked.forEach(line -> detail.append("\n  - ").append(line));
        }
        String hint = VerdictText.narrowerScopeHint(report);
        if (hint != null) {
            detail.append('\n').append(hint);
        }
        out.append("  <testcase classname=\"readiness.verdict\" name=\"")
                .append(attr(report.target() + ": Readiness verdict")).append("\"");
        switch (report.verdict()) {
            case READY -> out.append(">\n    <system-out>").append(text(detail.toString()))
                    .append("</system-out>\n  </testcase>\n");
            case NOT_READY, INCOMPLETE -> out.append(">\n    <failure message=\"").append(attr(headline))
                    .append("\">").append(text(detail.toString())).append("</failure>\n  </testcase>\n");
            case ERROR -> out.append(">\n    <error message=\"").append(attr(headline))
                    .append("\">").append(text(detail.toString())).append("</error>\n  </testcase>\n");
        }
    }

    private static String text(String value) {
        return xmlSafe(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML 1.0 cannot carry most control characters even escaped; replace them. */
    private static String xmlSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 && c != '\n' && c != '\r' && c != '\t' ? '?' : c);
        }
        return out.toString();
    }
}
