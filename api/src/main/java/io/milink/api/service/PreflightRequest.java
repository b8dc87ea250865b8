package io.milink.api.service;

import io.milink.api.service.http.RequestRejected;
import io.milink.preflight.report.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/preflight}, once the contract (openapi.yaml, PreflightRequest) has accepted its shape:
 * a rehearsal on a scenario's twin, or a LinkSpec naming a real SQL Server whose login is a credential configured
 * on the server. What the contract cannot say (a name that is only blanks, a NUL in a path) is refused here.
 */
public sealed interface PreflightRequest {

    List<String> databases();

    /** The link names the request chose, as a spec's {@code names:} section; null when it chose none. */
    JsonObject names();

    /** What to check: the whole link (the default), or SQL Server and its databases alone. */
    Scope scope();

    /** What the journal keeps of the request: exactly what was accepted, which holds no secret. */
    JsonObject toJson();

    /** A rehearsal: {@code {"scenario": "ready-2022", "databases": ["Sales"]}}. */
    record Rehearsal(String scenario, List<String> databases, JsonObject names, Scope scope)
            implements PreflightRequest {
        public Rehearsal {
            databases = List.copyOf(databases);
        }

        /** A rehearsal of the whole link that chooses no names. */
        public Rehearsal(String scenario, List<String> databases) {
            this(scenario, databases, null, Scope.LINK);
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("scenario", scenario);
            if (names != null) {
                json.put("names", names.copy());
            }
            return withScope(json.put("databases", new JsonArray(databases)), scope);
        }
    }

    /**
     * A real SQL Server, as in a link spec: {@code {"sqlServer": {"host": ..., "credential": "prod-sql"}, ...}}.
     *
     * @param sqlServer       the contract-valid sqlServer object (no secret: the contract refuses any)
     * @param managedInstance the contract-valid managedInstance object, or null
     * @param names           the contract-valid names object (the link names chosen, as in a spec), or null
     */
    record RealServer(JsonObject sqlServer, JsonObject managedInstance, List<String> databases, JsonObject names,
                      Scope scope) implements PreflightRequest {
        public RealServer {
            databases = List.copyOf(databases);
        }

        /** A request of the whole link that chooses no names. */
        public RealServer(JsonObject sqlServer, JsonObject managedInstance, List<String> databases) {
            this(sqlServer, managedInstance, databases, null, Scope.LINK);
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("sqlServer", sqlServer.copy());
            if (managedInstance != null) {
                json.put("managedInstance", managedInstance.copy());
            }
            if (names != null) {
                json.put("names", names.copy());
            }
            return withScope(json.put("databases", new JsonArray(databases)), scope);
        }
    }

    /** The scope is journaled only when it is not the default, so a request of the whole link reads as it did. */
    private static JsonObject withScope(JsonObject json, Scope scope) {
        return scope == Scope.LINK ? json : json.put("scope", scope.id());
    }

    /**
     * @param body a body the contract has validated
     * @throws RequestRejected saying what is wrong and what to send instead
     */
    static PreflightRequest from(JsonObject body) {
        List<String> databases = new ArrayList<>();
        JsonArray list = body.getJsonArray("databases");
        if (list != null) {
            for (Object name : list) {
                String db = (String) name;
                if (db.isBlank()) {
                    throw new RequestRejected("every entry of 'databases' must be a database name, not blanks");
                }
                databases.add(db);
            }
        }
        JsonObject names = body.getJsonObject("names");
        noNul(names, "names");
        // The contract admits only link and sql-server.
        Scope scope = Scope.parse(body.getString("scope", Scope.LINK.id()));
        String scenario = body.getString("scenario");
        if (scenario != null) {
            if (scenario.isBlank() || scenario.indexOf('\0') >= 0) {
                throw new RequestRejected("'scenario' is not a usable name or path; send a built-in scenario name "
                        + "(see 'milink twin --list') or the path of a scenario file on the server");
            }
            return new Rehearsal(scenario, databases, names, scope);
        }
        JsonObject sqlServer = body.getJsonObject("sqlServer");
        if (sqlServer.getString("host").isBlank()) {
            throw new RequestRejected("'sqlServer.host' must be the SQL Server's host name or address");
        }
        for (String field : List.of("host", "instance", "hostNameInCertificate", "serverCertificate")) {
            String value = sqlServer.getString(field);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new RequestRejected("'sqlServer." + field + "' holds a NUL character");
            }
        }
        JsonObject managedInstance = body.getJsonObject("managedInstance");
        noNul(managedInstance, "managedInstance");
        if (scope == Scope.SQL_SERVER && managedInstance != null) {
            throw new RequestRejected("'scope': sql-server checks SQL Server and its databases alone, so the request "
                    + "takes no 'managedInstance'; drop it, or drop 'scope' to check the whole link");
        }
        return new RealServer(sqlServer, managedInstance, databases, names, scope);
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
