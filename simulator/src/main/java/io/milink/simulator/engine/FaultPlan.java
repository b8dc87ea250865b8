package io.milink.simulator.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Faults a test asks the twin to inject.
 *
 * @param dropConnectionAfterRequests close the TCP connection, without a reply, on this many-th request of a
 *                                    connection after login (0 = never); applied by the protocol layer
 * @param replyDelay                  delay before every reply is sent (zero = none); applied by the protocol layer
 * @param statementFaults             statements that fail with a given error; applied by the engine
 */
public record FaultPlan(int dropConnectionAfterRequests, Duration replyDelay, List<StatementFault> statementFaults) {

    public static final FaultPlan NONE = new FaultPlan(0, Duration.ZERO, List.of());

    public FaultPlan {
        Objects.requireNonNull(replyDelay, "replyDelay");
        statementFaults = List.copyOf(statementFaults);
        if (dropConnectionAfterRequests < 0) {
            throw new IllegalArgumentException("dropConnectionAfterRequests must be >= 0");
        }
    }

    /**
     * A statement whose text matches {@code pattern} (searched, case-insensitive) fails with this error instead
     * of running. A null {@code message} means SQL Server's own text for that number when the twin knows it.
     */
    public record StatementFault(Pattern pattern, int errorNumber, int severity, int state, String message) {
        public StatementFault {
            Objects.requireNonNull(pattern, "pattern");
        }

        public static StatementFault of(String regex, int errorNumber) {
            return new StatementFault(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), errorNumber, 16, 1, null);
        }
    }
}
