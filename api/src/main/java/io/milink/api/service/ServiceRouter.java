package io.milink.api.service;

import io.milink.api.service.auth.Role;
import io.milink.api.service.http.AuditTrail;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.RequestRejected;
import io.milink.api.service.http.AccessLog;
import io.milink.api.service.http.RequestIds;
import io.milink.api.service.journal.OperationJournal;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the service, in one place, with who may call it. */
final class ServiceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);
    /** A preflight request is a few hundred bytes; anything near this limit is not one. */
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private ServiceRouter() {
    }

    static Router create(Vertx vertx, OperationJournal journal, WorkerExecutor journalWorker, AuditTrail audit,
                         Authentication authentication, PreflightRoutes preflight, OperationRoutes operations,
                         OperationEventStream events, ServiceHealth health, ServiceMetrics metrics,
                         String openApiYaml) {
        Router router = Router.router(vertx);

        router.route().handler(RequestIds::assign);
        router.route().handler(AccessLog::handle);

        router.get("/health/live").handler(health.live());
        router.get("/health/ready").handler(health.ready());
        // Metrics hold no secret but do describe the service's use: a reader token is asked (docs/api.md).
        router.get("/metrics")
                .handler(authentication::authenticate)
                .handler(metrics.refreshFromJournal(journal, journalWorker))
                .handler(metrics.scrape());
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(openApiYaml));

        router.route().handler(audit::handle);
        // The body is read (at most 64 KiB) before authentication: checking an Entra token may wait for the
        // tenant's keys, and a body arriving meanwhile would be lost to a BodyHandler that runs only afterwards.
        router.post("/v1/preflight").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route("/v1/*").handler(authentication::authenticate);

        router.post("/v1/preflight")
                .handler(Authentication.require(Role.OPERATOR))
                .handler(preflight::start);
        router.get("/v1/preflight").handler(preflight::history);
        router.get("/v1/preflight/:id").handler(preflight::report);
        router.get("/v1/preflight/:id/checklist").handler(preflight::checklist);
        router.get("/v1/operations/:id").handler(operations::get);
        router.get("/v1/operations/:id/events").handler(events::handle);
        router.delete("/v1/operations/:id")
                .handler(Authentication.require(Role.OPERATOR))
                .handler(operations::cancel);

        for (int status : new int[] {400, 404, 405, 406, 413, 415, 500}) {
            router.errorHandler(status, ServiceRouter::problem);
        }
        return router;
    }

    /** Turns a failed route (or an unmatched one) into a problem; unexpected failures are logged, not shown. */
    private static void problem(RoutingContext ctx) {
        if (ctx.response().closed()) {
            return; // The client went away mid-request: nobody to answer, nothing wrong on our side.
        }
        Throwable failure = ctx.failure();
        if (failure instanceof RequestRejected rejected) {
            Problems.badRequest(ctx, rejected.getMessage());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        switch (status) {
            case 400 -> Problems.badRequest(ctx, "The request is malformed; see docs/api.md for each endpoint.");
            case 404 -> Problems.notFound(ctx, "No such endpoint. The API is described at /openapi.yaml.");
            case 405 -> Problems.send(ctx, 405, "method-not-allowed", "Method not allowed",
                    "This endpoint does not accept " + ctx.request().method() + "; see /openapi.yaml.");
            case 413 -> Problems.send(ctx, 413, "too-large", "Request body too large",
                    "Bodies are limited to " + MAX_BODY_BYTES + " bytes; a preflight request needs far less.");
            case 406, 415 -> Problems.send(ctx, status, "unsupported-media-type", "Unsupported media type",
                    "Send and accept JSON (application/json).");
            default -> {
                LOG.atError().addKeyValue("requestId", RequestIds.of(ctx)).setCause(failure)
                        .log("request {} {} failed", ctx.request().method(), ctx.request().path());
                Problems.send(ctx, 500, "internal", "Internal error",
                        "The service could not complete this request; the service log has the details. Retry, "
                                + "and report it if it persists.");
            }
        }
    }
}
