package io.milink.api.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's per-request metrics under the names, tags and descriptions vertx-micrometer gives them
 * ({@code vertx.http.server.requests}, {@code .response.time}, {@code .response.bytes} by method, route and status
 * code; {@code .active.requests}, {@code .request.bytes}, {@code .request.resets} by method), with each meter looked up
 * once per method, route and code and kept, where vertx-micrometer builds the tags and finds the meters in the registry
 * anew at every request: about 15 % of the event loop's time on a status read (a profile, bench/README.md). What is
 * measured per connection (open connections, bytes read and written) is still vertx-micrometer's own.
 *
 * <p>A method outside {@link ServiceMetrics#KNOWN_METHODS} is kept as {@code OTHER} here already, so made-up methods
 * cannot grow the cache; routes are Vert.x Web's route templates and codes three digits, both bounded.
 */
final class HttpRequestMeters implements HttpServerMetrics<HttpRequestMeters.Request, Object, Object> {

    private static final String PREFIX = "vertx.http.server.";

    private record ResponseKey(String method, String route, int code) {
    }

    private record MethodMeters(LongAdder active, DistributionSummary requestBytes) {
    }

    private record ResponseMeters(Counter requests, Timer responseTime, DistributionSummary responseBytes) {
    }

    private final HttpServerMetrics<Object, Object, Object> connections;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    private final ConcurrentMap<ResponseKey, ResponseMeters> byResponse = new ConcurrentHashMap<>();

    /**
     * @param connections vertx-micrometer's metrics of the same server, for what is measured per connection (null
     *                    when it measures none)
     */
    @SuppressWarnings("unchecked")
    HttpRequestMeters(HttpServerMetrics<?, ?, ?> connections, MeterRegistry registry) {
        this.connections = (HttpServerMetrics<Object, Object, Object>) connections;
        this.registry = registry;
    }

    /** One request between its first byte and its response's last, or its reset. */
    static final class Request {
        private final String method;
        private final MethodMeters meters;
        private final long startNanos = System.nanoTime();
        /** The routes Vert.x Web reported, joined with '>' as vertx-micrometer joins them; null before the first. */
        private List<String> routes;
        private boolean requestEnded;
        private boolean responseEnded;
        private boolean reset;

        private Request(String method, MethodMeters meters) {
            this.method = method;
            this.meters = meters;
        }

        private String route() {
            if (routes == null) {
                return "";
            }
            return routes.size() == 1 ? routes.get(0) : String.join(">", routes);
        }

        /** @return whether the request is over on both sides now (it then no longer counts as active) */
        private boolean requestEnded() {
            requestEnded = true;
            return !reset && responseEnded;
        }

        private boolean responseEnded() {
            responseEnded = true;
            return !reset && requestEnded;
        }
    }

    @Override
    public Request requestBegin(Object socketMetric, HttpRequest request) {
        return begin(request.method());
    }

    @Override
    public Request responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
        return begin(method);
    }

    private Request begin(HttpMethod method) {
        String name = ServiceMetrics.KNOWN_METHODS.contains(method.name()) ? method.name() : "OTHER";
        Request request = new Request(name, byMethod.computeIfAbsent(name, this::methodMeters));
        request.meters.active().increment();
        return request;
    }

    @Override
    public void requestRouted(Request request, String route) {
        if (route != null) {
            if (request.routes == null) {
                request.routes = new ArrayList<>(2);
            }
            request.routes.add(route);
        }
    }

    @Override
    public void requestEnd(Request request, HttpRequest httpRequest, long bytesRead) {
        request.meters.requestBytes().record(bytesRead);
        if (request.requestEnded()) {
            request.meters.active().decrement();
        }
    }

    @Override
    public void requestReset(Request request) {
        // Rare: looked up when it happens, so the series appears only once a request was reset, as before.
        Counter.builder(PREFIX + "request.resets").description("Number of request resets")
                .tag("method", request.method).register(registry).increment();
        request.meters.active().decrement();
        request.reset = true;
    }

    @Override
    public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
        ResponseMeters meters = byResponse.computeIfAbsent(
                new ResponseKey(request.method, request.route(), response.statusCode()), this::responseMeters);
        meters.requests().increment();
        meters.responseTime().record(System.nanoTime() - request.startNanos, TimeUnit.NANOSECONDS);
        meters.responseBytes().record(bytesWritten);
        if (request.responseEnded()) {
            request.meters.active().decrement();
        }
    }

    private MethodMeters methodMeters(String method) {
        LongAdder active = new LongAdder();
        Gauge.builder(PREFIX + "active.requests", active, LongAdder::doubleValue)
                .description("Number of requests being processed").tag("method", method)
                .strongReference(true).register(registry);
        return new MethodMeters(active, DistributionSummary.builder(PREFIX + "request.bytes")
                .description("Size of requests in bytes").tag("method", method).register(registry));
    }

    private ResponseMeters responseMeters(ResponseKey key) {
        String code = String.valueOf(key.code());
        return new ResponseMeters(
                Counter.builder(PREFIX + "requests").description("Number of processed requests")
                        .tag("method", key.method()).tag("route", key.route()).tag("code", code).register(registry),
                Timer.builder(PREFIX + "response.time").description("Request processing time")
                        .tag("method", key.method()).tag("route", key.route()).tag("code", code).register(registry),
                DistributionSummary.builder(PREFIX + "response.bytes").description("Size of responses in bytes")
                        .tag("method", key.method()).tag("route", key.route()).tag("code", code).register(registry));
    }

    // What is measured per connection: vertx-micrometer's.

    @Override
    public Object connected(SocketAddress remoteAddress, String remoteName) {
        return connections == null ? null : connections.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
        if (connections != null) {
            connections.disconnected(socketMetric, remoteAddress);
        }
    }

    @Override
    public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
        if (connections != null) {
            connections.bytesRead(socketMetric, remoteAddress, numberOfBytes);
        }
    }

    @Override
    public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
        if (connections != null) {
            connections.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
        }
    }

    @Override
    public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
        if (connections != null) {
            connections.exceptionOccurred(socketMetric, remoteAddress, t);
        }
    }

    @Override
    public Object connected(Object socketMetric, Request request, io.vertx.core.http.ServerWebSocket webSocket) {
        // vertx-micrometer reads only the connection's tags here, not the request's.
        return connections == null ? null : connections.connected(socketMetric, null, webSocket);
    }

    @Override
    public void disconnected(Object webSocketMetric) {
        if (connections != null) {
            connections.disconnected(webSocketMetric);
        }
    }

    @Override
    public void close() {
        if (connections != null) {
            connections.close();
        }
    }
}
