package io.milink.api.service.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Query parameters that a malformed query string (such as {@code %zz}) turns into a 400 problem: Vert.x decodes
 * the query lazily and throws on bad percent-encoding, which would otherwise surface as a 500.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter's value, or null when absent. @throws RequestRejected when the query string is malformed */
    public static String get(RoutingContext ctx, String name) {
        try {
            return ctx.request().getParam(name);
        } catch (IllegalArgumentException e) {
            throw new RequestRejected("the query string is not valid URL encoding; percent-encode it (RFC 3986)");
        }
    }
}
