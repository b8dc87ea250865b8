package io.milink.api.service.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks the service's JSON answers against the published {@code openapi.yaml} (status, headers and body schema), so
 * the contract stays the public promise and not just a description. The service validates only requests.
 */
public final class ResponseContract {

    private final OpenAPIContract contract;
    private final ResponseValidator validator;

    private ResponseContract(OpenAPIContract contract, ResponseValidator validator) {
        this.contract = contract;
        this.validator = validator;
    }

    /** Blocking; call from a plain thread (a test). */
    public static ResponseContract load(Vertx vertx) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = new YAMLMapper().readValue(ServiceContract.bundledYaml(), Map.class);
            OpenAPIContract contract = OpenAPIContract.from(vertx, jsonResponsesOnly(new JsonObject(tree))).await();
            return new ResponseContract(contract, ResponseValidator.create(vertx, contract));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The contract with the response media types vertx-openapi cannot validate (text/markdown, text/csv,
     * text/event-stream, application/yaml: it refuses a contract that declares them) removed; the JSON ones
     * (application/json, application/problem+json) stay and are checked.
     */
    static JsonObject jsonResponsesOnly(JsonObject contract) {
        JsonObject copy = contract.copy();
        JsonObject paths = copy.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    keepJson(operation.getJsonObject("responses"));
                }
            }
        }
        keepJson(copy.getJsonObject("components", new JsonObject()).getJsonObject("responses"));
        return nullableAsNull(copy);
    }

    /**
     * OpenAPI 3.0's {@code nullable: true} (the contract's "or null") spelled as JSON Schema says it: vertx-json-schema
     * 5 ignores {@code nullable} and refuses the null the contract allows (eclipse-vertx/vertx-json-schema#62, #144).
     */
    static JsonObject nullableAsNull(JsonObject schema) {
        JsonObject result = new JsonObject();
        for (String field : schema.fieldNames()) {
            Object value = schema.getValue(field);
            if (value instanceof JsonObject object) {
                value = nullableAsNull(object);
            } else if (value instanceof JsonArray array) {
                JsonArray converted = new JsonArray();
                array.forEach(item -> converted.add(item instanceof JsonObject o ? nullableAsNull(o) : item));
                value = converted;
            }
            result.put(field, value);
        }
        if (Boolean.TRUE.equals(result.remove("nullable"))) {
            return new JsonObject().put("anyOf", new JsonArray().add(result)
                    .add(new JsonObject().put("enum", new JsonArray().addNull())));
        }
        return result;
    }

    private static void keepJson(JsonObject responses) {
        if (responses == null) {
            return;
        }
        for (String status : responses.fieldNames()) {
            if (responses.getValue(status) instanceof JsonObject response
                    && response.getValue("content") instanceof JsonObject content) {
                content.fieldNames().removeIf(type -> !MediaType.APPLICATION_JSON.equals(type)
                        && !MediaType.isVendorSpecificJson(type));
                if (content.isEmpty()) {
                    response.remove("content");
                }
            }
        }
    }

    /** Fails the test, saying what the contract expected, unless {@code response} is one the contract promises. */
    public void assertConforms(HttpMethod method, String path, HttpResponse<Buffer> response) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Operation operation = contract.findOperation(bare, method);
        assertThat(operation).as("the contract has no operation for %s %s", method, bare).isNotNull();
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        String contentType = response.getHeader("Content-Type");
        ValidatableResponse validatable = response.body() == null
                ? ValidatableResponse.create(response.statusCode(), headers)
                : ValidatableResponse.create(response.statusCode(), headers, response.body(), contentType);
        try {
            validator.validate(validatable, operation.getOperationId()).await();
        } catch (RuntimeException e) {
            fail(method + " " + bare + " answered " + response.statusCode() + " " + contentType + " "
                    + response.bodyAsString() + ", which " + operation.getOperationId()
                    + " in openapi.yaml does not promise: " + e.getMessage(), e);
        }
    }
}
