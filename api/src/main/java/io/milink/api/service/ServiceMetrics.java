package io.milink.api.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.milink.journal.OperationJournal;
import io.milink.journal.OperationState;
import io.milink.preflight.report.Report;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Prometheus metrics (docs/operations.md, Metrics). Vert.x's own HTTP server metrics (the per-request
 * ones recorded by {@link HttpRequestMeters}, under vertx-micrometer's names)
 * ({@code vertx_http_server_requests_total}, {@code vertx_http_server_response_time_seconds}, labelled by route
 * template, method and status code, never by raw path, so operation ids cannot blow up the series count), plus:
 * <ul>
 *   <li>{@code milink_operations{state}}: operations in the journal by state, read from the journal at each scrape
 *   (so it is right after a restart and after retention purges);</li>
 *   <li>{@code milink_preflight_checks_total{status}}: check results of the preflights this process finished.</li>
 * </ul>
 * One registry per service instance (tests start several in one JVM).
 */
final class ServiceMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<OperationState, AtomicLong> operationsByState = new EnumMap<>(OperationState.class);
    private final Counter pass;
    private final Counter warn;
    private final Counter fail;
    private final Counter skip;
    private final Counter error;
    private final Counter linkReads;
    private final Counter failedLinkReads;

    ServiceMetrics() {
        // First: Micrometer applies filters only to meters registered after them (and warns otherwise).
        registry.config().meterFilter(knownMethodsOnly());
        for (OperationState state : OperationState.values()) {
            AtomicLong count = new AtomicLong();
            operationsByState.put(state, count);
            Gauge.builder("milink_operations", count, AtomicLong::get)
                    .description("Operations in the journal, by state")
                    .tag("state", state.name())
                    .register(registry);
        }
        pass = checks("pass");
        warn = checks("warn");
        fail = checks("fail");
        skip = checks("skip");
        error = checks("error");
        linkReads = linkReads("read");
        failedLinkReads = linkReads("failed");
    }

    private Counter linkReads(String outcome) {
        return Counter.builder("milink_link_monitor_reads")
                .description("Reads of registered links this replica made for their monitoring, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** One read of a link by its monitor: {@code read} when a status came back, else {@code failed}. */
    void linkRead(boolean worked) {
        (worked ? linkReads : failedLinkReads).increment();
    }

    /** The HTTP methods the service or a proxy in front of it may legitimately see; any other is counted as OTHER. */
    static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /**
     * Vert.x labels request metrics with the request's method as sent, and it accepts any token as a method, so an
     * anonymous client sending FOO1, FOO2... would create a new series per made-up method (the metrics are recorded
     * before authentication). Mapping the method label to the standard set keeps the series count bounded.
     */
    private static MeterFilter knownMethodsOnly() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String method = id.getTag("method");
                if (method == null || KNOWN_METHODS.contains(method)) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(tag.getKey().equals("method") ? Tag.of("method", "OTHER") : tag);
                }
                return id.replaceTags(tags);
            }
        };
    }

    private Counter checks(String status) {
        return Counter.builder("milink_preflight_checks")
                .description("Check results of finished preflights, by status")
                .tag("status", status)
                .register(registry);
    }

    /** Vert.x options that send its HTTP server metrics to this registry. */
    VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                // Vert.x keeps registries by name, JVM-wide: a name of our own keeps instances apart.
                .setRegistryName("milink-" + UUID.randomUUID())
                .setLabels(labels()));
    }

    /** Vert.x's defaults (method, code, pool type and name...) plus the route template, never the raw path. */
    private static Set<Label> labels() {
        Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
        labels.add(Label.HTTP_ROUTE);
        labels.remove(Label.HTTP_PATH);
        return labels;
    }

    VertxMetricsFactory factory() {
        return new RequestMetersFactory(registry);
    }

    /** Counts the checks of a preflight that just succeeded. */
    void preflightFinished(Report report) {
        Report.Summary summary = report.summary();
        pass.increment(summary.pass());
        warn.increment(summary.warn());
        fail.increment(summary.fail());
        skip.increment(summary.skip());
        error.increment(summary.error());
    }

    /** Refreshes the journal-backed gauges on a worker, then passes on to the scrape. */
    Handler<RoutingContext> refreshFromJournal(OperationJournal operations, WorkerExecutor journalWorker) {
        return ctx -> journalWorker.executeBlocking(operations::countByState, false)
                .onSuccess(counts -> {
                    counts.forEach((state, count) -> operationsByState.get(state).set(count));
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    Handler<RoutingContext> scrape() {
        return PrometheusScrapingHandler.create(registry);
    }

    void close() {
        registry.close();
    }
}
