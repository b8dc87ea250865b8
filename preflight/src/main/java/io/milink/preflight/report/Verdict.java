package io.milink.preflight.report;

import io.milink.preflight.check.Plural;

/** The one-line verdict every human-readable format (text, Markdown, HTML) ends or starts with. */
final class Verdict {

    private Verdict() {
    }

    static String of(Report report) {
        Report.Summary s = report.summary();
        String counts = s.pass() + " passed, " + Plural.count(s.warn(), "warning") + ", " + s.fail() + " failed, "
                + s.skip() + " skipped, " + Plural.count(s.error(), "error");
        if (report.ready()) {
            return "READY: " + report.target() + " meets every checked requirement (" + counts + ").";
        }
        return "NOT READY: " + report.target() + " has " + Plural.count(s.fail() + s.error(), "blocking finding")
                + " (" + counts + ").";
    }
}
