package io.milink.preflight.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a readiness check covers, as the user asked. {@code link} (the default) is the whole link: READY only when
 * SQL Server, its databases and the managed instance were all checked. {@code sql-server} is SQL Server and its
 * databases alone, asked for by name: READY then says so, and the other parts are left out of the report.
 *
 * <p>The network is never required for READY: probes from milink's host test that host's path, not SQL Server's,
 * so from anywhere but the SQL Server host they are a hint (WARN at best, docs/network.md); when they did not run,
 * the report still says so.
 */
public enum Scope {
    LINK("link", EnumSet.allOf(Part.class), EnumSet.of(Part.SQL_SERVER, Part.DATABASES, Part.MANAGED_INSTANCE)),
    SQL_SERVER("sql-server", EnumSet.of(Part.SQL_SERVER, Part.DATABASES), EnumSet.of(Part.SQL_SERVER,
            Part.DATABASES));

    private final String id;
    private final Set<Part> covered;
    private final Set<Part> required;

    Scope(String id, Set<Part> covered, Set<Part> required) {
        this.id = id;
        this.covered = covered;
        this.required = required;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Whether this scope checks the part at all; findings of other parts are left out of its report. */
    public boolean covers(Part part) {
        return covered.contains(part);
    }

    /** Whether READY needs the part checked. */
    public boolean requires(Part part) {
        return required.contains(part);
    }

    /** @throws IllegalArgumentException naming the scopes there are */
    @JsonCreator
    public static Scope parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.id.equals(wanted)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("the scope must be " + Arrays.stream(values()).map(Scope::id)
                .collect(Collectors.joining(" or ")) + ", not '" + text + "'");
    }
}
