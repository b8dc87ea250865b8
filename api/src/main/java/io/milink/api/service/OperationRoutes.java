package io.milink.api.service;

import io.milink.api.service.auth.Principal;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.RequestIds;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** {@code /v1/operations/{id}}: status and cancel. The event stream is {@link OperationEventStream}. */
final class OperationRoutes {

    private final OperationJournal operations;
    private final WorkerExecutor journalWorker;

    OperationRoutes(OperationJournal operations, WorkerExecutor journalWorker) {
        this.operations = operations;
        this.journalWorker = journalWorker;
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        journalWorker.executeBlocking(() -> operations.find(id), false)
                .onSuccess(op -> respond(ctx, id, op, 200))
                .onFailure(ctx::fail);
    }

    /**
     * DELETE: cancels a Queued or Running operation (best effort: a running twin rehearsal is not interrupted, but
     * its result is discarded and the operation stays Canceled). An operation already ended is a 409.
     */
    void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal principal = Authentication.principal(ctx);
        String requestId = RequestIds.of(ctx);
        journalWorker.executeBlocking(() -> {
            boolean canceled = operations.cancel(id, principal.name(), requestId);
            return new Outcome(canceled, operations.find(id));
        }, false).onSuccess(outcome -> {
            if (outcome.operation().isPresent() && !outcome.canceled()) {
                Problems.send(ctx, 409, "already-finished", "The operation has already ended",
                        "Operation " + id + " is " + outcome.operation().get().state()
                                + "; only Queued or Running operations can be canceled.");
                return;
            }
            respond(ctx, id, outcome.operation(), 200);
        }).onFailure(ctx::fail);
    }

    private record Outcome(boolean canceled, Optional<Operation> operation) {
    }

    static void respond(RoutingContext ctx, String id, Optional<Operation> op, int status) {
        if (op.isEmpty()) {
            Problems.notFound(ctx, "No operation " + id + ". Operation ids are returned by POST /v1/preflight "
                    + "(Location header).");
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(OperationJson.operation(op.get()).encode());
    }
}
