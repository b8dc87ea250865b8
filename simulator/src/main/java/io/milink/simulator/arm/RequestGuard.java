package io.milink.simulator.arm;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * What ARM checks before a resource provider sees a request, in ARM's order: the bearer token (401), the
 * {@code api-version} (400), then throttling. Also where the fault plan's throttles, errors and latency apply.
 * The token is never logged or echoed; the twin accepts any non-empty bearer token.
 */
final class RequestGuard implements Handler<RoutingContext> {

    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    /**
     * The Microsoft.Sql api-versions the twin answers: the ones arm-api.md names (the SDK's 2021-11-01, the first
     * stable with the new link shape, the target, the newest preview). Azure knows more; the twin refuses them
     * rather than pretend.
     */
    static final Set<String> SQL_API_VERSIONS = Set.of("2021-11-01", "2023-08-01", "2025-01-01", "2025-08-01-preview");

    /** Links exist in the 2025-01-01 shape only from 2023-08-01 on (arm-api.md §4); the twin has no old shape. */
    static final Set<String> LINK_API_VERSIONS = Set.of("2023-08-01", "2025-01-01", "2025-08-01-preview");

    private final Vertx vertx;
    private final ArmFaultPlan faults;

    RequestGuard(Vertx vertx, ArmFaultPlan faults) {
        this.vertx = vertx;
        this.faults = faults;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null) {
            ArmResponses.error(ctx, ArmError.authorizationHeaderMissing());
            return;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            ArmResponses.error(ctx, ArmError.invalidAuthenticationToken());
            return;
        }
        Optional<ArmError> apiVersionError = checkApiVersion(ctx.request().path(),
                ctx.request().getParam("api-version"));
        if (apiVersionError.isPresent()) {
            ArmResponses.error(ctx, apiVersionError.get());
            return;
        }
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        Optional<ArmFaultPlan.RouteFault> throttle = faults.take(ArmFaultPlan.Kind.THROTTLE, method, path);
        if (throttle.isPresent()) {
            ctx.response().putHeader("Retry-After", Long.toString(throttle.get().retryAfter().toSeconds()));
            ArmResponses.error(ctx, throttle.get().error());
            return;
        }
        Optional<ArmFaultPlan.RouteFault> error = faults.take(ArmFaultPlan.Kind.ERROR, method, path);
        if (error.isPresent()) {
            ArmResponses.error(ctx, error.get().error());
            return;
        }
        Duration delay = faults.latency(method, path);
        if (delay.isZero()) {
            ctx.next();
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> ctx.next());
        }
    }

    static Optional<ArmError> checkApiVersion(String path, String apiVersion) {
        if (apiVersion == null || apiVersion.isEmpty()) {
            return Optional.of(ArmError.missingApiVersion());
        }
        if (!API_VERSION.matcher(apiVersion).matches()) {
            return Optional.of(ArmError.of(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", SQL_API_VERSIONS.stream().sorted().toList())
                    + "'."));
        }
        String lower = path.toLowerCase(Locale.ROOT);
        boolean sqlResource = lower.contains("/providers/microsoft.sql/")
                && !lower.contains("/providers/microsoft.authorization/") && !lower.contains("/providers/microsoft.insights/");
        if (sqlResource && !lower.contains("operationresults/") && !lower.contains("azureasyncoperation/")) {
            Set<String> supported = lower.contains("/distributedavailabilitygroups") ? LINK_API_VERSIONS : SQL_API_VERSIONS;
            if (!supported.contains(apiVersion)) {
                String type = lower.contains("/distributedavailabilitygroups")
                        ? "managedInstances/distributedAvailabilityGroups" : "managedInstances";
                return Optional.of(ArmError.of(400, "NoRegisteredProviderFound", "No registered resource provider found"
                        + " for location '(twin)' and API version '" + apiVersion + "' for type '" + type
                        + "'. The supported api-versions are '" + String.join(", ", supported.stream().sorted().toList())
                        + "'. (The ARM twin serves only these; see docs/simulator-arm.md.)"));
            }
        }
        return Optional.empty();
    }
}
