package io.milink.preflight.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each format of a fixed report is compared with a reviewed golden file. After an intended change, regenerate with
 * {@code ./mvnw -pl preflight test -Dtest=RenderersGoldenTest -Dmilink.updateGolden=true}, review the diff, commit.
 */
class RenderersGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/io/milink/preflight/report/golden");

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void rendersExactlyTheReviewedGoldenFile(ReportFormat format) throws IOException {
        String rendered = ReportRenderer.forFormat(format).render(SampleReports.notReady());
        Path golden = GOLDEN.resolve("not-ready." + format.extension());
        if (Boolean.getBoolean("milink.updateGolden")) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void rendersAReadyReportWithAWarningExactlyAsItsReviewedGoldenFile(ReportFormat format) throws IOException {
        String rendered = ReportRenderer.forFormat(format).render(SampleReports.readyWithWarnings());
        Path golden = GOLDEN.resolve("ready." + format.extension());
        if (Boolean.getBoolean("milink.updateGolden")) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void rendersAnIncompleteReportExactlyAsItsReviewedGoldenFile(ReportFormat format) throws IOException {
        String rendered = ReportRenderer.forFormat(format).render(SampleReports.incomplete());
        Path golden = GOLDEN.resolve("incomplete." + format.extension());
        if (Boolean.getBoolean("milink.updateGolden")) {
            Files.writeString(golden, rendered, StandardCharsets.UTF_8);
        }
        assertThat(rendered).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
