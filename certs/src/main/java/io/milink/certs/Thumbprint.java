package io.milink.certs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A hash of a certificate's DER bytes. {@link #sha1(byte[])} is the thumbprint SQL Server shows in
 * {@code sys.certificates.thumbprint} ("SHA-1 hash of the certificate", varbinary(32); Microsoft Learn,
 * "sys.certificates (Transact-SQL)") and the one ARM returns as {@code serverTrustCertificates.thumbprint}
 * (shared/reference/arm-api.md section 2.2). {@link #sha256(byte[])} is the fingerprint modern tools print.
 * Equality is by the hash bytes, so two thumbprints read from different tools compare equal.
 */
public final class Thumbprint {

    private static final HexFormat UPPER = HexFormat.of().withUpperCase();

    private final byte[] hash;

    private Thumbprint(byte[] hash) {
        this.hash = hash;
    }

    /** The SHA-1 thumbprint of a certificate's DER bytes, as SQL Server and ARM show it. */
    public static Thumbprint sha1(byte[] der) {
        return new Thumbprint(digest("SHA-1", der));
    }

    /** The SHA-256 fingerprint of a certificate's DER bytes. */
    public static Thumbprint sha256(byte[] der) {
        return new Thumbprint(digest("SHA-256", der));
    }

    /** Wraps hash bytes as they come from {@code sys.certificates.thumbprint}. */
    public static Thumbprint ofHash(byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != 20 && hash.length != 32) {
            throw new IllegalArgumentException("a thumbprint is 20 (SHA-1) or 32 (SHA-256) bytes, not " + hash.length);
        }
        return new Thumbprint(hash.clone());
    }

    /**
     * Reads a thumbprint the way people copy it: {@code 0x} prefix or not, any case, with colons, spaces or
     * dashes between bytes (openssl prints {@code DF:3C:...}, SSMS prints {@code 0xDF3C...}, Windows {@code df 3c ...}).
     */
    public static Thumbprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String hex = text.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        hex = hex.replaceAll("[\\s:\\-]", "");
        if (!hex.matches("[0-9A-Fa-f]*") || (hex.length() != 40 && hex.length() != 64)) {
            throw new IllegalArgumentException("expected a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint, got '"
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'");
        }
        return new Thumbprint(HexFormat.of().parseHex(hex));
    }

    /** The hash bytes. */
    public byte[] bytes() {
        return hash.clone();
    }

    /** Upper-case hex without separators, as ARM and the Windows certificate store print it. */
    public String hex() {
        return UPPER.formatHex(hash);
    }

    /** {@code 0x...} as SQL Server prints varbinary, usable in a {@code WHERE thumbprint = 0x...} predicate. */
    public String sqlServerLiteral() {
        return "0x" + hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thumbprint other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static byte[] digest(String algorithm, byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-1 and SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
