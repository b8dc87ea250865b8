package io.milink.core.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * ARM calls for one managed instance and its child resources, on the Azure SDK's own {@link HttpPipeline} (its
 * authentication, retries honouring Retry-After, user agent) at api-version 2025-01-01; reads by URL may name another
 * (the permissions and metrics reads do). The one place milink maps ARM errors to {@link ArmCallException}, treats a
 * 404 as absent and follows {@code nextLink} pages. Long-running operations go through azure-core-management's
 * {@link SyncPollerFactory}, which follows {@code Azure-AsyncOperation}, {@code Location} and {@code Retry-After};
 * this class adds only what the poller loses: ARM's error code and message when the very first response is already
 * an error (arm-api.md §7.3, "Error handling").
 */
final class ArmCalls {

    static final String API_VERSION = "2025-01-01";
    private static final HttpHeaderName AZURE_ASYNC_OPERATION = HttpHeaderName.fromString("Azure-AsyncOperation");
    /** ARM pages hold up to a few hundred items; no instance has more than 500 databases (mi-link-workflow.md §8). */
    private static final int MAX_PAGES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();

    private final HttpPipeline pipeline;
    private final String endpoint;
    private final ManagedInstanceRef ref;
    private final Duration pollInterval;
    private final Duration maxWait;

    /**
     * @param endpoint     the cloud's resource manager endpoint (trailing slash or not)
     * @param pollInterval how often to poll when ARM sends no Retry-After
     * @param maxWait      how long one operation may run before milink stops waiting (the operation goes on in Azure)
     */
    ArmCalls(HttpPipeline pipeline, String endpoint, ManagedInstanceRef ref, Duration pollInterval, Duration maxWait) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.ref = Objects.requireNonNull(ref, "ref");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    }

    ManagedInstanceRef ref() {
        return ref;
    }

    private String url(String subPath) {
        return instanceUrl(subPath, API_VERSION);
    }

    /** The URL of the instance itself ({@code ""}) or of a path under it, at the given api-version. */
    String instanceUrl(String subPath, String apiVersion) {
        return armUrl(ref.resourceId() + subPath, apiVersion);
    }

    /** The URL of any ARM path (one that starts with {@code /subscriptions/}), at the given api-version. */
    String armUrl(String path, String apiVersion) {
        return endpoint + path + "?api-version=" + apiVersion;
    }

    /** A GET that must succeed; a missing resource throws ARM's own 404 (code and message). */
    JsonNode get(String subPath) throws ArmCallException {
        return getUrl(url(subPath), "GET " + subPath);
    }

    /**
     * A GET of an absolute URL that must succeed: the way to name another api-version or extra query parameters.
     *
     * @param what what is read, for error messages
     */
    JsonNode getUrl(String url, String what) throws ArmCallException {
        Response<BinaryData> response = sendGet(url, what);
        if (response.getStatusCode() / 100 != 2) {
            throw refused(response, what);
        }
        return parse(response.getValue(), what);
    }

    /**
     * A GET where 404 {@code ResourceNotFound} means "absent" rather than failure, so callers can observe before
     * they act (idempotent create/delete). Other errors, including a missing subscription or resource group, throw.
     */
    Optional<JsonNode> getIfPresent(String subPath) throws ArmCallException {
        String what = "GET " + subPath;
        Response<BinaryData> response = sendGet(url(subPath), what);
        if (response.getStatusCode() == 404 && "ResourceNotFound".equals(errorCode(response.getValue()))) {
            return Optional.empty();
        }
        if (response.getStatusCode() / 100 != 2) {
            throw refused(response, what);
        }
        return Optional.of(parse(response.getValue(), what));
    }

    /**
     * Every item of an ARM list: lists are pageable, each page naming the next in an absolute {@code nextLink}
     * (arm-api.md §2). The bound stops a server that links a page to itself from looping forever.
     *
     * @param firstPage the list's URL (from {@link #instanceUrl} or {@link #armUrl})
     * @param what      what is listed, for error messages
     */
    List<JsonNode> listUrl(String firstPage, String what) throws ArmCallException {
        List<JsonNode> items = new ArrayList<>();
        String next = firstPage;
        for (int page = 0; next != null && !next.isBlank(); page++) {
            if (page == MAX_PAGES) {
                throw new ArmCallException(0, null, what + ": Azure Resource Manager returned more than "
                        + MAX_PAGES + " pages", null);
            }
            JsonNode body = getUrl(next, what);
            body.path("value").forEach(items::add);
            next = text(body, "nextLink");
        }
        return items;
    }

    /** Every item of the list at a path under the instance, at {@link #API_VERSION}. */
    List<JsonNode> list(String subPath) throws ArmCallException {
        return listUrl(url(subPath), "GET " + subPath);
    }

    private Response<BinaryData> sendGet(String url, String what) throws ArmCallException {
        return send(new HttpRequest(HttpMethod.GET, url).setHeader(HttpHeaderName.ACCEPT, "application/json"),
                what);
    }

    /**
     * Starts a long-running operation and waits for its end.
     *
     * @param body the request body, or null
     * @return the operation's final body (the resource for PUT/PATCH/POST), or null when ARM returned none (DELETE)
     * @throws ArmCallException            when ARM refused the request (first response 4xx/5xx after the pipeline's
     *                                     retries), with ARM's code and message; nothing was changed
     * @throws ArmOperationFailedException when the operation ran and ended Failed or Canceled
     */
    JsonNode runOperation(HttpMethod method, String subPath, JsonNode body) throws ArmCallException {
        return runOperation(method, subPath, body, AcceptedOperation.Listener.NONE);
    }

    /**
     * As {@link #runOperation(HttpMethod, String, JsonNode)}, telling {@code listener} the operation's status URL as
     * soon as Azure accepts it (before the first poll), so a caller can record it and, after a crash, wait for it with
     * {@link #awaitOperation} instead of sending the request again. Not told when ARM answers at once (200 with no
     * status URL) or refuses.
     */
    JsonNode runOperation(HttpMethod method, String subPath, JsonNode body, AcceptedOperation.Listener listener)
            throws ArmCallException {
        return operation(method, subPath, body, listener, true);
    }

    /**
     * As {@link #runOperation(HttpMethod, String, JsonNode, AcceptedOperation.Listener)}, but once the operation has
     * succeeded it does not fetch the final result: for a PUT tracked with {@code Azure-AsyncOperation} that result is
     * one more GET of the resource, which a caller that observes the instance afterwards anyway (the link engine) does
     * not need.
     */
    void runOperationWithoutResult(HttpMethod method, String subPath, JsonNode body,
                                   AcceptedOperation.Listener listener) throws ArmCallException {
        operation(method, subPath, body, listener, false);
    }

    private JsonNode operation(HttpMethod method, String subPath, JsonNode body, AcceptedOperation.Listener listener,
                               boolean finalResult) throws ArmCallException {
        String what = method + " " + subPath;
        HttpRequest request = new HttpRequest(method, url(subPath)).setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(write(body));
        }
        // A listener that fails (the journal could not be written) must not turn an operation Azure accepted into
        // "Azure refused": the wait goes on, and the failure is reported with the status URL once it has ended.
        AcceptedOperation[] accepted = new AcceptedOperation[1];
        RuntimeException[] notRecorded = new RuntimeException[1];
        JsonNode result;
        try {
            result = await(() -> {
                Response<BinaryData> response = activate(request, what);
                accepted[0] = acceptedOperation(method, subPath, response);
                if (accepted[0] != null) {
                    try {
                        listener.accepted(accepted[0]);
                    } catch (RuntimeException e) {
                        notRecorded[0] = e;
                    }
                }
                return response;
            }, what, finalResult);
        } catch (ArmCallException e) {
            if (notRecorded[0] != null) {
                e.addSuppressed(notRecorded[0]);
            }
            throw e;
        }
        if (notRecorded[0] != null) {
            throw new IllegalStateException("Azure accepted " + what + " (status at " + statusUrl(accepted[0])
                    + ") and it has succeeded, but milink could not record it: " + notRecorded[0].getMessage(),
                    notRecorded[0]);
        }
        return result;
    }

    private static String statusUrl(AcceptedOperation operation) {
        return operation.asyncOperationUrl() != null ? operation.asyncOperationUrl() : operation.locationUrl();
    }

    /**
     * Waits for an operation an earlier run started (and recorded when Azure accepted it) as if this run had started
     * it: the poller is handed the accepted response again (its status and status URLs) and follows it to the end.
     * Nothing is sent to the resource itself, before or after: the caller observes what it needs afterwards. The
     * status URL is followed only on this client's resource manager endpoint: it carries the bearer token, and the
     * URL was read back from a journal.
     */
    void awaitOperation(AcceptedOperation operation) throws ArmCallException {
        HttpMethod method = HttpMethod.valueOf(operation.method());
        String what = method + " " + operation.subPath() + " (accepted earlier)";
        for (String url : java.util.Arrays.asList(operation.asyncOperationUrl(), operation.locationUrl())) {
            if (url != null && !onEndpoint(url)) {
                throw new ArmCallException(0, null, what + ": its status URL " + url + " is not on the resource "
                        + "manager endpoint " + endpoint + "; milink does not send its token there", null);
            }
        }
        HttpRequest original = new HttpRequest(method, url(operation.subPath()));
        HttpHeaders headers = new HttpHeaders();
        if (operation.asyncOperationUrl() != null) {
            headers.set(AZURE_ASYNC_OPERATION, operation.asyncOperationUrl());
        }
        if (operation.locationUrl() != null) {
            headers.set(HttpHeaderName.LOCATION, operation.locationUrl());
        }
        Response<BinaryData> accepted = new SimpleResponse<>(original, operation.statusCode(), headers,
                BinaryData.fromBytes(new byte[0]));
        await(() -> accepted, what, false);
    }

    /** Same scheme, host and port as the endpoint. */
    private boolean onEndpoint(String url) {
        try {
            java.net.URI target = java.net.URI.create(url);
            java.net.URI base = java.net.URI.create(endpoint);
            return base.getScheme().equalsIgnoreCase(target.getScheme())
                    && base.getHost() != null && base.getHost().equalsIgnoreCase(target.getHost())
                    && effectivePort(base) == effectivePort(target);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int effectivePort(java.net.URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * What a caller records to resume waiting for the operation this response started, or null when there is nothing
     * to resume: as azure-core-management's PollingState reads a first response, an {@code Azure-AsyncOperation} URL
     * with 200, 201 or 202 is followed, a {@code Location} URL only with 202 (with 201 the SDK ignores it and the
     * answer stands).
     */
    private static AcceptedOperation acceptedOperation(HttpMethod method, String subPath,
                                                       Response<BinaryData> response) {
        String async = response.getHeaders().getValue(AZURE_ASYNC_OPERATION);
        String location = response.getHeaders().getValue(HttpHeaderName.LOCATION);
        int status = response.getStatusCode();
        boolean followsAsync = async != null && !async.isBlank() && status >= 200 && status <= 202;
        boolean followsLocation = location != null && !location.isBlank() && status == 202;
        if (!followsAsync && !followsLocation) {
            return null;
        }
        return new AcceptedOperation(method.name(), subPath, followsAsync ? async : null,
                followsLocation ? location : null, status);
    }

    private JsonNode await(java.util.function.Supplier<Response<BinaryData>> activation, String what,
                           boolean finalResult) throws ArmCallException {
        SyncPoller<PollResult<BinaryData>, BinaryData> poller;
        PollResponse<PollResult<BinaryData>> last;
        try {
            poller = SyncPollerFactory.create(SERIALIZER, pipeline, BinaryData.class, BinaryData.class, pollInterval,
                    activation, Context.NONE);
            last = poller.waitForCompletion(maxWait);
        } catch (RuntimeException e) {
            if (causedBy(e, TimeoutException.class)) {
                throw stillRunning(what, e);
            }
            throw unwrap(e, what);
        }
        LongRunningOperationStatus status = last.getStatus();
        if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            if (!finalResult) {
                return null;
            }
            BinaryData result;
            try {
                result = poller.getFinalResult();
            } catch (RuntimeException e) {
                throw unwrap(e, what);
            }
            return result == null || result.toBytes().length == 0 ? null : parse(result, what);
        }
        if (status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED) {
            throw operationFailed(last, what);
        }
        throw stillRunning(what, null);
    }

    private ArmCallException stillRunning(String what, Throwable cause) {
        return new ArmCallException(0, null, what + ": the operation was still running after " + maxWait
                + "; it continues in Azure, read the resource again later", cause);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The poller's activation: sends the request and hands the buffered response over, unless it is an error, whose
     * ARM body the poller would drop (SYNCHRONOUSLY_FAILED_LRO_NO_POLL keeps no error; arm-api.md §7.3).
     */
    private Response<BinaryData> activate(HttpRequest request, String what) {
        Response<BinaryData> response;
        try {
            response = send(request, what);
        } catch (ArmCallException e) {
            throw new RefusedAtStart(e);
        }
        if (response.getStatusCode() / 100 != 2) {
            throw new RefusedAtStart(refused(response, what));
        }
        return response;
    }

    private Response<BinaryData> send(HttpRequest request, String what) throws ArmCallException {
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            BinaryData raw = response.getBodyAsBinaryData();
            byte[] bytes = raw == null ? new byte[0] : raw.toBytes();
            return new SimpleResponse<>(request, response.getStatusCode(), response.getHeaders(),
                    BinaryData.fromBytes(bytes));
        } catch (RuntimeException e) {
            // Authentication, TLS and connection failures surface from the pipeline unchecked.
            throw new ArmCallException(0, null, what + ": " + e.getMessage(), e.getMessage(), e);
        }
    }

    private static ArmCallException refused(Response<BinaryData> response, String what) {
        JsonNode error = errorOf(response.getValue());
        String code = text(error, "code");
        String message = text(error, "message");
        String armMessage = message == null ? "HTTP " + response.getStatusCode() + " with no error body" : message;
        return new ArmCallException(response.getStatusCode(), code, what + " refused by Azure Resource Manager ("
                + response.getStatusCode() + (code == null ? "" : " " + code) + "): " + armMessage, armMessage,
                null);
    }

    private static ArmCallException operationFailed(PollResponse<PollResult<BinaryData>> last, String what) {
        PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
        int status = error == null ? 0 : error.getResponseStatusCode();
        if (pollFailed(status)) {
            // The poller calls any poll it could not read "Failed" (azure-core-management's AzureAsyncOperationData
            // and LocationData): the operation itself may still be running, or have succeeded.
            return new ArmCallException(status, null, what + ": could not read the operation's status (HTTP "
                    + status + " after the client's retries): " + (error == null ? "" : error.getMessage())
                    + ". It may still be running in Azure; run the command again to wait for it.", null);
        }
        JsonNode detail = error == null || error.getResponseBody() == null ? null
                : errorOf(BinaryData.fromString(error.getResponseBody()));
        String code = text(detail, "code");
        String message = text(detail, "message");
        if (message == null) {
            message = error == null ? "no error given" : error.getMessage();
        }
        String ended = last.getStatus() == LongRunningOperationStatus.USER_CANCELLED ? "Canceled" : "Failed";
        return new ArmOperationFailedException(status, code, what + ": the operation ended " + ended
                + (code == null ? "" : " (" + code + ")") + ": " + message);
    }

    /**
     * Whether a poll's HTTP status says the status could not be read rather than that the operation failed: an
     * operation's own failure comes as 200 with status Failed (Azure-AsyncOperation) or as the operation's 4xx error
     * (Location); throttling, authentication, a missing status resource and server errors say nothing about it.
     */
    private static boolean pollFailed(int status) {
        return status == 401 || status == 403 || status == 404 || status == 408 || status == 429 || status >= 500;
    }

    private static ArmCallException unwrap(RuntimeException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAtStart refused) {
                return refused.armError;
            }
        }
        // Polls that fail on the network after the pipeline's retries, and authentication failures, land here.
        return new ArmCallException(0, null, what + ": " + e.getMessage(), e);
    }

    /** The {@code error} object of an ARM error body or of a failed Azure-AsyncOperation status resource. */
    private static JsonNode errorOf(BinaryData body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.toBytes();
            return bytes.length == 0 ? null : JSON.readTree(bytes).path("error");
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorCode(BinaryData body) {
        return text(errorOf(body), "code");
    }

    private static JsonNode parse(BinaryData body, String what) throws ArmCallException {
        try {
            byte[] bytes = body == null ? new byte[0] : body.toBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            String problem = "unreadable answer from Azure Resource Manager: " + e.getMessage();
            throw new ArmCallException(0, null, what + ": " + problem, problem, e);
        }
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** Carries a refused first response out of the poller's activation supplier, which cannot throw checked. */
    private static final class RefusedAtStart extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ArmCallException armError;

        RefusedAtStart(ArmCallException armError) {
            super(armError.getMessage(), null, false, false);
            this.armError = armError;
        }
    }
}
