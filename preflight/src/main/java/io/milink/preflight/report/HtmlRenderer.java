package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.util.List;
import java.util.Map;

/**
 * A printable HTML readiness checklist: self-contained (inline CSS, no scripts, nothing fetched), a check box per
 * finding and the fix script under each item not yet met. Every value is escaped: a database name is data, not
 * markup.
 */
public final class HtmlRenderer implements ReportRenderer {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}
            ul{list-style:none;padding-left:0}li{margin:.6em 0}
            .status{display:inline-block;min-width:3.5em;font-weight:bold}
            .PASS{color:#1a7f37}.WARN{color:#9a6700}.FAIL,.ERROR{color:#cf222e}.SKIP{color:#6e7781}
            .evidence{margin-left:1.8em;color:#444}
            pre{margin-left:1.8em;background:#f6f8fa;padding:.6em;overflow-x:auto;white-space:pre-wrap}
            .verdict{font-weight:bold;padding:.6em;border:2px solid}
            .ready{border-color:#1a7f37}.notready{border-color:#cf222e}.incomplete{border-color:#9a6700}
            .notchecked{list-style:disc;padding-left:1.8em}
            @media print{pre{border:1px solid #ccc}}
            """;

    @Override
    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape("Managed Instance link readiness: " + report.target())).append("</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>Managed Instance link readiness: ").append(escape(report.target())).append("</h1>\n");
        out.append("<p>Generated ").append(escape(ReportTime.forPeople(report.generatedAt())))
                .append(" by milink.</p>\n");
        out.append("<p class=\"verdict ").append(cssClass(report.verdict())).append("\">")
                .append(escape(VerdictText.headline(report))).append("</p>\n");
        List<String> notChecked = VerdictText.notChecked(report);
        if (!notChecked.isEmpty()) {
            out.append("<p>Not checked:</p>\n<ul class=\"notchecked\">\n");
            notChecked.forEach(line -> out.append("<li>").append(escape(line)).append("</li>\n"));
            out.append("</ul>\n");
        }
        String hint = VerdictText.narrowerScopeHint(report);
        if (hint != null) {
            out.append("<p>").append(escape(hint)).append("</p>\n");
        }
        for (Map.Entry<Section, List<Finding>> group : Section.group(report.findings()).entrySet()) {
            out.append("<h2>").append(escape(group.getKey().heading())).append("</h2>\n<ul>\n");
            for (Finding finding : group.getValue()) {
                out.append("<li><input type=\"checkbox\" disabled")
                        .append(finding.status() == Status.PASS ? " checked" : "").append("> ")
                        .append("<span class=\"status ").append(finding.status()).append("\">")
                        .append(finding.status()).append("</span> <code>").append(escape(finding.id()))
                        .append("</code>");
                if (!finding.target().equals(report.target())) {
                    out.append(" (").append(escape(finding.target())).append(')');
                }
                out.append(": ").append(escape(finding.title())).append("\n<div class=\"evidence\">")
                        .append(escape(finding.evidence())).append("</div>\n");
                if (finding.remediation() != null && finding.status() != Status.PASS) {
                    out.append("<pre>").append(escape(finding.remediation().script())).append("</pre>\n");
                }
                out.append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static String cssClass(Verdict verdict) {
        return switch (verdict) {
            case READY -> "ready";
            case INCOMPLETE -> "incomplete";
            case NOT_READY, ERROR -> "notready";
        };
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
