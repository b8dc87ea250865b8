package io.milink.simulator.arm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The 2025-01-01 OpenAPI 2.0 files (copied unchanged into test resources, laid out as in azure-rest-api-specs so
 * their relative {@code $ref}s resolve), and a strict validator of response bodies against them: types, formats
 * (uuid, date-time, int32), enums, required properties, and no property the schema does not declare (the twin
 * must not invent fields). Walks the JSON with Jackson; no schema library is needed for this subset.
 */
final class OpenApiContracts {

    static final String ROOT = "io/milink/simulator/arm/contracts/specification/";
    static final String STABLE = "sql/resource-manager/Microsoft.Sql/stable/2025-01-01/";
    static final List<String> FILES = List.of(STABLE + "DistributedAvailabilityGroups.json",
            STABLE + "ServerTrustCertificates.json", STABLE + "EndpointCertificates.json");
    static final String ERROR_RESPONSE = "common-types/resource-management/v5/types.json#/definitions/ErrorResponse";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation from a file's {@code paths}. */
    record Operation(String file, String method, String template, Pattern pathPattern, JsonNode node) {
        String operationId() {
            return node.path("operationId").asText();
        }
    }

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final List<Operation> operations = new ArrayList<>();

    OpenApiContracts() {
        for (String file : FILES) {
            JsonNode doc = document(file);
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!op.getKey().equals("parameters")) {
                        operations.add(new Operation(file, op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                                templatePattern(path.getKey()), op.getValue()));
                    }
                }
            }
        }
    }

    List<Operation> operations() {
        return operations;
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    JsonNode document(String file) {
        return documents.computeIfAbsent(file, f -> {
            try (InputStream in = OpenApiContracts.class.getClassLoader().getResourceAsStream(ROOT + f)) {
                if (in == null) {
                    throw new IllegalStateException("contract file missing from test resources: " + ROOT + f);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    Optional<Operation> find(String method, String path) {
        return operations.stream().filter(o -> o.method().equals(method) && o.pathPattern().matcher(path).matches())
                .findFirst();
    }

    Operation byId(String operationId) {
        return operations.stream().filter(o -> o.operationId().equals(operationId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operationId));
    }

    /**
     * Checks one response of {@code op}: the status must be declared (or be an error answered with
     * {@code default}), headers the contract declares must be there, and the body must match the declared schema
     * (or be empty when none is declared).
     */
    List<String> validateResponse(Operation op, int status, Map<String, String> headers, JsonNode body) {
        List<String> problems = new ArrayList<>();
        String where = op.operationId() + " " + status;
        JsonNode response = op.node().path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            if (status < 400) {
                problems.add(where + ": status not declared by the contract");
                return problems;
            }
            response = op.node().path("responses").path("default");
        }
        for (Iterator<String> names = response.path("headers").fieldNames(); names.hasNext(); ) {
            String header = names.next();
            if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase(header))) {
                problems.add(where + ": declared header " + header + " missing");
            }
        }
        JsonNode schema = response.get("schema");
        if (schema == null) {
            if (body != null && !body.isMissingNode()) {
                problems.add(where + ": the contract declares no body, the twin sent " + body);
            }
            return problems;
        }
        if (body == null || body.isMissingNode()) {
            problems.add(where + ": body missing");
            return problems;
        }
        validate(op.file(), schema, body, where + " $", problems);
        return problems;
    }

    /**
     * Checks a request body against the operation's {@code in: body} parameter (resolving parameter {@code $ref}s).
     * Read-only properties are allowed (the contracts mark them; ARM ignores them in requests).
     */
    List<String> validateRequest(Operation op, JsonNode body) {
        List<String> problems = new ArrayList<>();
        for (JsonNode parameter : op.node().path("parameters")) {
            String file = op.file();
            JsonNode p = parameter;
            if (p.has("$ref")) {
                Resolved r = resolve(file, p.get("$ref").asText());
                file = r.file;
                p = r.schema;
            }
            if ("body".equals(p.path("in").asText())) {
                validate(file, p.path("schema"), body, op.operationId() + " request $", problems);
                return problems;
            }
        }
        problems.add(op.operationId() + " declares no request body");
        return problems;
    }

    /**
     * The properties of a request body the contract marks {@code readOnly}: ARM ignores them, so a client that sends
     * them believes it sets something it does not (a product-side check; the twin's own tests may send them).
     */
    List<String> readOnlyPropertiesIn(Operation op, JsonNode body) {
        List<String> problems = new ArrayList<>();
        for (JsonNode parameter : op.node().path("parameters")) {
            String file = op.file();
            JsonNode p = parameter;
            if (p.has("$ref")) {
                Resolved r = resolve(file, p.get("$ref").asText());
                file = r.file;
                p = r.schema;
            }
            if ("body".equals(p.path("in").asText())) {
                findReadOnly(file, p.path("schema"), body, op.operationId() + " request $", problems);
            }
        }
        return problems;
    }

    private void findReadOnly(String file, JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            Resolved r = resolve(file, schema.get("$ref").asText());
            findReadOnly(r.file, r.schema, value, at, problems);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                findReadOnly(file, schema.path("items"), value.get(i), at + "[" + i + "]", problems);
            }
        } else if (value.isObject()) {
            Map<String, Resolved> properties = new LinkedHashMap<>();
            collect(file, schema, properties, new LinkedHashSet<>(), new boolean[1]);
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Resolved declared = properties.get(field.getKey());
                if (declared == null) {
                    continue;
                }
                if (declared.schema.path("readOnly").asBoolean(false)) {
                    problems.add(at + "." + field.getKey() + ": read-only in the contract; ARM ignores it in a request");
                } else {
                    findReadOnly(declared.file, declared.schema, field.getValue(), at + "." + field.getKey(), problems);
                }
            }
        }
    }

    /** Validates {@code value} against the schema at {@code ref} (a file path + {@code #/definitions/X}). */
    List<String> validate(String ref, JsonNode value) {
        List<String> problems = new ArrayList<>();
        Resolved r = resolve(ref.substring(0, ref.indexOf('#')), ref.substring(ref.indexOf('#')));
        validate(r.file, r.schema, value, ref.substring(ref.lastIndexOf('/') + 1) + " $", problems);
        return problems;
    }

    private record Resolved(String file, JsonNode schema) {
    }

    private Resolved resolve(String currentFile, String ref) {
        int hash = ref.indexOf('#');
        String filePart = ref.substring(0, hash);
        String file = filePart.isEmpty() ? currentFile
                : URI.create("x:/" + currentFile).resolve(filePart).getPath().substring(1);
        JsonNode node = document(file);
        for (String segment : ref.substring(hash + 2).split("/")) {
            node = node.path(segment);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("unresolvable $ref " + ref + " from " + currentFile);
        }
        return new Resolved(file, node);
    }

    private void validate(String file, JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            Resolved r = resolve(file, schema.get("$ref").asText());
            validate(r.file, r.schema, value, at, problems);
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") || schema.has("allOf") ? "object" : "");
        switch (type) {
            case "object" -> validateObject(file, schema, value, at, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + ": expected an array, got " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(file, schema.path("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
            case "string" -> validateString(schema, value, at, problems);
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + ": expected an integer, got " + value);
                } else if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
                    problems.add(at + ": " + value + " is not an int32");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(at + ": expected a number, got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + ": expected a boolean, got " + value);
                }
            }
            case "" -> { }
            default -> problems.add(at + ": schema type '" + type + "' not understood by the test validator");
        }
    }

    private static void validateString(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(at + ": expected a string, got " + value);
            return;
        }
        String text = value.asText();
        if (schema.has("enum")) {
            Set<String> allowed = new LinkedHashSet<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(text)) {
                problems.add(at + ": '" + text + "' is not one of " + allowed);
            }
        }
        switch (schema.path("format").asText()) {
            case "uuid" -> {
                try {
                    UUID.fromString(text);
                } catch (IllegalArgumentException e) {
                    problems.add(at + ": '" + text + "' is not a uuid");
                }
            }
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    problems.add(at + ": '" + text + "' is not a date-time");
                }
            }
            default -> { }
        }
    }

    private void validateObject(String file, JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (!value.isObject()) {
            problems.add(at + ": expected an object, got " + value.getNodeType());
            return;
        }
        Map<String, Resolved> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        boolean[] open = {false};
        collect(file, schema, properties, required, open);
        for (String name : required) {
            if (!value.has(name)) {
                problems.add(at + ": required property '" + name + "' missing");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Resolved declared = properties.get(field.getKey());
            if (declared == null) {
                if (!open[0]) {
                    problems.add(at + ": property '" + field.getKey() + "' is not in the contract");
                }
            } else if (!field.getValue().isNull()) {
                validate(declared.file, declared.schema, field.getValue(), at + "." + field.getKey(), problems);
            }
        }
    }

    /** Gathers the declared properties and required names of a schema and everything it {@code allOf}s. */
    private void collect(String file, JsonNode schema, Map<String, Resolved> properties, Set<String> required,
                         boolean[] open) {
        if (schema.has("$ref")) {
            Resolved r = resolve(file, schema.get("$ref").asText());
            collect(r.file, r.schema, properties, required, open);
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            collect(file, part, properties, required, open);
        }
        for (Iterator<Map.Entry<String, JsonNode>> p = schema.path("properties").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> e = p.next();
            properties.put(e.getKey(), new Resolved(file, e.getValue()));
        }
        schema.path("required").forEach(r -> required.add(r.asText()));
        if (schema.has("additionalProperties") && !schema.get("additionalProperties").isBoolean()) {
            open[0] = true;
        }
    }
}
