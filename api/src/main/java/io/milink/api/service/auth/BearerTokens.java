package io.milink.api.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Making and hashing bearer tokens. A token is 32 random bytes, URL-safe base64 without padding (43 characters), so
 * it fits a header and a shell variable unquoted. Only its SHA-256 is ever stored: a stolen journal grants nothing,
 * and since the token is random and long, a plain (unsalted, fast) hash is enough.
 */
public final class BearerTokens {

    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageDigest SHA_256 = newSha256();

    private BearerTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of the token's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        return sha256Digest().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fresh SHA-256 digest, cloned from one made at start: every request hashes its token, and looking the algorithm
     * up in the security providers ({@link MessageDigest#getInstance}) cost more than the hash itself (a profile of
     * status reads, bench/README.md). A digest is not thread-safe, hence a clone per hash.
     */
    private static MessageDigest sha256Digest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256(); // a provider whose digest cannot be cloned: looked up each time, as before
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
