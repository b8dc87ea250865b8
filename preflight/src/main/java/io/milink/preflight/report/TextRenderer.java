package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.util.List;
import java.util.Map;

/**
 * The terminal form: grouped by section, one line per finding with its evidence, the fix indented under each
 * finding that needs one, and the verdict last, followed by what was not checked. Colour only when asked (the CLI asks on a terminal without
 * {@code NO_COLOR}).
 */
public final class TextRenderer implements ReportRenderer {

    private static final String RESET = "\u001B[0m";
    private final boolean colour;

    public TextRenderer(boolean colour) {
        this.colour = colour;
    }

    @Override
    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("milink preflight: ").append(report.target()).append(" (")
                .append(ReportTime.forPeople(report.generatedAt())).append(")\n");
        for (Map.Entry<Section, List<Finding>> group : Section.group(report.findings()).entrySet()) {
            out.append('\n').append(group.getKey().heading()).append('\n');
            for (Finding finding : group.getValue()) {
                out.append("  ").append(badge(finding.status())).append(' ').append(finding.id());
                if (!finding.target().equals(report.target())) {
                    out.append(" [").append(finding.target()).append(']');
                }
                out.append(": ").append(finding.title()).append('\n');
                out.append("         ").append(finding.evidence()).append('\n');
                if (finding.remediation() != null && finding.status() != Status.PASS) {
                    out.append("         fix (").append(finding.remediation().kind().name().toLowerCase(
                            java.util.Locale.ROOT)).append("):\n");
                    for (String line : finding.remediation().script().split("\n", -1)) {
                        out.append("           ").append(line).append('\n');
                    }
                }
            }
        }
        out.append('\n').append(paint(colourOf(report.verdict()), VerdictText.headline(report))).append('\n');
        List<String> notChecked = VerdictText.notChecked(report);
        if (!notChecked.isEmpty()) {
            out.append("Not checked:\n");
            notChecked.forEach(line -> out.append("  - ").append(line).append('\n'));
        }
        String hint = VerdictText.narrowerScopeHint(report);
        if (hint != null) {
            out.append(hint).append('\n');
        }
        return out.toString();
    }

    /** Green only for READY; INCOMPLETE is not a failure of the server, but it is no answer either. */
    private static Status colourOf(Verdict verdict) {
        return switch (verdict) {
            case READY -> Status.PASS;
            case INCOMPLETE -> Status.WARN;
            case NOT_READY, ERROR -> Status.FAIL;
        };
    }

    private String badge(Status status) {
        return paint(status, String.format("%-5s", status.name()));
    }

    private String paint(Status status, String text) {
        if (!colour) {
            return text;
        }
        String code = switch (status) {
            case PASS -> "\u001B[32m";
            case WARN -> "\u001B[33m";
            case FAIL, ERROR -> "\u001B[31m";
            case SKIP -> "\u001B[90m";
        };
        return code + text + RESET;
    }
}
