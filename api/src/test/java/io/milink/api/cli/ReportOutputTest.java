package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.api.Milink;
import io.milink.preflight.report.ReportFormat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** When the text report is coloured: on a terminal only, never with NO_COLOR, never into a file or another format. */
class ReportOutputTest {

    private static final String ESC = "\u001B[";

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(ReportOutput.colour(null, ReportFormat.TEXT, true, Map.of())).isTrue();
        assertThat(ReportOutput.colour(null, ReportFormat.TEXT, true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(ReportOutput.colour(null, ReportFormat.TEXT, true, Map.of("NO_COLOR", "0"))).isFalse();
        // no-color.org: an empty NO_COLOR does not count.
        assertThat(ReportOutput.colour(null, ReportFormat.TEXT, true, Map.of("NO_COLOR", ""))).isTrue();
        assertThat(ReportOutput.colour(null, ReportFormat.TEXT, false, Map.of())).isFalse();
        assertThat(ReportOutput.colour(Path.of("report.txt"), ReportFormat.TEXT, true, Map.of())).isFalse();
        assertThat(ReportOutput.colour(null, ReportFormat.JSON, true, Map.of())).isFalse();
    }

    @Test
    void aReportPrintedToSomethingThatIsNotATerminalHasNoAnsiEscapes() {
        // Tests run without a console, exactly like output piped to a file or another program.
        var cli = Milink.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("preflight", "--scenario", "hadr-off-no-master-key", "--database", "Payroll");
        assertThat(code).isEqualTo(ExitCodes.NOT_READY);
        assertThat(out.toString()).contains("FAIL  sql.hadr").doesNotContain(ESC).doesNotContain("\u001B");
    }
}
