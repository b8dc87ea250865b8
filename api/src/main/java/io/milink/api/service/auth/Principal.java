package io.milink.api.service.auth;

import java.util.Set;

/**
 * Who made a request, as the audit log and operations name it: {@code token:<journal id>} for a stored token (never
 * the token), {@code entra:<object id>} for an Entra ID access token.
 *
 * @param name        how the caller is recorded
 * @param role        what the caller may do; null for an authenticated caller that holds neither app role (answered 403)
 * @param permissions what it may do besides its role (a forced failover)
 */
public record Principal(String name, Role role, Set<Permission> permissions) {

    public Principal {
        permissions = Set.copyOf(permissions);
    }

    /** A caller with its role only. */
    public Principal(String name, Role role) {
        this(name, role, Set.of());
    }

    public static Principal storedToken(long tokenId, Role role, Set<Permission> permissions) {
        return new Principal("token:" + tokenId, role, permissions);
    }

    public static Principal storedToken(long tokenId, Role role) {
        return storedToken(tokenId, role, Set.of());
    }

    /** An operator that also holds {@code permission}. */
    public boolean may(Permission permission) {
        return role == Role.OPERATOR && permissions.contains(permission);
    }
}
