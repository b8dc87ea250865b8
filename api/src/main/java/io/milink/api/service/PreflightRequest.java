package io.milink.api.service;

import io.milink.api.service.http.RequestRejected;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/preflight} this version accepts: a scenario to rehearse on a twin, and the databases to
 * check. Anything else is refused with a detail saying what to send, rather than half understood.
 *
 * @param scenario  a built-in scenario name or a scenario file on the server
 * @param databases the databases to check; may be empty
 */
public record PreflightRequest(String scenario, List<String> databases) {

    private static final Set<String> FIELDS = Set.of("scenario", "databases");
    /** Fields of a LinkSpec: a real server is a later version of the service, so say that rather than "unknown". */
    private static final Set<String> LINK_SPEC_FIELDS = Set.of("sqlServer", "server", "managedInstance", "spec",
            "linkSpec", "credential", "credentials", "authentication", "login");
    private static final int MAX_DATABASES = 100;
    private static final int MAX_NAME_LENGTH = 128;
    private static final int MAX_SCENARIO_LENGTH = 1024;

    public PreflightRequest {
        databases = List.copyOf(databases);
    }

    /** @throws RequestRejected saying what is wrong and what to send instead */
    public static PreflightRequest parse(JsonObject body) {
        for (String field : body.fieldNames()) {
            if (LINK_SPEC_FIELDS.contains(field)) {
                throw new RequestRejected("'" + field + "': checking a real SQL Server from a link spec is not "
                        + "supported by this version of the service yet; use the CLI (milink preflight --spec), or "
                        + "rehearse here with {\"scenario\": \"<name or file>\", \"databases\": [\"<db>\"]}");
            }
            if (!FIELDS.contains(field)) {
                throw new RequestRejected("unknown field '" + abbreviate(field) + "'; the accepted fields are "
                        + "'scenario' (required) and 'databases'");
            }
        }
        Object scenario = body.getValue("scenario");
        if (!(scenario instanceof String name) || name.isBlank()) {
            throw new RequestRejected("'scenario' is required: a built-in scenario name (see 'milink twin --list') "
                    + "or the path of a scenario file on the server");
        }
        if (name.length() > MAX_SCENARIO_LENGTH || name.indexOf('\0') >= 0) {
            throw new RequestRejected("'scenario' is not a usable name or path");
        }
        Object databases = body.getValue("databases");
        List<String> names = new ArrayList<>();
        if (databases != null) {
            if (!(databases instanceof JsonArray array)) {
                throw new RequestRejected("'databases' must be an array of database names, e.g. [\"Sales\"]");
            }
            if (array.size() > MAX_DATABASES) {
                throw new RequestRejected("'databases' lists " + array.size() + " names; at most " + MAX_DATABASES);
            }
            for (Object item : array) {
                if (!(item instanceof String db) || db.isBlank() || db.length() > MAX_NAME_LENGTH) {
                    throw new RequestRejected("every entry of 'databases' must be a database name (1 to "
                            + MAX_NAME_LENGTH + " characters)");
                }
                names.add(db);
            }
        }
        return new PreflightRequest(name, names);
    }

    /** What the journal keeps of the request: exactly what was accepted (it holds no secret). */
    public JsonObject toJson() {
        return new JsonObject().put("scenario", scenario).put("databases", new JsonArray(databases));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
