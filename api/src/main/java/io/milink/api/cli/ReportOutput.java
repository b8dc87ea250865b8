package io.milink.api.cli;

import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportFormat;
import io.milink.preflight.report.ReportRenderer;
import io.milink.preflight.report.TextRenderer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report where the user asked: a file ({@code --out}) or standard output. Text is coloured only on a
 * terminal, and never when {@code NO_COLOR} is set (no-color.org).
 */
final class ReportOutput {

    private ReportOutput() {
    }

    static void write(Report report, ReportFormat format, Path out, PrintWriter stdout) {
        boolean colour = colour(out, format, System.console() != null, System.getenv());
        String rendered = format == ReportFormat.TEXT ? new TextRenderer(colour).render(report)
                : ReportRenderer.forFormat(format).render(report);
        if (out == null) {
            stdout.print(rendered);
            stdout.flush();
            return;
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, io.milink.core.UnwritableFile.message("the report", out,
                    e), e);
        }
    }

    /**
     * ANSI colour only for text on standard output, on a terminal, and not when {@code NO_COLOR} is set to a
     * non-empty value ("when present and not an empty string (regardless of its value)", no-color.org).
     */
    static boolean colour(Path out, ReportFormat format, boolean terminal, java.util.Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        return out == null && format == ReportFormat.TEXT && terminal && (noColor == null || noColor.isEmpty());
    }

    static ReportFormat format(String value) {
        try {
            return ReportFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    /** 0 READY, 1 NOT READY, 2 ERROR (a check could not run), 3 INCOMPLETE (docs/cli.md). */
    static int exitCode(Report report) {
        return switch (report.verdict()) {
            case READY -> ExitCodes.OK;
            case NOT_READY -> ExitCodes.NOT_READY;
            case ERROR -> ExitCodes.COULD_NOT_COMPLETE;
            case INCOMPLETE -> ExitCodes.INCOMPLETE;
        };
    }
}
