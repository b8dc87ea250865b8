package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict in words, shared by every human-readable format: a headline that starts with the verdict's label,
 * then what was not checked and why, then, when the managed instance is what is missing, the way to ask for a check
 * of SQL Server alone.
 */
final class VerdictText {

    private VerdictText() {
    }

    static String headline(Report report) {
        Report.Summary s = report.summary();
        String counts = "(" + s.pass() + " passed, " + Plural.count(s.warn(), "warning") + ", " + s.fail()
                + " failed, " + s.skip() + " skipped, " + Plural.count(s.error(), "error") + ")";
        return switch (report.verdict()) {
            case READY -> report.scope() == Scope.SQL_SERVER
                    ? "READY (SQL Server only; the managed instance was not checked): " + report.target()
                            + " and its databases meet every requirement checked " + counts + "."
                    : "READY: " + report.target() + ", its databases and the managed instance meet every "
                            + "requirement checked " + counts + ".";
            case NOT_READY -> "NOT READY: " + report.target() + " has " + Plural.count(s.fail(), "failed check")
                    + " " + counts + ".";
            case INCOMPLETE -> "INCOMPLETE: nothing failed, but not everything the link needs was checked, so "
                    + report.target() + " is not known to be ready " + counts + ".";
            case ERROR -> "ERROR: " + Plural.count(s.error(), "check") + " could not run ("
                    + String.join(", ", erred(report)) + "), so the readiness of " + report.target()
                    + " is unknown " + counts + ".";
        };
    }

    /** One line per part not checked: what, and why (which says how to check it). */
    static List<String> notChecked(Report report) {
        List<String> lines = new ArrayList<>();
        for (NotChecked part : report.notChecked()) {
            lines.add(part.part().description() + ": " + part.reason());
        }
        return lines;
    }

    /** How to ask for less, when what is missing is the managed instance and SQL Server itself was checked. */
    static String narrowerScopeHint(Report report) {
        boolean managedInstanceMissing = report.notChecked().stream()
                .anyMatch(n -> n.part() == Part.MANAGED_INSTANCE);
        boolean sqlServerChecked = report.notChecked().stream().noneMatch(n -> n.part() == Part.SQL_SERVER);
        if (report.verdict() == Verdict.INCOMPLETE && report.scope() == Scope.LINK && managedInstanceMissing
                && sqlServerChecked) {
            return "To check SQL Server and its databases alone, say so: --scope sql-server.";
        }
        return null;
    }

    private static List<String> erred(Report report) {
        return report.findings().stream().filter(f -> f.status() == Status.ERROR).map(Finding::id).distinct()
                .toList();
    }
}
