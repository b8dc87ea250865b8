package io.milink.api.service.http;

import io.milink.api.service.auth.Principal;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request once its response is sent: request id, caller, method, path, status, duration. Never a
 * header, a query string or a body: the Authorization header carries a token, and bodies may name credentials.
 */
public final class AccessLog {

    /** Its own logger name, so operators can turn request lines off (docs/operations.md, Logs). */
    private static final Logger LOG = LoggerFactory.getLogger("io.milink.api.service.access");

    private AccessLog() {
    }

    public static void handle(RoutingContext ctx) {
        if (LOG.isInfoEnabled()) {
            long started = System.nanoTime();
            String method = ctx.request().method().name();
            String path = ctx.request().path();
            ctx.addEndHandler(ended -> {
                Principal principal = Authentication.principal(ctx);
                LOG.atInfo()
                        .addKeyValue("requestId", RequestIds.of(ctx))
                        .addKeyValue("method", method)
                        .addKeyValue("path", path)
                        .addKeyValue("status", ctx.response().getStatusCode())
                        .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                        .addKeyValue("caller", principal == null ? "anonymous" : principal.name())
                        .log("request");
            });
        }
        ctx.next();
    }
}
