package io.milink.api.cli;

import io.milink.preflight.report.Report;
import io.milink.preflight.report.ReportJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink checklist}: re-renders a saved report (JSON) as a checklist for other teams. */
@Command(name = "checklist", mixinStandardHelpOptions = true,
        description = "Render a saved preflight report (--output json) as a checklist: md, html, csv, junit, text.")
public final class ChecklistCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "A report saved with "
            + "milink preflight --output json --out FILE.")
    Path from;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "md, html, csv, junit, text or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path out;

    @Override
    public Integer call() {
        var reportFormat = ReportOutput.format(format);
        Report report;
        try {
            report = ReportJson.read(Files.readString(from, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE,
                    io.milink.core.UnreadableFile.message("report", from, e), e);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, from + ": " + e.getMessage(), e);
        }
        ReportOutput.write(report, reportFormat, out, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
