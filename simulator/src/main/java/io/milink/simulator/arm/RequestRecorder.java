package io.milink.simulator.arm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Keeps the last {@value #LIMIT} requests the twin received, so a long-running demo twin cannot grow unbounded. */
final class RequestRecorder implements Handler<RoutingContext> {

    static final int LIMIT = 1000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    @Override
    public void handle(RoutingContext ctx) {
        String body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString();
        RecordedRequest request = new RecordedRequest(ctx.request().method().name(), ctx.request().path(),
                ctx.request().query(), body);
        synchronized (requests) {
            if (requests.size() == LIMIT) {
                requests.removeFirst();
            }
            requests.addLast(request);
        }
        ctx.next();
    }

    List<RecordedRequest> snapshot() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }
}
