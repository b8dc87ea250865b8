package io.milink.simulator.arm;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The URLs clients poll for long-running operations (arm-api.md §6):
 * <ul>
 *   <li>{@code Location} ({@code …/{kind}OperationResults/{id}}): 202 + Retry-After while running; then 200 with the
 *       final body (the resource, or nothing after a delete), or the operation's error status and ARM error body.</li>
 *   <li>{@code Azure-AsyncOperation} ({@code …/{kind}AzureAsyncOperation/{id}}): always 200 with a status resource
 *       {@code {status: InProgress|Succeeded|Failed, error?}}, as azure-core-management's poller reads it.</li>
 * </ul>
 */
final class OperationRoutes {

    private static final String LOCATION_PATH = "/subscriptions/:subscriptionId/providers/Microsoft.Sql/locations/:location/";

    private final ManagedInstance instance;
    private final LongRunningOperations operations;
    private final ArmResponses responses;

    OperationRoutes(ManagedInstance instance, LongRunningOperations operations, ArmResponses responses) {
        this.instance = instance;
        this.operations = operations;
        this.responses = responses;
    }

    void register(Router router) {
        for (String kind : new String[] {TrustCertificateRoutes.KIND, LinkRoutes.KIND}) {
            router.get(LOCATION_PATH + kind + "OperationResults/:operationId").handler(ctx -> location(ctx, kind));
            router.get(LOCATION_PATH + kind + "AzureAsyncOperation/:operationId").handler(ctx -> asyncOperation(ctx, kind));
        }
    }

    private LongRunningOperations.Operation find(RoutingContext ctx, String kind) {
        if (!instance.scenario().subscriptionId().equalsIgnoreCase(ctx.pathParam("subscriptionId"))) {
            throw new ArmException(ArmError.subscriptionNotFound(ctx.pathParam("subscriptionId")));
        }
        return operations.find(kind, ctx.pathParam("operationId")).orElseThrow(() -> new ArmException(
                ArmError.of(404, "OperationIdNotFound", "The operation with Id does not exist.")));
    }

    private void location(RoutingContext ctx, String kind) {
        LongRunningOperations.Operation op = find(ctx, kind);
        switch (op.poll()) {
            case InProgress -> ArmResponses.start(ctx, 202)
                    .putHeader("Location", responses.locationUrl(ctx.pathParam("subscriptionId"),
                            ctx.pathParam("location"), op, ArmResponses.apiVersion(ctx)))
                    .putHeader("Retry-After", responses.retryAfterSeconds())
                    .end();
            case Failed -> ArmResponses.error(ctx, op.failure());
            case Succeeded -> {
                JsonObject result = op.result();
                if (result == null) {
                    ArmResponses.empty(ctx, 200);
                } else {
                    ArmResponses.json(ctx, 200, result);
                }
            }
        }
    }

    private void asyncOperation(RoutingContext ctx, String kind) {
        LongRunningOperations.Operation op = find(ctx, kind);
        LongRunningOperations.Status status = op.poll();
        String url = responses.asyncOperationUrl(ctx.pathParam("subscriptionId"), ctx.pathParam("location"), op,
                ArmResponses.apiVersion(ctx));
        if (status == LongRunningOperations.Status.InProgress) {
            ctx.response().putHeader("Retry-After", responses.retryAfterSeconds());
        }
        ArmResponses.json(ctx, 200, op.statusJson(url.substring(0, url.indexOf('?')).replaceFirst("^https://[^/]+", "")));
    }
}
