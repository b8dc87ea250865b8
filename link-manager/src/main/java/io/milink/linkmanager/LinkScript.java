package io.milink.linkmanager;

import java.util.List;

/**
 * The reviewable script of a plan: its changes in order, T-SQL batches for SQL Server (SSMS or sqlcmd) and Azure
 * CLI commands for the managed instance, generated from the same actions the engine runs. Objects already as the
 * link needs them are listed as comments; a blocked plan gives no script.
 */
public final class LinkScript {

    private LinkScript() {
    }

    public static String render(LinkPlan plan) {
        if (!plan.blocked().isEmpty()) {
            throw new IllegalStateException("the plan has blocked objects; fix them first (milink link plan says how)");
        }
        StringBuilder out = new StringBuilder();
        out.append("-- milink link script: run the steps in this order. T-SQL runs on SQL Server (sqlcmd or SSMS,\n")
                .append("-- connected to master); lines starting with 'az' run in a shell signed in to Azure.\n")
                .append(plan.steps().stream().anyMatch(s -> s.change() == Change.REPLACE)
                        ? "-- Each step is safe to run again, except the ones marked to run once.\n\n"
                        : "-- Each step is safe to run again.\n\n");
        int n = 0;
        for (PlannedStep step : plan.steps()) {
            if (!step.changes()) {
                out.append("-- already done: ").append(step.title()).append(" (").append(step.observed()).append(")\n");
                continue;
            }
            out.append("\n-- Step ").append(++n).append(": ").append(switch (step.change()) {
                        case CREATE -> "create ";
                        case DELETE -> "remove ";
                        case REPLACE -> "replace ";
                        default -> "change ";
                    })
                    .append(step.title()).append('\n');
            if (step.change() == Change.REPLACE) {
                // Unlike every other step, running it again would drop what it made.
                out.append("-- Run this step once: it drops the failed link and makes it again; run again, it would"
                        + " drop the new one.\n");
            }
            List<String> lines = step.action().script();
            lines.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }
}
