package io.milink.api.service.http;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plausible id, else a new UUID. The id is
 * echoed in the response header, in problem details, in the service's log lines and in the journal events the
 * request causes, so one id follows a call from a pipeline's log to ours.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "milink.requestId";
    /** Letters, digits and {@code . _ : -}, at most 64: safe in a header, a log line and the journal. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    public static void assign(RoutingContext ctx) {
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : newId();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /**
     * A random (version 4) UUID from the thread's own generator. An id only has to be unique, not unguessable (a
     * caller may choose its own): {@link UUID#randomUUID()} draws from the shared SecureRandom, a lock and a read of
     * the system's entropy source per request.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // the RFC 4122 variant
        return new UUID(high, low).toString();
    }

    /** The request's id; "-" before {@link #assign} ran (a request refused by Vert.x itself). */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "-" : id;
    }
}
