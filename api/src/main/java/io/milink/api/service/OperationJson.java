package io.milink.api.service;

import io.milink.journal.Operation;
import io.milink.journal.OperationEvent;
import io.milink.journal.OperationState;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The JSON shapes of operations and their events (docs/api.md). */
final class OperationJson {

    private OperationJson() {
    }

    static String location(String id) {
        return "/v1/operations/" + id;
    }

    static JsonObject operation(Operation op) {
        JsonObject json = new JsonObject()
                .put("id", op.id())
                .put("kind", op.kind())
                .put("state", op.state().name())
                .put("createdAt", text(op.createdAt()))
                .put("startedAt", text(op.startedAt()))
                .put("finishedAt", text(op.finishedAt()))
                .put("requestedBy", op.requestedBy())
                .put("request", new JsonObject(op.request()))
                .put("events", location(op.id()) + "/events");
        if (op.state() == OperationState.Succeeded && op.kind().equals(PreflightRoutes.KIND)) {
            json.put("result", "/v1/preflight/" + op.id()).put("verdict", op.result());
        } else if (op.state() == OperationState.Succeeded && op.result() != null) {
            // A link operation: the link it created or failed over (a removal has none left to point to).
            json.put("result", op.result());
        }
        if (op.error() != null) {
            json.put("error", op.error());
        }
        return json;
    }

    static JsonObject event(OperationEvent event) {
        return new JsonObject().put("id", event.id()).put("at", text(event.at())).put("message", event.message());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
