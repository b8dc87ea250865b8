package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdict of a set of findings in a scope, and the parts they say nothing about. Pure, so a reader of a saved
 * report can verify the verdict it carries.
 *
 * @param verdict    the answer
 * @param notChecked every part not checked, required or not, in {@link Part} order
 */
public record Readiness(Verdict verdict, List<NotChecked> notChecked) {

    public Readiness {
        notChecked = List.copyOf(notChecked);
    }

    public static Readiness assess(List<Finding> findings, Scope scope) {
        List<NotChecked> notChecked = new ArrayList<>();
        boolean requiredMissing = false;
        for (Part part : Part.values()) {
            Optional<String> why = scope.covers(part) ? whyNotChecked(part, findings)
                    : Optional.of("not part of a SQL Server check (--scope sql-server)");
            if (why.isPresent()) {
                notChecked.add(new NotChecked(part, why.get()));
                requiredMissing |= scope.requires(part);
            }
        }
        Verdict verdict;
        if (findings.stream().anyMatch(f -> f.status() == Status.ERROR)) {
            verdict = Verdict.ERROR;
        } else if (findings.stream().anyMatch(f -> f.status() == Status.FAIL)) {
            verdict = Verdict.NOT_READY;
        } else if (requiredMissing) {
            verdict = Verdict.INCOMPLETE;
        } else {
            verdict = Verdict.READY;
        }
        return new Readiness(verdict, notChecked);
    }

    /** Empty when the part's anchor check judged it; otherwise the anchor's evidence, which says how to check it. */
    private static Optional<String> whyNotChecked(Part part, List<Finding> findings) {
        List<Finding> anchors = findings.stream().filter(f -> f.id().equals(part.anchorCheck())).toList();
        if (anchors.stream().anyMatch(f -> judged(f.status()))) {
            return Optional.empty();
        }
        return Optional.of(anchors.isEmpty() ? "the report has no " + part.anchorCheck() + " finding"
                : anchors.get(0).evidence());
    }

    private static boolean judged(Status status) {
        return status == Status.PASS || status == Status.WARN || status == Status.FAIL;
    }
}
