package io.milink.netprobe;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two number forms of the text report, written as {@code String.format(Locale.ROOT, "%,d")} and {@code "%.1f"}
 * write them. Not through java.util.Formatter: its first use in a process loads the locale data (about 20 ms of a
 * two-port {@code milink netprobe}, measured), more than the rest of the report costs.
 */
final class ReportNumbers {

    private ReportNumbers() {
    }

    /** {@code 1,001}: groups of three digits separated by commas. */
    static String grouped(long value) {
        String digits = Long.toString(Math.abs(value));
        if (value == Long.MIN_VALUE) {
            digits = digits.substring(1); // Math.abs cannot negate it; its text has the sign already
        }
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (value < 0) {
            out.append('-');
        }
        int firstGroup = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        out.append(digits, 0, firstGroup);
        for (int i = firstGroup; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }

    /**
     * {@code 2.0}: one decimal, rounded half up on the shortest decimal form of the double, as Formatter rounds.
     * For finite values only (a sweep's seconds).
     */
    static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
