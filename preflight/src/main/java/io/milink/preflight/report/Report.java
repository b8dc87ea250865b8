package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A readiness report: the findings of every check over one set of facts, and the verdict they give in the scope the
 * user asked for. Its JSON form is a documented, versioned contract (docs/report-schema.md).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for reports this build writes
 * @param generatedAt   when the checks ran
 * @param target        the SQL Server checked
 * @param verdict       the answer ({@link Readiness#assess}); never READY when a part the scope requires was not
 *                      checked
 * @param ready         true exactly when the verdict is READY
 * @param scope         what the user asked to check
 * @param notChecked    the parts the findings say nothing about, and why
 * @param summary       findings per status
 * @param findings      every finding, in check order
 */
public record Report(int schemaVersion, Instant generatedAt, String target, Verdict verdict, boolean ready,
                     Scope scope, List<NotChecked> notChecked, Summary summary, List<Finding> findings) {

    /** 2: the verdict, scope and notChecked fields, and ready false when a required part was not checked. */
    public static final int SCHEMA_VERSION = 2;

    public Report {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(scope, "scope");
        findings = List.copyOf(findings);
        notChecked = notChecked == null ? List.of() : List.copyOf(notChecked);
        Summary counted = Summary.of(findings);
        if (summary == null) {
            summary = counted;
        } else if (!summary.equals(counted)) {
            throw new IllegalArgumentException("summary " + summary + " does not match the findings " + counted);
        }
        Verdict assessed = Readiness.assess(findings, scope).verdict();
        if (verdict != assessed) {
            throw new IllegalArgumentException("verdict " + verdict + " contradicts the findings, which give "
                    + assessed);
        }
        if (ready != (verdict == Verdict.READY)) {
            throw new IllegalArgumentException("ready=" + ready + " contradicts the verdict " + verdict);
        }
    }

    /** The report of a check of the whole link. */
    public static Report of(Instant generatedAt, String target, List<Finding> findings) {
        return of(generatedAt, target, findings, Scope.LINK);
    }

    /** The report of the findings in a scope: those of parts the scope does not cover are left out. */
    public static Report of(Instant generatedAt, String target, List<Finding> findings, Scope scope) {
        List<Finding> inScope = findings.stream().filter(f -> scope.covers(Part.owning(f.id()))).toList();
        Readiness readiness = Readiness.assess(inScope, scope);
        return new Report(SCHEMA_VERSION, generatedAt, target, readiness.verdict(),
                readiness.verdict() == Verdict.READY, scope, readiness.notChecked(), Summary.of(inScope), inScope);
    }

    /** How many findings have each status. */
    public record Summary(int pass, int warn, int fail, int skip, int error) {
        static Summary of(List<Finding> findings) {
            int[] counts = new int[Status.values().length];
            for (Finding finding : findings) {
                counts[finding.status().ordinal()]++;
            }
            return new Summary(counts[Status.PASS.ordinal()], counts[Status.WARN.ordinal()],
                    counts[Status.FAIL.ordinal()], counts[Status.SKIP.ordinal()], counts[Status.ERROR.ordinal()]);
        }

        public int total() {
            return pass + warn + fail + skip + error;
        }
    }
}
