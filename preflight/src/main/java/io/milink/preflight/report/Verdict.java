package io.milink.preflight.report;

/** The one-line verdict every human-readable format ends or starts with. */
final class Verdict {

    private Verdict() {
    }

    static String of(Report report) {
        Report.Summary s = report.summary();
        String counts = s.pass() + " passed, " + s.warn() + " warnings, " + s.fail() + " failed, " + s.skip()
                + " skipped, " + s.error() + " errors";
        if (report.ready()) {
            return "READY: " + report.target() + " meets every checked requirement (" + counts + ").";
        }
        return "NOT READY: " + report.target() + " has " + (s.fail() + s.error()) + " blocking finding(s) ("
                + counts + ").";
    }
}
