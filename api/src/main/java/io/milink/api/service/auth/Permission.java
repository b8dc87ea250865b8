package io.milink.api.service.auth;

import java.util.Locale;

/**
 * What a caller may do besides its role. A forced failover may lose data and leave both sides primary, so an operator
 * token does not suffice for it: the token must also carry {@link #FAILOVER} (docs/api.md, "Authentication and
 * roles").
 */
public enum Permission {
    /** May force a failover ({@code POST /v1/links/{name}/failover} with {@code "type": "forced"}). */
    FAILOVER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the permissions, for a value that is none of them */
    public static Permission parse(String value) {
        for (Permission permission : values()) {
            if (permission.id().equalsIgnoreCase(value.trim())) {
                return permission;
            }
        }
        throw new IllegalArgumentException("unknown permission '" + value + "'; the permissions are failover");
    }
}
