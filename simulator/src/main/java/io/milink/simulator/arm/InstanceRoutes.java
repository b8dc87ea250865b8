package io.milink.simulator.arm;

import static io.milink.simulator.arm.InstanceLookup.INSTANCE_PATH;

import java.util.function.Supplier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Read-only routes about the instance: the instance itself, its databases, its endpoint certificate, the caller's
 * permissions on it, its used-storage metric and the failover groups it is in.
 */
final class InstanceRoutes {

    /** The only endpoint type Azure SQL MI has (EndpointCertificatesGet example). */
    static final String DATABASE_MIRRORING = "DATABASE_MIRRORING";

    private final InstanceLookup lookup;
    private final int pageSize;
    private final Supplier<String> baseUrl;

    /**
     * @param pageSize items per page of a list; more make a {@code nextLink}
     * @param baseUrl  the twin's {@code https://host:port}: ARM's nextLink is an absolute URL
     */
    InstanceRoutes(InstanceLookup lookup, int pageSize, Supplier<String> baseUrl) {
        this.lookup = lookup;
        this.pageSize = pageSize;
        this.baseUrl = baseUrl;
    }

    void register(Router router) {
        router.get(INSTANCE_PATH).handler(ctx -> ArmResponses.json(ctx, 200, lookup.instance(ctx).toJson()));
        router.get(INSTANCE_PATH + "/databases").handler(this::listDatabases);
        router.get(INSTANCE_PATH + "/endpointCertificates").handler(this::listEndpointCertificates);
        router.get(INSTANCE_PATH + "/endpointCertificates/:endpointType").handler(this::getEndpointCertificate);
        router.get(INSTANCE_PATH + "/providers/Microsoft.Authorization/permissions")
                .handler(ctx -> ArmResponses.json(ctx, 200, lookup.instance(ctx).permissionsJson()));
        router.get(INSTANCE_PATH + "/providers/Microsoft.Insights/metrics").handler(this::metrics);
        router.get("/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Sql/locations/:location/instanceFailoverGroups")
                .handler(this::failoverGroups);
    }

    /**
     * The endpoint-certificate operations list {@code ManagedInstanceStoppingOrStopped}/{@code ManagedInstanceStarting}
     * among their only errors (EndpointCertificates.json, 2025-01-01), so a stopped instance cannot hand its
     * certificate over.
     */
    private ManagedInstance runningInstance(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        return mi;
    }

    private void listEndpointCertificates(RoutingContext ctx) {
        ManagedInstance mi = runningInstance(ctx);
        ArmResponses.json(ctx, 200, new JsonObject().put("value", new JsonArray().add(mi.endpointCertificateJson(DATABASE_MIRRORING))));
    }

    private void getEndpointCertificate(RoutingContext ctx) {
        ManagedInstance mi = runningInstance(ctx);
        String type = ctx.pathParam("endpointType");
        if (!DATABASE_MIRRORING.equalsIgnoreCase(type)) {
            throw new ArmException(ArmError.childNotFound());
        }
        ArmResponses.json(ctx, 200, mi.endpointCertificateJson(DATABASE_MIRRORING));
    }

    /**
     * One page of the databases. Like ARM, the next page is an absolute {@code nextLink} carrying the same
     * api-version and a {@code $skipToken} (arm-api.md §2: x-ms-pageable, nextLinkName nextLink).
     */
    private void listDatabases(RoutingContext ctx) {
        JsonArray all = lookup.instance(ctx).databasesJson().getJsonArray("value");
        int from;
        try {
            String token = ctx.request().getParam("$skipToken");
            from = token == null ? 0 : Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new ArmException(ArmError.of(400, "InvalidSkipToken", "The $skipToken is not valid."));
        }
        if (from < 0 || from > all.size()) {
            throw new ArmException(ArmError.of(400, "InvalidSkipToken", "The $skipToken is not valid."));
        }
        int to = (int) Math.min(all.size(), (long) from + pageSize);
        JsonObject page = new JsonObject().put("value", new JsonArray(all.getList().subList(from, to)));
        if (to < all.size()) {
            page.put("nextLink", baseUrl.get() + ctx.request().path() + "?api-version="
                    + ctx.request().getParam("api-version") + "&$skipToken=" + to);
        }
        ArmResponses.json(ctx, 200, page);
    }

    private void metrics(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        String names = ctx.request().getParam("metricnames");
        if (!"storage_space_used_mb".equals(names)) {
            throw new ArmException(ArmError.of(400, "BadRequest", "The twin serves only metricnames=storage_space_used_mb."));
        }
        ArmResponses.json(ctx, 200, mi.storageMetricJson(names));
    }

    private void failoverGroups(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance();
        ManagedInstanceScenario s = mi.scenario();
        if (!s.subscriptionId().equalsIgnoreCase(ctx.pathParam("subscriptionId"))) {
            throw new ArmException(ArmError.subscriptionNotFound(ctx.pathParam("subscriptionId")));
        }
        if (!s.resourceGroup().equalsIgnoreCase(ctx.pathParam("resourceGroupName"))) {
            throw new ArmException(ArmError.resourceGroupNotFound(ctx.pathParam("resourceGroupName")));
        }
        boolean here = s.location().equalsIgnoreCase(ctx.pathParam("location"));
        ArmResponses.json(ctx, 200, here ? mi.failoverGroupsJson() : new JsonObject().put("value", new JsonArray()));
    }
}
