package io.milink.api.service.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Refuses a query string that is not valid percent-encoding (such as {@code %zz}) before anything reads it. Vert.x
 * decodes the query lazily and throws wherever it is first read; inside body handling (a form body merges into the
 * parameters) that left the request unanswered. A platform handler, so it runs before body handling.
 */
public final class QueryStringCheck implements PlatformHandler {

    @Override
    public void handle(RoutingContext ctx) {
        try {
            ctx.queryParams();
        } catch (RuntimeException e) {
            ctx.fail(400, new RequestRejected("the query string is not valid URL encoding; percent-encode it "
                    + "(RFC 3986)"));
            return;
        }
        ctx.next();
    }
}
