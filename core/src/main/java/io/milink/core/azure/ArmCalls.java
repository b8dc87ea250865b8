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
        return await(() -> {
            Response<BinaryData> response = activate(request, what);
            AcceptedOperation accepted = acceptedOperation(method, subPath, response);
            if (accepted != null) {
                listener.accepted(accepted);
            }
            return response;
        }, what, finalResult);
    }

    /**
     * Waits for an operation an earlier run started (and recorded when Azure accepted it) as if this run had started
     * it: the poller is handed the accepted response again, status URL and all, and follows it to the end, then (for
     * Nothing is sent to the resource itself, before or after: the caller observes what it needs afterwards.
     */
    void awaitOperation(AcceptedOperation operation) throws ArmCallException {
        HttpMethod method = HttpMethod.valueOf(operation.method());
        String what = method + " " + operation.subPath() + " (accepted earlier)";
        HttpRequest original = new HttpRequest(method, url(operation.subPath()));
        HttpHeaders headers = new HttpHeaders();
        if (operation.asyncOperationUrl() != null) {
            headers.set(AZURE_ASYNC_OPERATION, operation.asyncOperationUrl());
        }
        if (operation.locationUrl() != null) {
            headers.set(HttpHeaderName.LOCATION, operation.locationUrl());
        }
        Response<BinaryData> accepted = new SimpleResponse<>(original, 202, headers, BinaryData.fromBytes(new byte[0]));
        await(() -> accepted, what, false);
    }

    /** The status URL of a response that started a long-running operation; null when the answer was final. */
    private static AcceptedOperation acceptedOperation(HttpMethod method, String subPath,
                                                       Response<BinaryData> response) {
        String async = response.getHeaders().getValue(AZURE_ASYNC_OPERATION);
        String location = response.getHeaders().getValue(HttpHeaderName.LOCATION);
        boolean running = response.getStatusCode() == 201 || response.getStatusCode() == 202;
        if (!running || (async == null || async.isBlank()) && (location == null || location.isBlank())) {
            return null;
        }
        return new AcceptedOperation(method.name(), subPath, async, location);
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
