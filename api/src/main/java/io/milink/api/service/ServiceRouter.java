package io.milink.api.service;

import io.milink.api.service.auth.Role;
import io.milink.api.service.contract.ContractViolations;
import io.milink.api.service.contract.ParameterValidation;
import io.milink.api.service.contract.ServiceContract;
import io.milink.api.service.http.AccessLog;
import io.milink.api.service.http.AuditTrail;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.QueryStringCheck;
import io.milink.api.service.http.RequestIds;
import io.milink.api.service.http.RequestRejected;
import io.milink.journal.OperationJournal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatorException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every route of the service, built from the OpenAPI contract ({@code openapi.yaml}): the contract's operations are
 * mapped to handlers here by operationId, and RouterBuilder validates each request against the contract before its
 * handler runs. Who may call what is decided before validation, so a caller without the right token learns nothing
 * about the contract's rules.
 */
final class ServiceRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);
    /** A preflight request is a few hundred bytes; anything near this limit is not one. */
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private ServiceRouter() {
    }

    static Router create(Vertx vertx, ServiceContract contract, OperationJournal journal,
                         WorkerExecutor journalWorker, AuditTrail audit, Authentication authentication,
                         PreflightRoutes preflight, LinkRoutes links, OperationRoutes operations,
                         OperationEventStream events, LinkEventStream linkEvents, DashboardAssets dashboard,
                         ServiceHealth health, ServiceMetrics metrics) {
        RouterBuilder builder = RouterBuilder.create(vertx, contract.contract(), ServiceRouter::extract);
        // In this order: every request gets its id (echoed, logged, journaled) and its access-log line, even one
        // refused below; a query string that does not decode is refused; the body is read (Vert.x wants body
        // handling before a route's plain handlers, and all root handlers share one route, so this comes before
        // authentication: the 64 KiB limit bounds what an unauthenticated caller can make the service buffer, and
        // a body arriving while an Entra token check waits for the tenant's keys is not lost); then audit,
        // authentication and the role check; then, per operation, contract validation and the handler(s).
        // Request ids and the access log are platform handlers only so Vert.x lets them run before the others.
        builder.rootHandler((PlatformHandler) RequestIds::assign);
        builder.rootHandler((PlatformHandler) AccessLog::handle);
        builder.rootHandler(new QueryStringCheck());
        builder.rootHandler(bodyOfWritingMethods());
        builder.rootHandler(audit::handle);
        Set<String> publicPaths = publicPaths(builder, contract);
        builder.rootHandler(ctx -> onlyWithToken(ctx, publicPaths, authentication::authenticate));
        // Reader tokens read (GET); starting or canceling work needs an operator token (docs/api.md).
        Handler<RoutingContext> operatorOnly = Authentication.require(Role.OPERATOR);
        builder.rootHandler(ctx -> onlyUnderV1(ctx, c -> {
            if (READ_ONLY.contains(c.request().method())) {
                c.next();
            } else {
                operatorOnly.handle(c);
            }
        }));

        Map<String, List<Handler<RoutingContext>>> handlers = Map.ofEntries(
                Map.entry("healthLive", List.of(health.live())),
                Map.entry("healthReady", List.of(health.ready())),
                // Metrics hold no secret but do describe the service's use: any token (reader or operator) is
                // asked, by the root handlers (onlyWithToken).
                Map.entry("metrics", List.of(metrics.refreshFromJournal(journal, journalWorker), metrics.scrape())),
                Map.entry("openApiContract", List.of(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/yaml").end(contract.yaml()))),
                Map.entry("startPreflight", List.of(preflight::start)),
                Map.entry("listPreflights", List.of(preflight::history)),
                Map.entry("getPreflightReport", List.of(preflight::report)),
                Map.entry("getPreflightChecklist", List.of(preflight::checklist)),
                Map.entry("listLinks", List.of(links::list)),
                Map.entry("createLink", List.of(links::create)),
                Map.entry("getLink", List.of(links::get)),
                Map.entry("removeLink", List.of(links::remove)),
                Map.entry("getLinkPlan", List.of(links::plan)),
                Map.entry("getLinkScript", List.of(links::script)),
                Map.entry("failoverLink", List.of(links::failover)),
                Map.entry("checkLinkFailover", List.of(links::failoverCheck)),
                Map.entry("cutoverLink", List.of(links::cutover)),
                Map.entry("checkLinkCutover", List.of(links::cutoverCheck)),
                Map.entry("getOperation", List.of(operations::get)),
                Map.entry("cancelOperation", List.of(operations::cancel)),
                Map.entry("streamOperationEvents", List.of(events::handle)),
                Map.entry("streamLinkEvents", List.of(linkEvents::handle)),
                Map.entry("getDashboard", List.of(dashboard.page())),
                Map.entry("getDashboardStylesheet", List.of(dashboard.stylesheet())),
                Map.entry("getDashboardScript", List.of(dashboard.script())));
        for (OpenAPIRoute route : builder.getRoutes()) {
            String operationId = route.getOperation().getOperationId();
            List<Handler<RoutingContext>> chain = handlers.get(operationId);
            if (chain == null) {
                throw new IllegalStateException("openapi.yaml has an operation without a handler: " + operationId);
            }
            // The contract's securitySchemes document the bearer tokens; Authentication enforces them.
            route.setDoSecurity(false);
            if (ParameterValidation.covers(route.getOperation())) {
                // Reads validate their parameters on the event loop (ParameterValidation says why); bodies keep
                // the stock validator.
                route.setDoValidation(false);
                route.addHandler(new ParameterValidation(contract.contract(), route.getOperation(),
                        ServiceRouter::extract));
            }
            chain.forEach(route::addHandler);
        }
        Router router = builder.createRouter();

        ContractViolations violations = new ContractViolations(contract.contract().getRawContract());
        // Every error status, not only those the handlers use: a failure with a status that has no error handler is
        // logged by Vert.x as an unhandled ERROR, which a client closing its connection (HttpClosedException) or
        // sending a malformed chunk must not cause.
        for (int status = 400; status < 600; status++) {
            // The status is the handler's own: a failure inside Vert.x's route matching (a query string that does
            // not decode) reaches the handler without a status on the context.
            int code = status;
            router.errorHandler(code, ctx -> problem(ctx, code, contract, violations));
        }
        return router;
    }

    /**
     * Reads the body of POST, PUT, PATCH and DELETE only: Vert.x's BodyHandler throws on a GET that claims a form
     * body, and no read has a body. A platform handler so it may run before the plain handlers.
     */
    private static PlatformHandler bodyOfWritingMethods() {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setMergeFormAttributes(false);
        Set<HttpMethod> withBody = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
        return ctx -> {
            if (withBody.contains(ctx.request().method())) {
                body.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    /**
     * The paths whose operations the contract marks {@code security: []} (health probes, the contract itself). Read
     * from the contract rather than listed here, so the document and the enforcement cannot disagree; an operation
     * without that explicit marking needs a token.
     */
    private static Set<String> publicPaths(RouterBuilder builder, ServiceContract contract) {
        io.vertx.core.json.JsonObject paths = contract.contract().getRawContract().getJsonObject("paths");
        Set<String> open = new java.util.HashSet<>();
        for (OpenAPIRoute route : builder.getRoutes()) {
            String path = route.getOperation().getOpenAPIPath();
            io.vertx.core.json.JsonObject operation = paths.getJsonObject(path)
                    .getJsonObject(route.getOperation().getHttpMethod().name().toLowerCase(java.util.Locale.ROOT));
            io.vertx.core.json.JsonArray security = operation == null ? null : operation.getJsonArray("security");
            if (security != null && security.isEmpty()) {
                open.add(path);
            }
        }
        return Set.copyOf(open);
    }

    /**
     * Asks for a token on every path except the contract's public ones: deny by default, so a path spelled another
     * way (Vert.x routes {@code /metrics/} to {@code /metrics}) or not in the contract at all is never let through
     * unauthenticated. Trailing slashes are dropped before the comparison for the same reason.
     */
    private static void onlyWithToken(RoutingContext ctx, Set<String> publicPaths, Handler<RoutingContext> handler) {
        String path = ctx.normalizedPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (publicPaths.contains(path)) {
            ctx.next();
        } else {
            handler.handle(ctx);
        }
    }

    private static void onlyUnderV1(RoutingContext ctx, Handler<RoutingContext> handler) {
        String path = ctx.normalizedPath();
        if (path.equals("/v1") || path.startsWith("/v1/")) {
            handler.handle(ctx);
        } else {
            ctx.next();
        }
    }

    /**
     * What the validator validates: parameters and the body BodyHandler read. Vert.x decodes the query string
     * lazily and throws on bad percent-encoding; that is the client's mistake (400), not a failure of ours.
     */
    private static Future<io.vertx.openapi.validation.ValidatableRequest> extract(RoutingContext ctx,
                                                                                  io.vertx.openapi.contract.Operation operation) {
        try {
            return RequestExtractor.withBodyHandler().extractValidatableRequest(ctx, operation);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new RequestRejected("the query string or path is not valid URL encoding; "
                    + "percent-encode it (RFC 3986)"));
        }
    }

    /** Turns a failed route (or an unmatched one) into a problem; unexpected failures are logged, not shown. */
    private static void problem(RoutingContext ctx, int status, ServiceContract contract,
                                ContractViolations violations) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof io.vertx.core.http.HttpClosedException) {
            // The client went away mid-request: nobody to answer, nothing wrong on our side.
            LOG.atDebug().addKeyValue("requestId", RequestIds.of(ctx)).log("client closed the connection of {} {}",
                    ctx.request().method(), ctx.request().path());
            return;
        }
        if (failure instanceof RequestRejected rejected) {
            Problems.badRequest(ctx, rejected.getMessage());
            return;
        }
        // The validator's refusal, wrapped in an HttpException, or bare when it fails while decoding a header
        // parameter (a percent sign in an Idempotency-Key); either way the client's mistake, a 400.
        Throwable refused = failure instanceof HttpException http ? http.getCause() : failure;
        if (refused instanceof ValidatorException invalid) {
            ContractViolations.Violation violation = violations.explain(invalid,
                    contract.contract().findOperation(ctx.normalizedPath(), ctx.request().method()));
            Problems.send(ctx, violation.status(), violation.type(), violation.title(), violation.detail());
            return;
        }
        switch (status) {
            case 400 -> Problems.badRequest(ctx, failure instanceof IllegalArgumentException
                    || failure instanceof HttpException && failure.getCause() instanceof IllegalArgumentException
                    ? "the query string or path is not valid URL encoding; percent-encode it (RFC 3986)"
                    : "The request is malformed; see /openapi.yaml for each endpoint.");
            case 404 -> Problems.notFound(ctx, "No such endpoint. The API is described at /openapi.yaml.");
            case 405 -> Problems.send(ctx, 405, "method-not-allowed", "Method not allowed",
                    "This endpoint does not accept " + ctx.request().method() + "; see /openapi.yaml.");
            case 413 -> Problems.send(ctx, 413, "too-large", "Request body too large",
                    "Bodies are limited to " + MAX_BODY_BYTES + " bytes; a preflight request needs far less.");
            case 406, 415 -> Problems.send(ctx, status, "unsupported-media-type", "Unsupported media type",
                    "Send and accept JSON (application/json).");
            default -> {
                if (status < 500) {
                    // Vert.x refused the request itself (a malformed chunk, a header too large): the client's doing.
                    Problems.send(ctx, status, "invalid-request", "The request is not valid",
                            "The request is malformed HTTP (status " + status + "); see /openapi.yaml.");
                    return;
                }
                LOG.atError().addKeyValue("requestId", RequestIds.of(ctx)).setCause(failure)
                        .log("request {} {} failed", ctx.request().method(), ctx.request().path());
                Problems.send(ctx, 500, "internal", "Internal error",
                        "The service could not complete this request; the service log has the details. Retry, "
                                + "and report it if it persists.");
            }
        }
    }
}
