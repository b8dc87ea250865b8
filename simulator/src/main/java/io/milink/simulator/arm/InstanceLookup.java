package io.milink.simulator.arm;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Finds the instance a request's path names, and reads request bodies, answering in ARM's terms when it cannot. */
final class InstanceLookup {

    /** The path every instance route starts with (Vert.x Web path parameters). */
    static final String INSTANCE_PATH =
            "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Sql/managedInstances/:managedInstanceName";

    private final ManagedInstance instance;

    InstanceLookup(ManagedInstance instance) {
        this.instance = instance;
    }

    /** The instance, or a 404 as ARM gives it: subscription, then resource group, then the resource. */
    ManagedInstance instance(RoutingContext ctx) {
        ManagedInstanceScenario s = instance.scenario();
        String subscription = ctx.pathParam("subscriptionId");
        String group = ctx.pathParam("resourceGroupName");
        String name = ctx.pathParam("managedInstanceName");
        if (!s.subscriptionId().equalsIgnoreCase(subscription)) {
            throw new ArmException(ArmError.subscriptionNotFound(subscription));
        }
        if (!s.resourceGroup().equalsIgnoreCase(group)) {
            throw new ArmException(ArmError.resourceGroupNotFound(group));
        }
        if (!s.name().equalsIgnoreCase(name)) {
            throw new ArmException(ArmError.managedInstanceNotFound(group, name));
        }
        return instance;
    }

    ManagedInstance instance() {
        return instance;
    }

    /**
     * The JSON object body; an empty or malformed body is {@code invalidBody} (each operation has its own code
     * for "request body is empty or invalid").
     */
    static JsonObject body(RoutingContext ctx, ArmError invalidBody) {
        try {
            JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
            if (body == null) {
                throw new ArmException(invalidBody);
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new ArmException(invalidBody);
        }
    }
}
