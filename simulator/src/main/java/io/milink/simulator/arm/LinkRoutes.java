package io.milink.simulator.arm;

import static io.milink.simulator.arm.InstanceLookup.INSTANCE_PATH;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.milink.simulator.link.LinkError;
import io.milink.simulator.link.LinkRefusedException;
import io.milink.simulator.link.LinkRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code …/distributedAvailabilityGroups[/{name}[/failover|/setRole]]} in the 2025-01-01 shape
 * (DistributedAvailabilityGroups.json; arm-api.md §2.1, §3, §5). Request validation happens at once, so a bad
 * request fails in its first response; accepted changes run as long-running operations.
 */
final class LinkRoutes {

    static final String KIND = "distributedAvailabilityGroups";

    private static final ArmError INVALID_CREATE = ArmError.of(400, "InvalidDistributedAvailabilityGroupsCreateOrUpdateRequest",
            "Distributed Availability Group Create or Update request body is empty or invalid.");
    private static final ArmError INVALID_FAILOVER = ArmError.of(400, "InvalidDistributedAvailabilityGroupFailoverRequest",
            "Distributed Availability Group Failover request body is empty or invalid.");

    private final InstanceLookup lookup;
    private final LongRunningOperations operations;
    private final ArmResponses responses;
    private final ArmFaultPlan faults;

    LinkRoutes(InstanceLookup lookup, LongRunningOperations operations, ArmResponses responses, ArmFaultPlan faults) {
        this.lookup = lookup;
        this.operations = operations;
        this.responses = responses;
        this.faults = faults;
    }

    void register(Router router) {
        String one = INSTANCE_PATH + "/" + KIND + "/:distributedAvailabilityGroupName";
        router.get(INSTANCE_PATH + "/" + KIND).handler(this::list);
        router.get(one).handler(this::get);
        router.put(one).handler(this::put);
        router.patch(one).handler(this::patch);
        router.delete(one).handler(this::delete);
        router.post(one + "/failover").handler(this::failover);
        router.post(one + "/setRole").handler(this::setRole);
    }

    private void list(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        ArmResponses.json(ctx, 200, new JsonObject().put("value", new JsonArray(new ArrayList<>(mi.linkBodies()))));
    }

    private void get(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        ArmResponses.json(ctx, 200, mi.linkBody(existing(mi, ctx)));
    }

    private static LinkResource existing(ManagedInstance mi, RoutingContext ctx) {
        return mi.link(ctx.pathParam("distributedAvailabilityGroupName"))
                .orElseThrow(() -> new ArmException(ArmError.childNotFound()));
    }

    /** Create: 201 + operation headers (the link appears when the operation completes); an existing link: 200. */
    private void put(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        String name = ctx.pathParam("distributedAvailabilityGroupName");
        if (!ManagedInstanceScenarioLoader.LINK_NAME.matcher(name).matches() || name.length() > 128) {
            throw new ArmException(new ArmError(400, "InvalidResourceName", "The resource name '" + name
                    + "' is invalid; it must match ^[#a-zA-Z_][\\w@#$]*$ and be at most 128 characters.",
                    "distributedAvailabilityGroupName"));
        }
        JsonObject properties = properties(InstanceLookup.body(ctx, INVALID_CREATE), INVALID_CREATE);
        var current = mi.link(name);
        if (current.isPresent()) {
            ArmResponses.json(ctx, 200, mi.linkBody(current.get()));
            return;
        }
        LinkResource link = newLink(name, properties);
        mi.checkNewLink(link);
        // The instance joins SQL Server's distributed availability group when the operation completes; if a
        // prerequisite is missing the operation fails with the documented error and no link is made.
        LongRunningOperations.Operation op = start(ctx, "PUT", () -> {
            inWorld(() -> mi.world().join(link.joinRequest()));
            mi.addLink(link);
            return mi.linkBody(link);
        });
        responses.created(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op, mi.linkBody(link));
    }

    /** The service-side create validation the contract's error list describes (arm-api.md §3.1, §5). */
    private static LinkResource newLink(String name, JsonObject p) {
        String instanceAg = text(p, "instanceAvailabilityGroupName", "InstanceAvailabilityGroupName", "Instance Availability Group Name");
        String partnerAg = text(p, "partnerAvailabilityGroupName", "PartnerAvailabilityGroupName", "Partner Availability Group Name");
        String endpoint = text(p, "partnerEndpoint", "PartnerEndpoint", "Partner Endpoint");
        if (instanceAg.equalsIgnoreCase(partnerAg)) {
            throw new ArmException(ArmError.of(400, "InstanceAvailabilityGroupNamePartnerAvailabilityGroupNameMatch",
                    "Distributed Availability Group Create or Update request body has equal Instance and Partner"
                            + " Availability Group Names."));
        }
        Object seeding = p.getValue("seedingMode");
        if (seeding != null && !"Automatic".equals(seeding)) {
            throw new ArmException(createError("SeedingMode", "Seeding Mode. Currently, only the 'Automatic' mode is supported."));
        }
        List<String> databases = new ArrayList<>();
        if (p.getValue("databases") instanceof JsonArray array) {
            for (Object entry : array) {
                if (entry instanceof JsonObject db && db.getValue("databaseName") instanceof String dbName && !dbName.isBlank()) {
                    databases.add(dbName);
                } else {
                    databases.clear();
                    break;
                }
            }
        }
        // In 2025-01-01 a link carries exactly one database: the contract's text for
        // ManagedInstanceLinkForProvidedAvailabilityGroupsAlreadyExists says "a single link can contain only one
        // database"; multi-database links arrive with 2025-08-01-preview's linkMode.
        if (databases.size() != 1) {
            throw new ArmException(createError("Databases", "Databases."));
        }
        String role = enumValue(p, "instanceLinkRole", Set.of("Primary", "Secondary"), "Secondary", INVALID_CREATE);
        String failoverMode = enumValue(p, "failoverMode", Set.of("None", "Manual"), "None", INVALID_CREATE);
        LinkResource link = new LinkResource(name, role, instanceAg, partnerAg, endpoint, failoverMode, "Automatic", databases);
        link.replicationMode = enumValue(p, "replicationMode", Set.of("Async", "Sync"), "Async", INVALID_CREATE);
        return link;
    }

    private static ArmError createError(String suffix, String what) {
        return new ArmError(400, "InvalidDistributedAvailabilityGroupsCreateOrUpdateRequest" + suffix,
                "Distributed Availability Group Create or Update request body has empty or Invalid " + what, null);
    }

    private static String text(JsonObject p, String field, String codeSuffix, String what) {
        Object value = p.getValue(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ArmException(new ArmError(400, "InvalidDistributedAvailabilityGroupsCreateOrUpdateRequest" + codeSuffix,
                    "Distributed Availability Group Create or Update request body has empty or Invalid " + what + ".",
                    "properties." + field));
        }
        return (String) value;
    }

    private static String enumValue(JsonObject body, String field, Set<String> allowed, String fallback, ArmError invalid) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s) || !allowed.contains(s)) {
            throw new ArmException(invalid);
        }
        return s;
    }

    private static JsonObject properties(JsonObject body, ArmError invalid) {
        if (!(body.getValue("properties") instanceof JsonObject p)) {
            throw new ArmException(invalid);
        }
        return p;
    }

    /** PATCH changes the replication mode only (the operation's description); 202, done when polled. */
    private void patch(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        LinkResource link = existing(mi, ctx);
        JsonObject properties = properties(InstanceLookup.body(ctx, INVALID_CREATE), INVALID_CREATE);
        String mode = enumValue(properties, "replicationMode", Set.of("Async", "Sync"), link.replicationMode, INVALID_CREATE);
        LongRunningOperations.Operation op = start(ctx, "PATCH", () -> {
            synchronized (mi) {
                link.replicationMode = mode;
            }
            inWorld(() -> mi.world().setInstanceReplicationMode(link.name, "Sync".equals(mode)));
            return mi.linkBody(link);
        });
        responses.accepted(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op);
    }

    private void delete(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        String name = ctx.pathParam("distributedAvailabilityGroupName");
        if (mi.link(name).isEmpty()) {
            ArmResponses.empty(ctx, 204);
            return;
        }
        LongRunningOperations.Operation op = start(ctx, "DELETE", () -> {
            mi.removeLink(name);
            mi.world().instanceLinkRemoved(name);
            return null;
        });
        responses.accepted(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op);
    }

    /**
     * Failover. A planned failover needs the instance's side to be primary
     * ({@code InvalidDistributedAvailabilityGroupFailoverInstanceRole}: "Planned failover can be executed on a link
     * in the primary role only"), and the link world refuses it (409) unless the secondary is synchronized with
     * equal hardened LSNs when the operation completes; a forced one makes the instance primary with what it has.
     */
    private void failover(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        LinkResource link = existing(mi, ctx);
        String type = enumValue(InstanceLookup.body(ctx, INVALID_FAILOVER), "failoverType",
                Set.of("Planned", "ForcedAllowDataLoss"), null, INVALID_FAILOVER);
        if (type == null) {
            throw new ArmException(INVALID_FAILOVER);
        }
        if ("Planned".equals(type) && mi.instanceRole(link) != LinkRole.PRIMARY) {
            throw new ArmException(ArmError.of(400, "InvalidDistributedAvailabilityGroupFailoverInstanceRole",
                    "Planned failover can be executed on a link in the primary role only. Current state of the"
                            + " specified link is secondary."));
        }
        boolean forced = "ForcedAllowDataLoss".equals(type);
        LongRunningOperations.Operation op = start(ctx, "POST", () -> {
            inWorld(() -> mi.world().failoverFromManagedInstance(link.name, forced));
            return mi.linkBody(link);
        });
        responses.accepted(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op);
    }

    private void setRole(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        LinkResource link = existing(mi, ctx);
        JsonObject body = InstanceLookup.body(ctx, INVALID_FAILOVER);
        String role = enumValue(body, "instanceRole", Set.of("Primary", "Secondary"), null, INVALID_FAILOVER);
        String change = enumValue(body, "roleChangeType", Set.of("Planned", "Forced"), null, INVALID_FAILOVER);
        if (role == null || change == null) {
            throw new ArmException(INVALID_FAILOVER);
        }
        LinkRole requested = "Primary".equals(role) ? LinkRole.PRIMARY : LinkRole.SECONDARY;
        if (requested == mi.instanceRole(link)) {
            throw new ArmException(ArmError.of(409, "DistributedAvailabilityGroupSetRoleInstanceAlreadyInRequestedRole",
                    "User attempted to perform setRole operation while managed instance link is already in requested role."));
        }
        if ("Primary".equals(role) && "Planned".equals(change)) {
            throw new ArmException(ArmError.of(409, "DistributedAvailabilityGroupSetRolePrimaryPlannedNotSupported",
                    "User attempted to perform setRole operation to primary in planned fashion and that is not supported."));
        }
        LongRunningOperations.Operation op = start(ctx, "POST", () -> {
            inWorld(() -> mi.world().setInstanceRole(link.name, requested));
            return mi.linkBody(link);
        });
        responses.accepted(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op);
    }

    /** Runs a link-world change; its refusal becomes the ARM error the operation fails with. */
    private static void inWorld(Runnable change) {
        try {
            change.run();
        } catch (LinkRefusedException e) {
            LinkError error = e.error();
            throw new ArmException(new ArmError(error.httpStatus(), error.armCode(), error.armMessage(), null));
        }
    }

    private LongRunningOperations.Operation start(RoutingContext ctx, String method, Supplier<JsonObject> onSuccess) {
        String path = ctx.request().path();
        ArmError failure = faults.take(ArmFaultPlan.Kind.FAIL_OPERATION, method, path)
                .map(ArmFaultPlan.RouteFault::error).orElse(null);
        var slow = faults.take(ArmFaultPlan.Kind.SLOW_OPERATION, method, path);
        if (slow.isEmpty()) {
            return operations.start(KIND, onSuccess, failure);
        }
        ManagedInstance mi = lookup.instance(ctx);
        return operations.start(KIND, onSuccess, failure, () -> mi.world().clock().now(),
                mi.world().clock().now().plus(slow.get().retryAfter()));
    }
}
