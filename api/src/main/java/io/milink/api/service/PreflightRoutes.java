package io.milink.api.service;

import io.milink.api.service.auth.Principal;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.RequestIds;
import io.milink.api.service.http.QueryParameters;
import io.milink.api.service.http.RequestRejected;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.journal.ReportSummary;
import io.milink.preflight.report.ReportFormat;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.ReportRenderer;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.Optional;

/** {@code /v1/preflight}: start a rehearsal, fetch its report or checklist, list the history. */
final class PreflightRoutes {

    static final String KIND = "preflight";
    private static final int DEFAULT_HISTORY = 50;

    /** Long enough for a twin rehearsal or two to finish; a client retrying sooner would only be refused again. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final OperationJournal operations;
    private final PreflightJobs jobs;
    private final PreflightTargets targets;
    private final WorkerExecutor journalWorker;

    PreflightRoutes(OperationJournal operations, PreflightJobs jobs, PreflightTargets targets,
                    WorkerExecutor journalWorker) {
        this.operations = operations;
        this.jobs = jobs;
        this.targets = targets;
        this.journalWorker = journalWorker;
    }

    /**
     * POST /v1/preflight → 202 with the Queued operation; the work runs on the preflight pool. The contract has
     * already checked the content type and the body's shape (ServiceRouter); what is left is what only the server
     * knows: whether the scenario, the credential and the files it names exist.
     */
    void start(RoutingContext ctx) {
        ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        PreflightRequest request;
        try {
            request = PreflightRequest.from(validated.getBody().getJsonObject());
        } catch (RequestRejected e) {
            Problems.badRequest(ctx, e.getMessage());
            return;
        }
        if (!jobs.tryReserve()) {
            // 503, not 429: the limit is the service's capacity, shared by every caller, not this caller's rate.
            ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            Problems.send(ctx, 503, "busy", "Too many operations in progress",
                    "The service is running or queuing as many operations as it accepts at once; retry after "
                            + RETRY_AFTER_SECONDS + " seconds.");
            return;
        }
        Principal principal = Authentication.principal(ctx);
        String requestId = RequestIds.of(ctx);
        journalWorker.executeBlocking(() -> {
            // Resolving reads scenario files and checks references: blocking, and a bad one is a 400.
            PreflightJobs.Job job = targets.prepare(request);
            Operation op = operations.create(KIND, principal.name(), request.toJson().encode(), requestId);
            return new Accepted(op, job);
        }, false).onSuccess(accepted -> {
            jobs.submit(accepted.operation().id(), accepted.job());
            ctx.response().setStatusCode(202)
                    .putHeader("Location", OperationJson.location(accepted.operation().id()))
                    .putHeader("Content-Type", "application/json")
                    .end(OperationJson.operation(accepted.operation()).encode());
        }).onFailure(e -> {
            jobs.release();
            ctx.fail(e);
        });
    }

    private record Accepted(Operation operation, PreflightJobs.Job job) {
    }

    /**
     * GET /v1/preflight/{id}: the report JSON, the CLI's schema (docs/report-schema.md). A report stored before
     * reports had a verdict is served as this schema version, with the verdict its findings give.
     */
    void report(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        journalWorker.executeBlocking(() -> {
            Found found = lookUp(id);
            return new Found(found.operation(), found.report().map(json -> ReportJson.write(ReportJson.read(json))));
        }, false).onSuccess(found -> {
            if (found.report().isPresent()) {
                ctx.response().putHeader("Content-Type", "application/json").end(found.report().get());
            } else {
                explainMissingReport(ctx, id, found.operation());
            }
        }).onFailure(ctx::fail);
    }

    /** GET /v1/preflight/{id}/checklist?format=md|html|csv|junit: a download of the rendered report. */
    void checklist(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        // The contract admits only md, html, csv and junit (ServiceApiTest proves anything else is a 400).
        ReportFormat chosen = ReportFormat.parse(Optional.ofNullable(QueryParameters.get(ctx, "format")).orElse("md"));
        journalWorker.executeBlocking(() -> {
            Found found = lookUp(id);
            // Rendering is pure CPU but not trivially small, so it stays off the event loop too.
            return found.report().map(json -> ReportRenderer.forFormat(chosen).render(ReportJson.read(json)))
                    .map(text -> new Rendered(found, text)).orElse(new Rendered(found, null));
        }, false).onSuccess(rendered -> {
            if (rendered.text() == null) {
                explainMissingReport(ctx, id, rendered.found().operation());
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", chosen.contentType())
                    .putHeader("Content-Disposition", "attachment; filename=\"milink-readiness-" + id + "."
                            + chosen.extension() + "\"")
                    .end(rendered.text());
        }).onFailure(ctx::fail);
    }

    /** GET /v1/preflight[?target=…&limit=N]: stored reports, newest first. */
    void history(RoutingContext ctx) {
        String target = QueryParameters.get(ctx, "target");
        // The contract admits only integers from 1 to 500 (ServiceApiTest proves anything else is a 400).
        String limit = QueryParameters.get(ctx, "limit");
        int rows = limit == null ? DEFAULT_HISTORY : Integer.parseInt(limit);
        journalWorker.executeBlocking(() -> operations.history(target, rows), false).onSuccess(list -> {
            JsonArray items = new JsonArray();
            for (ReportSummary summary : list) {
                items.add(new JsonObject()
                        .put("id", summary.operationId())
                        .put("target", summary.target())
                        .put("verdict", summary.verdict().label())
                        .put("ready", summary.ready())
                        .put("generatedAt", summary.generatedAt().toString())
                        .put("report", "/v1/preflight/" + summary.operationId()));
            }
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("items", items).encode());
        }).onFailure(ctx::fail);
    }

    private record Found(Optional<Operation> operation, Optional<String> report) {
    }

    private record Rendered(Found found, String text) {
    }

    private Found lookUp(String id) {
        Optional<Operation> op = operations.find(id).filter(o -> o.kind().equals(KIND));
        return new Found(op, op.isPresent() ? operations.reportJson(id) : Optional.empty());
    }

    private static void explainMissingReport(RoutingContext ctx, String id, Optional<Operation> operation) {
        if (operation.isEmpty()) {
            Problems.notFound(ctx, "No preflight operation " + id + "; list them with GET /v1/preflight.");
            return;
        }
        Operation op = operation.get();
        Problems.send(ctx, 409, "no-report", "This operation has no report",
                "Operation " + id + " is " + op.state() + (op.state().isTerminal() ? "" : "; the report exists "
                        + "once it has Succeeded. Watch GET " + OperationJson.location(id) + "/events")
                        + (op.error() == null ? "" : " (" + op.error() + ")") + ".");
    }
}
