package io.milink.preflight.report;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A readiness report: the findings of every check over one set of facts. Its JSON form is a documented,
 * versioned contract (docs/report-schema.md).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for reports this build writes
 * @param generatedAt   when the checks ran
 * @param target        the SQL Server checked
 * @param ready         true when no finding is FAIL or ERROR
 * @param summary       findings per status
 * @param findings      every finding, in check order
 */
public record Report(int schemaVersion, Instant generatedAt, String target, boolean ready, Summary summary,
                     List<Finding> findings) {

    public static final int SCHEMA_VERSION = 1;

    public Report {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(target, "target");
        findings = List.copyOf(findings);
        Summary counted = Summary.of(findings);
        if (summary == null) {
            summary = counted;
        } else if (!summary.equals(counted)) {
            throw new IllegalArgumentException("summary " + summary + " does not match the findings " + counted);
        }
        boolean computedReady = findings.stream().noneMatch(f -> f.status().blocksReadiness());
        if (ready != computedReady) {
            throw new IllegalArgumentException("ready=" + ready + " contradicts the findings");
        }
    }

    public static Report of(Instant generatedAt, String target, List<Finding> findings) {
        boolean ready = findings.stream().noneMatch(f -> f.status().blocksReadiness());
        return new Report(SCHEMA_VERSION, generatedAt, target, ready, Summary.of(findings), findings);
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
