package io.milink.api.service;

import io.milink.api.cli.ScenarioArgument;
import io.milink.api.cli.UserError;
import io.milink.api.service.auth.Principal;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.RequestIds;
import io.milink.api.service.http.QueryParameters;
import io.milink.api.service.http.RequestRejected;
import io.milink.api.service.journal.Operation;
import io.milink.api.service.journal.OperationJournal;
import io.milink.api.service.journal.ReportSummary;
import io.milink.preflight.report.ReportFormat;
import io.milink.preflight.report.ReportJson;
import io.milink.preflight.report.ReportRenderer;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/preflight}: start a rehearsal, fetch its report or checklist, list the history. */
final class PreflightRoutes {

    static final String KIND = "preflight";
    private static final Set<ReportFormat> CHECKLIST_FORMATS = EnumSet.of(ReportFormat.MD, ReportFormat.HTML,
            ReportFormat.CSV, ReportFormat.JUNIT);
    private static final int DEFAULT_HISTORY = 50;
    private static final int MAX_HISTORY = 500;

    private final OperationJournal operations;
    private final PreflightJobs jobs;
    private final WorkerExecutor journalWorker;

    PreflightRoutes(OperationJournal operations, PreflightJobs jobs, WorkerExecutor journalWorker) {
        this.operations = operations;
        this.jobs = jobs;
        this.journalWorker = journalWorker;
    }

    /** POST /v1/preflight → 202 with the Queued operation; the work runs on the preflight pool. */
    void start(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            Problems.send(ctx, 415, "unsupported-media-type", "Send JSON",
                    "Send the body as JSON with 'Content-Type: application/json'.");
            return;
        }
        PreflightRequest request;
        try {
            request = PreflightRequest.parse(jsonObject(ctx.body().buffer()));
        } catch (RequestRejected e) {
            Problems.badRequest(ctx, e.getMessage());
            return;
        }
        if (!jobs.tryReserve()) {
            ctx.response().putHeader("Retry-After", "10");
            Problems.send(ctx, 503, "busy", "Too many operations in progress",
                    "The service is running as many preflights as it accepts at once; retry after 10 seconds.");
            return;
        }
        Principal principal = Authentication.principal(ctx);
        String requestId = RequestIds.of(ctx);
        journalWorker.executeBlocking(() -> {
            // Resolving reads a scenario file: blocking, and a bad name is the caller's mistake (400), not a failure.
            ScenarioArgument scenario;
            try {
                scenario = ScenarioArgument.resolve(request.scenario());
            } catch (UserError e) {
                throw new RequestRejected(e.getMessage());
            }
            Operation op = operations.create(KIND, principal.name(), request.toJson().encode(), requestId);
            return new Accepted(op, scenario);
        }, false).onSuccess(accepted -> {
            jobs.submit(accepted.operation().id(), accepted.scenario(), request.databases());
            ctx.response().setStatusCode(202)
                    .putHeader("Location", OperationJson.location(accepted.operation().id()))
                    .putHeader("Content-Type", "application/json")
                    .end(OperationJson.operation(accepted.operation()).encode());
        }).onFailure(e -> {
            jobs.release();
            ctx.fail(e);
        });
    }

    private record Accepted(Operation operation, ScenarioArgument scenario) {
    }

    /** GET /v1/preflight/{id}: the report JSON, the CLI's schema (docs/report-schema.md). */
    void report(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        journalWorker.executeBlocking(() -> lookUp(id), false).onSuccess(found -> {
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
        String formatName = Optional.ofNullable(QueryParameters.get(ctx, "format")).orElse("md");
        ReportFormat format;
        try {
            format = ReportFormat.parse(formatName);
        } catch (IllegalArgumentException e) {
            format = null;
        }
        if (format == null || !CHECKLIST_FORMATS.contains(format)) {
            Problems.badRequest(ctx, "format must be md, html, csv or junit (the report JSON is at /v1/preflight/"
                    + id + ")");
            return;
        }
        ReportFormat chosen = format;
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
        int limit;
        try {
            String text = QueryParameters.get(ctx, "limit");
            limit = text == null ? DEFAULT_HISTORY : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_HISTORY) {
            Problems.badRequest(ctx, "limit must be a number from 1 to " + MAX_HISTORY);
            return;
        }
        int rows = limit;
        journalWorker.executeBlocking(() -> operations.history(target, rows), false).onSuccess(list -> {
            JsonArray items = new JsonArray();
            for (ReportSummary summary : list) {
                items.add(new JsonObject()
                        .put("id", summary.operationId())
                        .put("target", summary.target())
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

    /** The body as a JSON object; anything else is the client's mistake. */
    private static JsonObject jsonObject(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new RequestRejected("the body is empty; send {\"scenario\": \"<name or file>\", "
                    + "\"databases\": [\"<db>\"]}");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new RequestRejected("the body is not valid JSON; send {\"scenario\": \"<name or file>\", "
                    + "\"databases\": [\"<db>\"]}");
        }
        if (!(value instanceof JsonObject object)) {
            throw new RequestRejected("the body must be a JSON object such as {\"scenario\": \"ready-2022\"}");
        }
        return object;
    }

}
