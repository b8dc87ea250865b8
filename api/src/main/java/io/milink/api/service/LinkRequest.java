package io.milink.api.service;

import io.milink.api.service.http.RequestRejected;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/links}, once the contract (openapi.yaml, LinkRequest) has accepted its shape: a LinkSpec
 * whose SQL login and Azure sign-in are named by reference, the link's name in the service, and the preflight checks
 * waived. What the contract cannot say (a name that is only blanks, a NUL) is refused here.
 *
 * @param name            the link's name in the service; null until defaulted ({@link #withName})
 * @param sqlServer       the contract-valid sqlServer object (the credential by name)
 * @param managedInstance the contract-valid managedInstance object
 * @param names           the contract-valid names object, or null
 * @param accept          the preflight checks whose FAIL does not refuse the create (the CLI's --accept)
 * @param link            the contract-valid link object (how the links are created, a spec's link: section), or null
 */
record LinkRequest(String name, JsonObject sqlServer, JsonObject managedInstance, List<String> databases,
                   JsonObject names, List<String> accept, JsonObject link) {

    /** A link's name: what a URL path segment carries without encoding, and what the journal keeps. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    LinkRequest {
        databases = List.copyOf(databases);
        accept = List.copyOf(accept);
    }

    /** @throws RequestRejected saying what is wrong and what to send instead */
    static LinkRequest from(JsonObject body) {
        List<String> databases = strings(body.getJsonArray("databases"), "databases");
        if (databases.isEmpty()) {
            throw new RequestRejected("'databases' must name at least one database to link");
        }
        String name = body.getString("name");
        if (name != null && !NAME.matcher(name).matches()) {
            throw new RequestRejected("'name' must be 1 to 128 letters, digits, '_', '.' or '-', starting with a "
                    + "letter or digit");
        }
        JsonObject sqlServer = body.getJsonObject("sqlServer");
        if (sqlServer.getString("host").isBlank()) {
            throw new RequestRejected("'sqlServer.host' must be the SQL Server's host name or address");
        }
        noNul(sqlServer, "sqlServer");
        JsonObject managedInstance = body.getJsonObject("managedInstance");
        noNul(managedInstance, "managedInstance");
        noNul(managedInstance.getJsonObject("sql"), "managedInstance.sql");
        JsonObject names = body.getJsonObject("names");
        noNul(names, "names");
        JsonObject link = body.getJsonObject("link");
        noNul(link, "link");
        return new LinkRequest(name, sqlServer, managedInstance, databases, names,
                strings(body.getJsonArray("accept"), "accept"), link);
    }

    LinkRequest withName(String value) {
        return new LinkRequest(value, sqlServer, managedInstance, databases, names, accept, link);
    }

    /** What the journal keeps, and what a retry is compared by: exactly what was accepted, which holds no secret. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (name != null) {
            json.put("name", name);
        }
        json.put("sqlServer", sqlServer.copy()).put("managedInstance", managedInstance.copy());
        if (names != null) {
            json.put("names", names.copy());
        }
        json.put("databases", new JsonArray(databases));
        if (!accept.isEmpty()) {
            json.put("accept", new JsonArray(accept));
        }
        if (link != null) {
            json.put("link", link.copy());
        }
        return json;
    }

    /**
     * SHA-256 of the request with its fields in name order, so that a retry whose client orders the fields otherwise
     * is still the same request.
     */
    String hash() {
        return sha256(canonical(toJson().getMap()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            StringBuilder text = new StringBuilder("{");
            sorted.forEach((k, v) -> text.append(text.length() > 1 ? "," : "").append(scalar(k)).append(':')
                    .append(canonical(v)));
            return text.append('}').toString();
        }
        if (value instanceof JsonObject object) {
            return canonical(object.getMap());
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(canonical(item)));
            return "[" + String.join(",", items) + "]";
        }
        if (value instanceof JsonArray array) {
            return canonical(array.getList());
        }
        return scalar(value);
    }

    /** A string, number, boolean or null as JSON writes it. */
    private static String scalar(Object value) {
        String inArray = new JsonArray().add(value).encode();
        return inArray.substring(1, inArray.length() - 1);
    }

    private static List<String> strings(JsonArray array, String field) {
        List<String> values = new ArrayList<>();
        if (array == null) {
            return values;
        }
        for (Object item : array) {
            String text = (String) item;
            if (text.isBlank() || text.indexOf('\0') >= 0) {
                throw new RequestRejected("every entry of '" + field + "' must be a name, not blanks");
            }
            values.add(text);
        }
        return values;
    }

    private static void noNul(JsonObject section, String name) {
        if (section == null) {
            return;
        }
        for (String field : section.fieldNames()) {
            if (section.getValue(field) instanceof String value && value.indexOf('\0') >= 0) {
                throw new RequestRejected("'" + name + "." + field + "' holds a NUL character");
            }
        }
    }
}
