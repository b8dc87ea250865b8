package io.milink.core.azure;

import java.util.Objects;

/**
 * A long-running ARM operation Azure has accepted (201/202 with a status URL) and not yet finished: what a caller
 * records so that, after a crash, it waits for the same operation again instead of sending the request a second
 * time. ARM names the status in {@code Azure-AsyncOperation} and/or {@code Location} (arm-api.md §7.3, "Long-running
 * operations"); either may be absent, not both.
 *
 * @param method            the request's method (PUT, PATCH, POST, DELETE)
 * @param subPath           the path under the managed instance the request named, e.g.
 *                          {@code /distributedAvailabilityGroups/dag_Sales}
 * @param asyncOperationUrl the {@code Azure-AsyncOperation} header, or null
 * @param locationUrl       the {@code Location} header, or null
 */
public record AcceptedOperation(String method, String subPath, String asyncOperationUrl, String locationUrl) {

    public AcceptedOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(subPath, "subPath");
        if (blank(asyncOperationUrl) && blank(locationUrl)) {
            throw new IllegalArgumentException("an accepted operation names a status URL");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Told when Azure accepts an operation, before milink starts waiting for it. */
    @FunctionalInterface
    public interface Listener {
        void accepted(AcceptedOperation operation);

        Listener NONE = operation -> {
        };
    }
}
