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
 * @param statusCode        the status Azure accepted it with (200, 201 or 202): a resumed wait replays it, because the
 *                          SDK's poller picks how to follow an operation from the status and the headers together
 */
public record AcceptedOperation(String method, String subPath, String asyncOperationUrl, String locationUrl,
                                int statusCode) {

    public AcceptedOperation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(subPath, "subPath");
        asyncOperationUrl = blank(asyncOperationUrl) ? null : asyncOperationUrl;
        locationUrl = blank(locationUrl) ? null : locationUrl;
        if (asyncOperationUrl == null && locationUrl == null) {
            throw new IllegalArgumentException("an accepted operation names a status URL");
        }
        if (statusCode < 200 || statusCode > 202) {
            throw new IllegalArgumentException("an operation is accepted with 200, 201 or 202, not " + statusCode);
        }
    }

    /** Accepted with 202, the usual answer. */
    public AcceptedOperation(String method, String subPath, String asyncOperationUrl, String locationUrl) {
        this(method, subPath, asyncOperationUrl, locationUrl, 202);
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
