package io.milink.api.service.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors as RFC 9457 problem details ({@code application/problem+json}). The {@code type} is a stable URN a client
 * may switch on (docs/api.md lists them); {@code detail} says what went wrong and what to do.
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:milink:problem:";

    private Problems() {
    }

    public static void send(RoutingContext ctx, int status, String type, String title, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", TYPE_PREFIX + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path())
                .put("requestId", RequestIds.of(ctx));
        if (ctx.response().headWritten()) {
            // A stream already started (Server-Sent Events): the status line is gone, so just end it.
            ctx.response().end();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
    }

    public static void badRequest(RoutingContext ctx, String detail) {
        send(ctx, 400, "invalid-request", "The request is not valid", detail);
    }

    public static void notFound(RoutingContext ctx, String detail) {
        send(ctx, 404, "not-found", "Not found", detail);
    }
}
