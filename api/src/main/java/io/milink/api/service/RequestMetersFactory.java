package io.milink.api.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;

/**
 * vertx-micrometer's metrics, except that each HTTP server's per-request ones are {@link HttpRequestMeters}: the same
 * meters, found without a registry lookup per request.
 */
final class RequestMetersFactory implements VertxMetricsFactory {

    private final MicrometerMetricsFactory micrometer;
    private final MeterRegistry registry;

    RequestMetersFactory(MeterRegistry registry) {
        this.micrometer = new MicrometerMetricsFactory(registry);
        this.registry = registry;
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
        VertxMetrics vertx = micrometer.metrics(options);
        return new VertxMetrics() {
            @Override
            public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions serverOptions,
                                                                      SocketAddress localAddress) {
                return new HttpRequestMeters(vertx.createHttpServerMetrics(serverOptions, localAddress), registry);
            }

            @Override
            public EventBusMetrics createEventBusMetrics() {
                return vertx.createEventBusMetrics();
            }

            @Override
            public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type,
                                                              String namespace) {
                return vertx.createClientMetrics(remoteAddress, type, namespace);
            }

            @Override
            public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions clientOptions) {
                return vertx.createHttpClientMetrics(clientOptions);
            }

            @Override
            public TCPMetrics<?> createNetServerMetrics(NetServerOptions serverOptions, SocketAddress localAddress) {
                return vertx.createNetServerMetrics(serverOptions, localAddress);
            }

            @Override
            public TCPMetrics<?> createNetClientMetrics(NetClientOptions clientOptions) {
                return vertx.createNetClientMetrics(clientOptions);
            }

            @Override
            public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions socketOptions) {
                return vertx.createDatagramSocketMetrics(socketOptions);
            }

            @Override
            public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
                return vertx.createPoolMetrics(type, name, maxSize);
            }

            @Override
            public void vertxCreated(Vertx created) {
                vertx.vertxCreated(created);
            }

            @Override
            public boolean isMetricsEnabled() {
                return vertx.isMetricsEnabled();
            }

            @Override
            public void close() {
                vertx.close();
            }
        };
    }

    @Override
    public MetricsOptions newOptions() {
        return micrometer.newOptions();
    }

    @Override
    public MetricsOptions newOptions(MetricsOptions options) {
        return micrometer.newOptions(options);
    }

    @Override
    public MetricsOptions newOptions(JsonObject jsonObject) {
        return micrometer.newOptions(jsonObject);
    }
}
