package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.util.List;
import java.util.Map;

/**
 * A readiness checklist in Markdown: a check box per finding (ticked when PASS), the evidence, and the fix script
 * under each item that is not yet met, so it can be pasted into a ticket or a change request.
 */
public final class MarkdownRenderer implements ReportRenderer {

    @Override
    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("# Managed Instance link readiness: ").append(inline(report.target())).append("\n\n");
        out.append("Generated ").append(ReportTime.forPeople(report.generatedAt())).append(" by milink.\n\n");
        out.append("**").append(inline(VerdictText.headline(report))).append("**\n");
        List<String> notChecked = VerdictText.notChecked(report);
        if (!notChecked.isEmpty()) {
            out.append("\nNot checked:\n\n");
            notChecked.forEach(line -> out.append("- ").append(inline(line)).append('\n'));
        }
        String hint = VerdictText.narrowerScopeHint(report);
        if (hint != null) {
            out.append('\n').append(inline(hint)).append('\n');
        }
        for (Map.Entry<Section, List<Finding>> group : Section.group(report.findings()).entrySet()) {
            out.append("\n## ").append(group.getKey().heading()).append("\n\n");
            for (Finding finding : group.getValue()) {
                out.append("- [").append(finding.status() == Status.PASS ? 'x' : ' ').append("] **")
                        .append(finding.status()).append("** `").append(finding.id()).append('`');
                if (!finding.target().equals(report.target())) {
                    out.append(" (").append(inline(finding.target())).append(')');
                }
                out.append(": ").append(inline(finding.title())).append(" — ").append(inline(finding.evidence()))
                        .append('\n');
                if (finding.remediation() != null && finding.status() != Status.PASS) {
                    out.append("\n  ```").append(fence(finding)).append('\n');
                    for (String line : finding.remediation().script().split("\n", -1)) {
                        out.append("  ").append(line).append('\n');
                    }
                    out.append("  ```\n\n");
                }
            }
        }
        return out.toString();
    }

    private static String fence(Finding finding) {
        return switch (finding.remediation().kind()) {
            case TSQL -> "sql";
            case POWERSHELL -> "powershell";
            case SHELL -> "sh";
            case MANUAL -> "text";
        };
    }

    /** Keeps names such as {@code a*b_c} literal: Markdown would read them as emphasis. */
    private static String inline(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
                .replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]");
    }
}
