package io.milink.api.service.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The service's OpenAPI contract ({@code openapi.yaml} on the class path): its text, served as is at
 * {@code /openapi.yaml}, and its parsed form, which routes and validates requests. One file, so what is published
 * is what is enforced.
 */
public record ServiceContract(String yaml, OpenAPIContract contract) {

    private static final String RESOURCE = "/openapi.yaml";

    /** Reads and resolves the bundled contract. Blocking; call from a plain thread (main, a test). */
    public static ServiceContract load(Vertx vertx) {
        String yaml = bundledYaml();
        JsonObject json;
        try {
            ObjectMapper yamlMapper = new YAMLMapper();
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = yamlMapper.readValue(yaml, Map.class);
            json = new JsonObject(tree);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled openapi.yaml is not valid YAML: " + e.getMessage(), e);
        }
        // Resolving the contract (its $refs) is a step of start-up; a broken contract must stop start-up.
        return new ServiceContract(yaml, OpenAPIContract.from(vertx, forValidation(json)).await());
    }

    /**
     * The contract as the validator gets it: without the media types of responses. vertx-openapi 5.0 refuses a
     * contract whose responses declare a media type it cannot validate (text/markdown, text/csv, text/event-stream,
     * application/yaml...: MediaType.SUPPORTED_MEDIA_TYPES), although it validates only requests here. The served
     * contract keeps them; requests are validated against exactly what it says.
     */
    static JsonObject forValidation(JsonObject contract) {
        JsonObject copy = contract.copy();
        JsonObject paths = copy.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    stripContent(operation.getJsonObject("responses"));
                }
            }
        }
        JsonObject components = copy.getJsonObject("components");
        if (components != null) {
            stripContent(components.getJsonObject("responses"));
        }
        return copy;
    }

    private static void stripContent(JsonObject responses) {
        if (responses == null) {
            return;
        }
        for (String status : responses.fieldNames()) {
            if (responses.getValue(status) instanceof JsonObject response) {
                response.remove("content");
            }
        }
    }

    static String bundledYaml() {
        try (InputStream in = ServiceContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled openapi.yaml", e);
        }
    }
}
