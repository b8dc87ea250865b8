package io.milink.api.service.auth;

import java.time.Instant;

/** A token as the journal holds it: its hash, never the token. */
public record StoredToken(long id, String sha256Hex, Role role, Instant createdAt) {
}
