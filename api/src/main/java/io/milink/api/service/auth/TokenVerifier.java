package io.milink.api.service.auth;

import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks a presented bearer token against the stored hashes. The hash of the presented token is compared with every
 * stored hash by {@link MessageDigest#isEqual} (constant time) and without stopping at a match, so the response time
 * says nothing about which token, or how much of a hash, matched.
 */
public final class TokenVerifier {

    /** A stored token's hash as bytes and the caller it stands for, both made once rather than at every request. */
    private record Known(Principal principal, byte[] sha256) {
        static Known of(StoredToken token) {
            return new Known(Principal.storedToken(token.id(), token.role(), token.permissions()),
                    HexFormat.of().parseHex(token.sha256Hex()));
        }
    }

    /** Replaced whole when the journal's tokens are read again; a request checks against one list or the other. */
    private volatile List<Known> tokens;

    /** @param tokens the journal's tokens now ({@link #replace} with those read later) */
    public TokenVerifier(List<StoredToken> tokens) {
        replace(tokens);
    }

    /**
     * The journal's tokens as read again: one created since ({@code milink token create}, from any machine) is
     * accepted from now on, one deleted is not.
     */
    public void replace(List<StoredToken> tokens) {
        this.tokens = tokens.stream().map(Known::of).toList();
    }

    public Optional<Principal> verify(String presentedToken) {
        byte[] presented = BearerTokens.sha256(presentedToken);
        Principal match = null;
        for (Known known : tokens) { // read once: the list in force when the loop starts
            if (MessageDigest.isEqual(presented, known.sha256()) && match == null) {
                match = known.principal();
            }
        }
        return Optional.ofNullable(match);
    }
}
