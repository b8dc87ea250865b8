package io.milink.api.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Vert.x Web's "Unhandled exception in router" ERROR when what it reports is the client's doing, not a fault of
 * the service: the client closed its connection mid-request ({@code HttpClosedException}), or sent HTTP that Netty's
 * decoder refused (a malformed chunk size). Vert.x raises these on the routing context outside any route, where the
 * service's error handlers never see them; unfiltered, one fuzz run logged 110 such lines, which drown a real error.
 */
public final class ClientGoneFilter extends TurboFilter {

    static final String VERTX_ROUTING_LOGGER = "io.vertx.ext.web.RoutingContext";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (t == null || level != Level.ERROR || !VERTX_ROUTING_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        return clientsDoing(t) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean clientsDoing(Throwable t) {
        if (t instanceof io.vertx.core.http.HttpClosedException) {
            return true;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("io.netty.handler.codec.http.");
    }
}
