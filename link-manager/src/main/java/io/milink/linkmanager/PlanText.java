package io.milink.linkmanager;

import java.util.Locale;

/**
 * A plan for people, Terraform-like: each object with a sign ({@code =} as needed, {@code +} create, {@code ~}
 * change, {@code !} blocked), what was found, the exact T-SQL or ARM call that will run, and a summary line.
 */
public final class PlanText {

    private PlanText() {
    }

    public static String render(LinkPlan plan) {
        return render(plan, "Nothing to do: every object of the link is as the spec asks.");
    }

    /** {@code nothingToDo} is the last line when the plan changes nothing (a removal says it its own way). */
    public static String render(LinkPlan plan, String nothingToDo) {
        StringBuilder out = new StringBuilder();
        for (PlannedStep step : plan.steps()) {
            String sign = sign(step.change());
            String side = step.side() == Side.SQL_SERVER ? "SQL Server" : "managed instance";
            out.append(sign).append(' ').append(step.title()).append("  [").append(side).append("; ")
                    .append(step.observed()).append("]\n");
            if (step.change() == Change.BLOCKED) {
                out.append("    blocked: ").append(step.reason()).append('\n');
            } else if (step.changes()) {
                out.append("    will ").append(step.change().name().toLowerCase(Locale.ROOT)).append(":\n");
                for (String line : step.action().shown().split("\n")) {
                    out.append("      ").append(line).append('\n');
                }
            }
        }
        long creates = plan.steps().stream().filter(s -> s.change() == Change.CREATE).count();
        long updates = plan.steps().stream().filter(s -> s.change() == Change.UPDATE).count();
        long deletes = plan.steps().stream().filter(s -> s.change() == Change.DELETE).count();
        long replaces = plan.steps().stream().filter(s -> s.change() == Change.REPLACE).count();
        out.append('\n');
        if (plan.nothingToDo()) {
            out.append(nothingToDo).append('\n');
        } else {
            out.append("Plan: ").append(creates).append(" to create, ").append(updates).append(" to change, ")
                    .append(deletes > 0 ? deletes + " to remove, " : "")
                    .append(replaces > 0 ? replaces + " to replace, " : "").append(plan.blocked().size())
                    .append(" blocked.")
                    .append(plan.blocked().isEmpty() ? "" : " Nothing will run until the blocked objects are fixed.")
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * {@code =} as needed, {@code +} create, {@code ~} change, {@code -} remove, {@code -/+} remove and make again,
     * {@code !} blocked.
     */
    public static String sign(Change change) {
        return switch (change) {
            case NONE -> "=";
            case CREATE -> "+";
            case UPDATE -> "~";
            case DELETE -> "-";
            case REPLACE -> "-/+";
            case BLOCKED -> "!";
        };
    }
}
