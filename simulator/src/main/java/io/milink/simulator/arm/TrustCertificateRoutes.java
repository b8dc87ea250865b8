package io.milink.simulator.arm;

import static io.milink.simulator.arm.InstanceLookup.INSTANCE_PATH;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code …/serverTrustCertificates[/{certificateName}]} (ServerTrustCertificates.json, 2025-01-01; arm-api.md §2.2):
 * list, get, create (LRO) and delete (LRO).
 */
final class TrustCertificateRoutes {

    static final String KIND = "serverTrustCertificates";

    private final InstanceLookup lookup;
    private final LongRunningOperations operations;
    private final ArmResponses responses;
    private final ArmFaultPlan faults;

    TrustCertificateRoutes(InstanceLookup lookup, LongRunningOperations operations, ArmResponses responses,
                           ArmFaultPlan faults) {
        this.lookup = lookup;
        this.operations = operations;
        this.responses = responses;
        this.faults = faults;
    }

    void register(Router router) {
        router.get(INSTANCE_PATH + "/" + KIND).handler(this::list);
        router.get(INSTANCE_PATH + "/" + KIND + "/:certificateName").handler(this::get);
        router.put(INSTANCE_PATH + "/" + KIND + "/:certificateName").handler(this::put);
        router.delete(INSTANCE_PATH + "/" + KIND + "/:certificateName").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        JsonArray value = new JsonArray();
        mi.trustCertificates().forEach(c -> value.add(mi.trustCertificateJson(c)));
        ArmResponses.json(ctx, 200, new JsonObject().put("value", value));
    }

    private void get(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        TrustCertificate c = mi.trustCertificate(ctx.pathParam("certificateName"))
                .orElseThrow(() -> new ArmException(ArmError.childNotFound()));
        ArmResponses.json(ctx, 200, mi.trustCertificateJson(c));
    }

    /**
     * 200 when the same certificate is already stored under this name; 201 + operation headers when it is new
     * (stored when the operation completes); {@code CertificateAlreadyExists} for a clash; {@code MissingPublicBlob}
     * / {@code InvalidPublicBlob} for a body without a certificate.
     */
    private void put(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        String name = ctx.pathParam("certificateName");
        JsonObject body = InstanceLookup.body(ctx, ArmError.missingPublicBlob());
        JsonObject properties = body.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
        Object blob = properties.getValue("publicBlob");
        if (blob != null && !(blob instanceof String)) {
            throw new ArmException(ArmError.invalidPublicBlob("the blob is not a string"));
        }
        TrustCertificate certificate = TrustCertificate.parse(name, (String) blob);
        if (mi.isRepeatUpload(certificate)) {
            ArmResponses.json(ctx, 200, mi.trustCertificateJson(mi.trustCertificate(name).orElseThrow()));
            return;
        }
        ArmError failure = faults.take(ArmFaultPlan.Kind.FAIL_OPERATION, "PUT", ctx.request().path())
                .map(ArmFaultPlan.RouteFault::error).orElse(null);
        LongRunningOperations.Operation op = operations.start(KIND, () -> {
            mi.putTrustCertificate(certificate);
            return mi.trustCertificateJson(certificate);
        }, failure);
        responses.created(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op,
                mi.trustCertificateJson(certificate));
    }

    private void delete(RoutingContext ctx) {
        ManagedInstance mi = lookup.instance(ctx);
        mi.requireRunningForChange();
        String name = ctx.pathParam("certificateName");
        if (mi.trustCertificate(name).isEmpty()) {
            ArmResponses.empty(ctx, 204);
            return;
        }
        ArmError failure = faults.take(ArmFaultPlan.Kind.FAIL_OPERATION, "DELETE", ctx.request().path())
                .map(ArmFaultPlan.RouteFault::error).orElse(null);
        LongRunningOperations.Operation op = operations.start(KIND, () -> {
            mi.removeTrustCertificate(name);
            return null;
        }, failure);
        responses.accepted(ctx, mi.scenario().subscriptionId(), mi.scenario().location(), op);
    }
}
