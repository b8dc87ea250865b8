package io.milink.certs;

import java.util.List;
import java.util.Objects;

/**
 * The ordered steps that replace the SQL Server link certificate without breaking the link. A plan is data: nothing
 * here runs anything. {@link #render()} gives the script a DBA can read, review and run.
 */
public record RotationPlan(String oldCertificateName, String newCertificateName, List<RotationStep> steps) {

    public RotationPlan {
        Objects.requireNonNull(oldCertificateName, "oldCertificateName");
        Objects.requireNonNull(newCertificateName, "newCertificateName");
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).number() != i + 1) {
                throw new IllegalArgumentException("steps must be numbered 1.." + steps.size() + " in order");
            }
        }
    }

    /**
     * A T-SQL script: SQL Server steps as batches separated by {@code GO}, ARM steps as comments holding the HTTP
     * request, every step headed by what it does and why. Run it with {@code sqlcmd -b} so that a failed check
     * stops it: SSMS carries on with the next batch after an error.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("-- milink: rotate the SQL Server link certificate ").append(oldCertificateName).append(" -> ")
                .append(newCertificateName).append('\n')
                .append("-- A plan, not yet executed. Run the SQL Server steps in master with sqlcmd -b, so that a\n")
                .append("-- failed check stops the script, and the Azure steps in between, in this order.\n");
        for (RotationStep step : steps) {
            out.append('\n')
                    .append("-- Step ").append(step.number()).append(" of ").append(steps.size()).append(" | ")
                    .append(step.side() == RotationStep.Side.SQL_SERVER ? "SQL Server" : "Azure Resource Manager")
                    .append(" | ").append(step.action()).append('\n')
                    .append("-- Why: ").append(step.reason()).append('\n');
            if (step.side() == RotationStep.Side.SQL_SERVER) {
                out.append(step.command()).append("\nGO\n");
            } else {
                for (String line : step.command().split("\n", -1)) {
                    out.append("--   ").append(line).append('\n');
                }
            }
        }
        return out.toString();
    }
}
