package io.milink.api.service.auth;

/**
 * Who made a request: a stored token, named by its journal id (never by the token) in the audit log and on
 * operations.
 */
public record Principal(long tokenId, Role role) {

    /** How the audit log and operations name this caller. */
    public String name() {
        return "token:" + tokenId;
    }
}
