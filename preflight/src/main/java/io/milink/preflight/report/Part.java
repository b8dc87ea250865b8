package io.milink.preflight.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A part of what a link needs, each read from its own source: SQL Server (one connection), its databases (named by
 * the user), the managed instance (Azure Resource Manager) and the network between them (probes from milink's host).
 * A part counts as checked when its anchor check judged it (PASS, WARN or FAIL): an anchor that SKIPs or ERRs, or
 * is missing, means the part's facts were not read, whatever its other checks say.
 */
public enum Part {
    SQL_SERVER("sqlServer", "SQL Server", "sql.connect"),
    DATABASES("databases", "the databases", "db.exists"),
    MANAGED_INSTANCE("managedInstance", "the managed instance", "mi.exists"),
    NETWORK("network", "the network", "net.mirroring");

    private final String id;
    private final String description;
    private final String anchorCheck;

    Part(String id, String description, String anchorCheck) {
        this.id = id;
        this.description = description;
        this.anchorCheck = anchorCheck;
    }

    /** The name in the report's JSON ({@code notChecked[].part}). */
    @JsonValue
    public String id() {
        return id;
    }

    /** How a sentence names it ("the managed instance"). */
    public String description() {
        return description;
    }

    /** The check whose finding says whether this part's facts were read. */
    String anchorCheck() {
        return anchorCheck;
    }

    /** The part a check belongs to, by its id: {@code mi.*} and {@code cert.mi.*} read the managed instance. */
    public static Part owning(String checkId) {
        if (checkId.startsWith("mi.") || checkId.startsWith("cert.mi.")) {
            return MANAGED_INSTANCE;
        }
        if (checkId.startsWith("net.")) {
            return NETWORK;
        }
        if (checkId.startsWith("db.")) {
            return DATABASES;
        }
        return SQL_SERVER;
    }

    @JsonCreator
    public static Part fromId(String id) {
        for (Part part : values()) {
            if (part.id.equals(id)) {
                return part;
            }
        }
        throw new IllegalArgumentException("unknown part '" + id + "'");
    }
}
