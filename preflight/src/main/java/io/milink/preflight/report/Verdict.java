package io.milink.preflight.report;

/** The one-line verdict every human-readable format (text, Markdown, HTML) ends or starts with. */
final class Verdict {

    private Verdict() {
    }

    static String of(Report report) {
        Report.Summary s = report.summary();
        String counts = s.pass() + " passed, " + count(s.warn(), "warning") + ", " + s.fail() + " failed, "
                + s.skip() + " skipped, " + count(s.error(), "error");
        if (report.ready()) {
            return "READY: " + report.target() + " meets every checked requirement (" + counts + ").";
        }
        return "NOT READY: " + report.target() + " has " + count(s.fail() + s.error(), "blocking finding") + " ("
                + counts + ").";
    }

    /** "1 warning", "0 warnings", "2 warnings": English plurals, so a report never reads "1 warnings". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
