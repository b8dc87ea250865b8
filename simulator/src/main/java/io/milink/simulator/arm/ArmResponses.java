package io.milink.simulator.arm;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes ARM responses: JSON bodies, error bodies, and the headers of long-running operations. */
final class ArmResponses {

    private final Supplier<String> baseUrl;
    private final Duration retryAfter;

    /**
     * @param baseUrl    the twin's {@code https://host:port}, for absolute operation URLs as ARM sends them
     * @param retryAfter what {@code Retry-After} says on LRO responses
     */
    ArmResponses(Supplier<String> baseUrl, Duration retryAfter) {
        this.baseUrl = baseUrl;
        this.retryAfter = retryAfter;
    }

    static HttpServerResponse start(RoutingContext ctx, int status) {
        return ctx.response().setStatusCode(status)
                .putHeader("x-ms-request-id", UUID.randomUUID().toString())
                .putHeader("x-ms-correlation-request-id", UUID.randomUUID().toString());
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        start(ctx, status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }

    static void empty(RoutingContext ctx, int status) {
        start(ctx, status).end();
    }

    static void error(RoutingContext ctx, ArmError error) {
        HttpServerResponse response = start(ctx, error.status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("x-ms-failure-cause", "service");
        if (error.status() == 401) {
            // ARM's 401s carry a bearer challenge; no claims, so azure-core does not attempt a CAE retry.
            response.putHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\","
                    + " error=\"invalid_token\", error_description=\"" + error.message().replace("\"", "'") + "\"");
        }
        response.end(error.body().encode());
    }

    /** {@code …/locations/{l}/{kind}OperationResults/{id}} as in the contracts' 202 examples. */
    String locationUrl(String subscriptionId, String location, LongRunningOperations.Operation op, String apiVersion) {
        return baseUrl.get() + "/subscriptions/" + subscriptionId + "/providers/Microsoft.Sql/locations/" + location + "/"
                + op.kind + "OperationResults/" + op.id + "?api-version=" + apiVersion;
    }

    /** {@code …/locations/{l}/{kind}AzureAsyncOperation/{id}}: the twin's name for the status resource URL. */
    String asyncOperationUrl(String subscriptionId, String location, LongRunningOperations.Operation op,
                             String apiVersion) {
        return baseUrl.get() + "/subscriptions/" + subscriptionId + "/providers/Microsoft.Sql/locations/" + location + "/"
                + op.kind + "AzureAsyncOperation/" + op.id + "?api-version=" + apiVersion;
    }

    /** 202 Accepted with {@code Location} and {@code Retry-After}: what the contracts declare for every LRO. */
    void accepted(RoutingContext ctx, String subscriptionId, String location, LongRunningOperations.Operation op) {
        start(ctx, 202)
                .putHeader("Location", locationUrl(subscriptionId, location, op, apiVersion(ctx)))
                .putHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
                .end();
    }

    /**
     * 201 Created with the resource body, plus {@code Azure-AsyncOperation}, {@code Location} and
     * {@code Retry-After} (arm-api.md §6: a PUT that creates; the client polls, then GETs the resource).
     */
    void created(RoutingContext ctx, String subscriptionId, String location, LongRunningOperations.Operation op,
                 JsonObject body) {
        String apiVersion = apiVersion(ctx);
        start(ctx, 201)
                .putHeader("Azure-AsyncOperation", asyncOperationUrl(subscriptionId, location, op, apiVersion))
                .putHeader("Location", locationUrl(subscriptionId, location, op, apiVersion))
                .putHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    String retryAfterSeconds() {
        return Long.toString(retryAfter.toSeconds());
    }

    static String apiVersion(RoutingContext ctx) {
        return ctx.request().getParam("api-version");
    }
}
