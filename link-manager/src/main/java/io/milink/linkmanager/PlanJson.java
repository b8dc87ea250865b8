package io.milink.linkmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plan as data: {@code {nothingToDo, summary:{create, update, delete, replace, blocked}, steps:[{id, side, title,
 * observed, change, reason?, shown?, script?}]}}.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanJson() {
    }

    public static ObjectNode toJson(LinkPlan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("nothingToDo", plan.nothingToDo());
        ObjectNode summary = root.putObject("summary");
        summary.put("create", plan.steps().stream().filter(s -> s.change() == Change.CREATE).count());
        summary.put("update", plan.steps().stream().filter(s -> s.change() == Change.UPDATE).count());
        summary.put("delete", plan.steps().stream().filter(s -> s.change() == Change.DELETE).count());
        summary.put("replace", plan.steps().stream().filter(s -> s.change() == Change.REPLACE).count());
        summary.put("blocked", plan.blocked().size());
        ArrayNode steps = root.putArray("steps");
        for (PlannedStep s : plan.steps()) {
            ObjectNode step = steps.addObject();
            step.put("id", s.id());
            step.put("side", s.side().name());
            step.put("title", s.title());
            step.put("observed", s.observed());
            step.put("change", s.change().name());
            if (s.reason() != null) {
                step.put("reason", s.reason());
            }
            if (s.action() != null) {
                step.put("shown", s.action().shown());
                ArrayNode script = step.putArray("script");
                s.action().script().forEach(script::add);
            }
        }
        return root;
    }

    public static String render(LinkPlan plan) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(plan));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }
}
