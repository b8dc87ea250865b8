package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The report's numbers are what java.util.Formatter would write, without Formatter. */
class ReportNumbersTest {

    @Test
    void groupedIsFormattersGroupingInTheRootLocale() {
        long[] values = {0, 1, 12, 999, 1_000, 1_001, 12_345, 999_999, 1_000_000, 65_535, 2_000, -1, -1_000,
            -123_456_789, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            assertThat(ReportNumbers.grouped(v)).as("%d", v).isEqualTo(String.format(Locale.ROOT, "%,d", v));
        }
        assertThat(ReportNumbers.grouped(1_001)).isEqualTo("1,001");
    }

    @Test
    void oneDecimalRoundsAsFormatterDoes() {
        double[] values = {0, 0.04, 0.05, 0.05000001, 0.15, 0.25, 0.35, 0.45, 1.95, 2.0, 2.0034, 2.05, 2.15, 9.95,
            99.95, 120.049, 1234.56};
        for (double v : values) {
            assertThat(ReportNumbers.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        // A sweep's seconds: elapsed milliseconds with one decimal, divided by 1,000.
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 10_000; i++) {
            double seconds = Math.round(random.nextDouble(0, 200_000) * 10.0) / 10.0 / 1000.0;
            assertThat(ReportNumbers.oneDecimal(seconds)).as("%s", seconds)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", seconds));
        }
    }
}
