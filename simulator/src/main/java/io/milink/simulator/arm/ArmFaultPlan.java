package io.milink.simulator.arm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Faults a test asks the ARM twin to inject, each for the requests whose method and path match. A fault with a
 * {@code times} limit stops after that many matching requests (0 = every matching request), so "throttled once,
 * then served" can be expressed. Thread-safe: the counters are consumed on the event loop, the plan is built by
 * the test.
 */
public final class ArmFaultPlan {

    public static final ArmFaultPlan NONE = new ArmFaultPlan(List.of());

    /** What a matching request gets. */
    public enum Kind {
        /** 429 with {@code Retry-After} and an ARM error body. */
        THROTTLE,
        /** A 5xx (or any status) with an ARM error body. */
        ERROR,
        /** The long-running operation the request starts ends {@code Failed} with the given error. */
        FAIL_OPERATION,
        /** The request is answered normally after an added delay. */
        LATENCY,
        /**
         * The long-running operation the request starts stays in progress for a while of the link world's
         * simulated time ({@code retryAfter} holds the delay), then completes as usual.
         */
        SLOW_OPERATION
    }

    /**
     * One fault.
     *
     * @param method     HTTP method to match, or null for any
     * @param pathRegex  searched (not matched whole) in the request path, without the query
     * @param error      the error to answer with (THROTTLE, ERROR) or to end the operation with (FAIL_OPERATION)
     * @param retryAfter the {@code Retry-After} of a THROTTLE, or the delay of a LATENCY
     * @param times      how many matching requests get the fault; 0 = all
     */
    public record RouteFault(Kind kind, String method, Pattern pathRegex, ArmError error, Duration retryAfter,
                             int times) {
        public RouteFault {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pathRegex, "pathRegex");
            if (times < 0) {
                throw new IllegalArgumentException("times must be >= 0");
            }
        }

        /** 429 {@code SubscriptionTooManyRequests} (a 429 code in the 2025-01-01 contracts) with Retry-After. */
        public static RouteFault throttle(String method, String pathRegex, Duration retryAfter, int times) {
            return new RouteFault(Kind.THROTTLE, method, Pattern.compile(pathRegex),
                    ArmError.of(429, "SubscriptionTooManyRequests",
                            "Requests beyond max requests that can be processed by available resources."),
                    Objects.requireNonNull(retryAfter, "retryAfter"), times);
        }

        /**
         * A server error with a code the 2025-01-01 contracts list for that status: 500
         * {@code GatewayInternalServerError}, 503 {@code TooManyRequests}, 504 {@code RequestTimeout}.
         */
        public static RouteFault serverError(String method, String pathRegex, int status, int times) {
            ArmError error = switch (status) {
                case 500 -> ArmError.of(500, "GatewayInternalServerError", "The server encountered an unexpected exception.");
                case 503 -> ArmError.of(503, "TooManyRequests",
                        "Requests beyond max requests that can be processed by available resources.");
                case 504 -> ArmError.of(504, "RequestTimeout", "Service request exceeded the allowed timeout.");
                default -> throw new IllegalArgumentException("use error(...) for status " + status);
            };
            return error(method, pathRegex, error, times);
        }

        public static RouteFault error(String method, String pathRegex, ArmError error, int times) {
            return new RouteFault(Kind.ERROR, method, Pattern.compile(pathRegex), error, Duration.ZERO, times);
        }

        /** The operation started by a matching request fails; {@code error.status()} is what the Location URL answers. */
        public static RouteFault failOperation(String method, String pathRegex, ArmError error, int times) {
            return new RouteFault(Kind.FAIL_OPERATION, method, Pattern.compile(pathRegex), error, Duration.ZERO, times);
        }

        /** Operations started by a matching request take {@code delay} of simulated time before they complete. */
        public static RouteFault slowOperation(String method, String pathRegex, Duration delay, int times) {
            return new RouteFault(Kind.SLOW_OPERATION, method, Pattern.compile(pathRegex), null, delay, times);
        }

        public static RouteFault latency(String method, String pathRegex, Duration delay) {
            return new RouteFault(Kind.LATENCY, method, Pattern.compile(pathRegex), null, delay, 0);
        }

        boolean matches(String requestMethod, String path) {
            return (method == null || method.equalsIgnoreCase(requestMethod)) && pathRegex.matcher(path).find();
        }
    }

    private final List<RouteFault> faults;
    private final int[] used;

    private ArmFaultPlan(List<RouteFault> faults) {
        this.faults = List.copyOf(faults);
        this.used = new int[faults.size()];
    }

    public static ArmFaultPlan of(RouteFault... faults) {
        return new ArmFaultPlan(List.of(faults));
    }

    public List<RouteFault> faults() {
        return faults;
    }

    /** This plan's faults followed by {@code more}. */
    public ArmFaultPlan and(List<RouteFault> more) {
        List<RouteFault> all = new ArrayList<>(faults);
        all.addAll(more);
        return new ArmFaultPlan(all);
    }

    /** A copy with fresh counters, so one plan can configure several twins. */
    ArmFaultPlan fresh() {
        return new ArmFaultPlan(faults);
    }

    /** The first fault of {@code kind} that applies to this request, consuming one of its {@code times}. */
    synchronized Optional<RouteFault> take(Kind kind, String method, String path) {
        for (int i = 0; i < faults.size(); i++) {
            RouteFault f = faults.get(i);
            if (f.kind() == kind && f.matches(method, path) && (f.times() == 0 || used[i] < f.times())) {
                used[i]++;
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The total added delay of every LATENCY fault that matches. */
    Duration latency(String method, String path) {
        List<Duration> delays = new ArrayList<>();
        for (RouteFault f : faults) {
            if (f.kind() == Kind.LATENCY && f.matches(method, path)) {
                delays.add(f.retryAfter());
            }
        }
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
