package io.milink.api.service.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the OpenAPI validator refuses into one sentence a client can act on: which field, what is wrong, what
 * to send instead. The validator's own messages name JSON-schema keywords and pointers ("Instance type number is
 * invalid. Expected string"); callers of the API should not have to read JSON Schema to fix a request.
 */
public final class ContractViolations {

    /** A refusal: the HTTP status (400, or 415 for a body that is not JSON) and the problem's type and detail. */
    public record Violation(int status, String type, String title, String detail) {
    }

    /** Wrapper errors that only say "a part below failed"; the part below says what. */
    private static final Set<String> WRAPPERS = Set.of("properties", "items", "$ref", "allOf", "anyOf",
            "prefixItems", "additionalItems", "patternProperties");
    /** Fields that would carry a secret, or name where the server keeps one: never accepted from a request. */
    private static final Set<String> SECRET_FIELDS = Set.of("password", "passwordenv", "passwordfile", "secret",
            "user", "login", "username", "authentication");
    /**
     * Fields of an Azure sign-in (a link spec's managedInstance.azureAuth): a request names a sign-in configured on
     * the server instead, since these carry a secret or say where the server keeps one.
     */
    private static final Set<String> AZURE_SIGN_IN_FIELDS = Set.of("azureauth", "clientsecret", "clientsecretenv",
            "clientsecretfile", "clientcertificate", "clientcertificatefile", "clientcertificatepassword",
            "clientcertificatepasswordenv", "clientcertificatepasswordfile", "federatedtokenfile", "tenantid",
            "clientid", "accesstoken", "token");
    /** Where a spec names the master key's password: a request names a secret configured on the server instead. */
    private static final Set<String> MASTER_KEY_FIELDS = Set.of("masterkeypassword", "masterkeypasswordenv",
            "masterkeypasswordfile");
    static final String MASTER_KEY_REFUSED = "a request never carries the master key's password or names where one "
            + "is kept; configure it on the server (the 'secrets' section of the service configuration, "
            + "docs/operations.md) and name it: \"link\": {\"masterKeySecret\": \"<name>\"}";
    private static final Pattern PARAMETER = Pattern.compile("The value of (\\w+) parameter (\\S+) is invalid.*");
    private static final Pattern REQUIRED = Pattern.compile("Instance does not have required property \"(.*)\"");
    private static final Pattern ADDITIONAL = Pattern.compile("Property \"(.*)\" does not match additional "
            + "properties schema");
    static final String PASSWORD_REFUSED = "a request never carries a password or names where one is kept; "
            + "configure a credential on the server (the 'credentials' section of the service configuration, "
            + "docs/operations.md) and name it: \"sqlServer\": {\"host\": \"...\", \"credential\": \"<name>\"}";
    static final String AZURE_SIGN_IN_REFUSED = "a request never carries an Azure sign-in or its secret; configure "
            + "it on the server (the 'azureCredentials' section of the service configuration, docs/operations.md) "
            + "and name it: \"managedInstance\": {\"resourceId\": \"...\", \"azureCredential\": \"<name>\"}";
    private static final String WHAT_TO_SEND = "send {\"sqlServer\": {\"host\": \"<host>\", \"credential\": "
            + "\"<configured credential>\"}, \"databases\": [\"<db>\"]} or {\"scenario\": \"<name or file>\", "
            + "\"databases\": [\"<db>\"]}";

    private final JsonObject rawContract;

    /** @param rawContract the contract as JSON, to name the fields a schema accepts when a request sends another */
    public ContractViolations(JsonObject rawContract) {
        this.rawContract = rawContract;
    }

    /**
     * @param operation the operation whose request was refused, or null: a body schema's own location is relative to
     *                  it ("#/additionalProperties")
     */
    public Violation explain(ValidatorException e, Operation operation) {
        if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
            Matcher parameter = PARAMETER.matcher(String.valueOf(e.getMessage()));
            if (parameter.matches()) {
                return invalid(parameter.group(1) + " parameter '" + parameter.group(2) + "': "
                        + describe(leaf(schema.getOutputUnit()), parameter.group(2), true));
            }
            return invalid(body(schema.getOutputUnit(), bodySchema(operation)));
        }
        ValidatorErrorType type = e.type();
        String message = String.valueOf(e.getMessage());
        if (type == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && message.contains("body")) {
            return new Violation(415, "unsupported-media-type", "Send JSON",
                    "Send the body as JSON with 'Content-Type: application/json'.");
        }
        if (type == ValidatorErrorType.MISSING_REQUIRED_PARAMETER && message.contains("body")) {
            return invalid("the body is empty; " + WHAT_TO_SEND);
        }
        if (type == ValidatorErrorType.ILLEGAL_VALUE && message.contains("body")) {
            return invalid("the body is not valid JSON; " + WHAT_TO_SEND);
        }
        // Parameters that could not be parsed in their declared style, or are missing: the validator's sentence
        // names the parameter; say where the contract is.
        return invalid(message + " See /openapi.yaml for this endpoint's parameters.");
    }

    private static Violation invalid(String detail) {
        return new Violation(400, "invalid-request", "The request is not valid", detail);
    }

    /** The body's most useful error: an unknown field first, then "scenario or sqlServer", then the deepest. */
    private String body(OutputUnit result, Object bodySchema) {
        List<OutputUnit> errors = errors(result);
        for (OutputUnit error : errors) {
            Matcher additional = ADDITIONAL.matcher(String.valueOf(error.getError()));
            // vertx-json-schema also reports a declared property whose value is invalid as "additional": only a
            // field the schema does not declare is unknown.
            if (keyword(error).equals("additionalProperties") && additional.matches()
                    && !acceptedFields(error, bodySchema).contains(additional.group(1))) {
                return unknownField(error, additional.group(1), bodySchema);
            }
        }
        for (OutputUnit error : errors) {
            if (keyword(error).equals("type") && pointer(error).isEmpty()) {
                return "the body must be a JSON object; " + WHAT_TO_SEND;
            }
        }
        for (OutputUnit error : errors) {
            if (keyword(error).equals("oneOf") && pointer(error).isEmpty()) {
                return "'scenario' is required for a rehearsal on a twin, or 'sqlServer' for a real SQL Server "
                        + "(one of them, not both); " + WHAT_TO_SEND;
            }
        }
        OutputUnit leaf = leaf(result);
        return describe(leaf, fieldName(leaf == null ? "" : pointer(leaf)), false);
    }

    private String unknownField(OutputUnit error, String field, Object bodySchema) {
        if (MASTER_KEY_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            return "'" + abbreviate(field) + "': " + MASTER_KEY_REFUSED;
        }
        if (SECRET_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            return "'" + abbreviate(field) + "': " + PASSWORD_REFUSED;
        }
        if (AZURE_SIGN_IN_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            return "'" + abbreviate(field) + "': " + AZURE_SIGN_IN_REFUSED;
        }
        String pointer = pointer(error);
        String parent = pointer.contains("/") ? pointer.substring(0, pointer.lastIndexOf('/')) : "";
        String where = parent.isEmpty() ? "" : " in '" + fieldName(parent) + "'";
        Set<String> accepted = acceptedFields(error, bodySchema);
        return "unknown field '" + abbreviate(field) + "'" + where
                + (accepted.isEmpty() ? "" : "; the accepted fields" + where + " are " + String.join(", ", accepted));
    }

    /** The properties of the schema that refused an unknown field, looked up in the contract by its location. */
    private Set<String> acceptedFields(OutputUnit error, Object bodySchema) {
        String location = error.getAbsoluteKeywordLocation();
        Set<String> names = new TreeSet<>();
        if (location == null || !location.contains("#/")) {
            return names;
        }
        // "#/components/..." is a place in the contract; anything else is relative to the body's own schema.
        Object node = location.contains("#/components/") || location.contains("#/paths/") ? rawContract
                : bodySchema;
        String[] steps = location.substring(location.indexOf("#/") + 2).split("/");
        for (int i = 0; i < steps.length - 1 && node != null; i++) { // the last step is additionalProperties
            String step = steps[i].replace("~1", "/").replace("~0", "~");
            node = followRef(node instanceof JsonObject o ? o.getValue(step)
                    : node instanceof JsonArray a && step.matches("\\d+") ? a.getValue(Integer.parseInt(step)) : null);
        }
        if (followRef(node) instanceof JsonObject schema
                && schema.getValue("properties") instanceof JsonObject properties) {
            names.addAll(properties.fieldNames());
        }
        return names;
    }

    /** The raw schema of the operation's JSON request body, or null. */
    private Object bodySchema(Operation operation) {
        if (operation == null) {
            return null;
        }
        Object node = rawContract.getJsonObject("paths", new JsonObject()).getValue(operation.getOpenAPIPath());
        for (String step : List.of(operation.getHttpMethod().name().toLowerCase(Locale.ROOT), "requestBody",
                "content", "application/json", "schema")) {
            node = node instanceof JsonObject o ? o.getValue(step) : null;
        }
        return followRef(node);
    }

    /** A schema that is only a local {@code $ref} ("#/components/schemas/X") stands for what it refers to. */
    private Object followRef(Object node) {
        for (int hops = 0; hops < 8 && node instanceof JsonObject o && o.getValue("$ref") instanceof String ref
                && ref.startsWith("#/"); hops++) {
            Object target = rawContract;
            for (String step : ref.substring(2).split("/")) {
                target = target instanceof JsonObject t ? t.getValue(step.replace("~1", "/").replace("~0", "~"))
                        : null;
            }
            node = target;
        }
        return node;
    }

    /** One sentence for a leaf error: "'sqlServer.port' must be at most 65535". */
    private static String describe(OutputUnit leaf, String field, boolean parameter) {
        if (leaf == null) {
            return "'" + field + "' does not match the contract (/openapi.yaml)";
        }
        String error = String.valueOf(leaf.getError());
        String subject = parameter ? "the value" : "'" + field + "'";
        String pointer = pointer(leaf);
        if (!parameter && pointer.matches(".*/\\d+")) {
            subject = "every entry of '" + fieldName(pointer.substring(0, pointer.lastIndexOf('/'))) + "'";
        }
        return switch (keyword(leaf)) {
            case "type" -> subject + " must be " + article(error.replaceFirst(".*Expected ", ""));
            case "required" -> {
                Matcher required = REQUIRED.matcher(error);
                String missing = required.matches() ? required.group(1) : "a field";
                yield "'" + (pointer.isEmpty() ? missing : fieldName(pointer) + "." + missing) + "' is required";
            }
            case "enum" -> subject + " must be one of " + error.replaceFirst(".*any of ", "")
                    .replaceAll("[\\[\\]\"]", "").replace(",", ", ");
            case "minLength" -> subject + " must not be empty";
            case "maxLength" -> subject + " is too long (" + error.replaceFirst(".*\\((\\d+) > (\\d+)\\).*",
                    "at most $2 characters") + ")";
            case "maxItems" -> subject + " lists too many entries (at most "
                    + error.replaceFirst(".*> (\\d+)\\).*", "$1") + ")";
            case "minimum" -> subject + " must be at least " + error.replaceFirst(".* than (or equal to )?", "");
            case "maximum" -> subject + " must be at most " + error.replaceFirst(".* than (or equal to )?", "");
            case "oneOf" -> subject + " must match exactly one of its forms (see /openapi.yaml)";
            default -> subject + ": " + error;
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "object" -> "a JSON object";
            case "array" -> "an array";
            case "boolean" -> "true or false";
            case "string" -> "a string";
            default -> type;
        };
    }

    /** The deepest error that says something itself (not "a sub-schema had errors"). */
    private static OutputUnit leaf(OutputUnit result) {
        return errors(result).stream()
                .filter(e -> !WRAPPERS.contains(keyword(e)))
                .max(Comparator.comparingInt(e -> pointer(e).split("/").length))
                .orElse(null);
    }

    private static List<OutputUnit> errors(OutputUnit result) {
        List<OutputUnit> all = new ArrayList<>();
        collect(result, all);
        return all;
    }

    private static void collect(OutputUnit unit, List<OutputUnit> into) {
        if (unit.getErrors() == null) {
            return;
        }
        for (OutputUnit error : unit.getErrors()) {
            if (error.getKeywordLocation() != null) {
                into.add(error);
            }
            collect(error, into);
        }
    }

    private static String keyword(OutputUnit error) {
        String location = String.valueOf(error.getKeywordLocation());
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The JSON pointer of the offending value, without the leading '#': "/sqlServer/port", or "" for the body. */
    private static String pointer(OutputUnit error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
        return location.startsWith("#") ? location.substring(1) : location;
    }

    /** "/sqlServer/port" → "sqlServer.port"; "/databases/0" → "databases[0]". */
    static String fieldName(String pointer) {
        StringBuilder name = new StringBuilder();
        for (String step : pointer.split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            String decoded = step.replace("~1", "/").replace("~0", "~");
            if (decoded.matches("\\d+")) {
                name.append('[').append(decoded).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(abbreviate(decoded));
            }
        }
        return name.toString();
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 61) + "...";
    }
}
