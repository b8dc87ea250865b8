package io.milink.api.service.auth;

/**
 * Who made a request, as the audit log and operations name it: {@code token:<journal id>} for a stored token (never
 * the token), {@code entra:<object id>} for an Entra ID access token.
 *
 * @param name how the caller is recorded
 * @param role what the caller may do; null for an authenticated caller that holds neither app role (answered 403)
 */
public record Principal(String name, Role role) {

    public static Principal storedToken(long tokenId, Role role) {
        return new Principal("token:" + tokenId, role);
    }
}
