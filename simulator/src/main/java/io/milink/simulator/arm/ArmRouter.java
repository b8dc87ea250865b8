package io.milink.simulator.arm;

import java.time.Duration;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Assembles the twin's Vert.x Web router: ARM's checks first, then the routes, then ARM-shaped failures. */
final class ArmRouter {

    /** ARM's request size limit is 4 MB; the twin's bodies are tiny, so 1 MB is plenty. */
    private static final long BODY_LIMIT = 1 << 20;

    private ArmRouter() {
    }

    static Router build(Vertx vertx, ManagedInstance instance, ArmFaultPlan faults, Duration retryAfter,
                        int pollsInProgress, int listPageSize, Supplier<String> baseUrl, RequestRecorder recorder) {
        ArmResponses responses = new ArmResponses(baseUrl, retryAfter);
        LongRunningOperations operations = new LongRunningOperations(pollsInProgress);
        InstanceLookup lookup = new InstanceLookup(instance);

        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route().handler(recorder);
        router.route().handler(new RequestGuard(vertx, faults));
        new InstanceRoutes(lookup, listPageSize, baseUrl).register(router);
        new TrustCertificateRoutes(lookup, operations, responses, faults).register(router);
        new LinkRoutes(lookup, operations, responses, faults).register(router);
        new OperationRoutes(instance, operations, responses).register(router);
        router.route().handler(ArmRouter::unknownRoute);
        router.route().failureHandler(ArmRouter::failure);
        return router;
    }

    /**
     * A path the twin does not serve. ARM answers an unknown resource type with 400/404 {@code InvalidResourceType};
     * the twin says 404 and names itself, so a missing twin route is not mistaken for Azure's answer.
     */
    private static void unknownRoute(RoutingContext ctx) {
        ArmResponses.error(ctx, ArmError.of(404, "InvalidResourceType", "The ARM twin has no route for "
                + ctx.request().method() + " " + ctx.request().path() + " (see docs/simulator-arm.md)."));
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof ArmException arm) {
            ArmResponses.error(ctx, arm.error());
        } else if (ctx.statusCode() == 413) {
            ArmResponses.error(ctx, ArmError.of(413, "RequestEntityTooLarge", "The request body is too large."));
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            ArmResponses.error(ctx, ArmError.of(ctx.statusCode(), "InvalidRequestContent",
                    "The request content was invalid and could not be deserialized."));
        } else {
            ArmResponses.error(ctx, ArmError.twinInternalError(failure == null ? "status " + ctx.statusCode()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        }
    }
}
