package io.milink.api.service.auth;

import java.time.Instant;
import java.util.Set;

/** A token as the journal holds it: its hash, never the token. */
public record StoredToken(long id, String sha256Hex, Role role, Instant createdAt, Set<Permission> permissions) {

    public StoredToken {
        permissions = Set.copyOf(permissions);
    }

    public StoredToken(long id, String sha256Hex, Role role, Instant createdAt) {
        this(id, sha256Hex, role, createdAt, Set.of());
    }
}
