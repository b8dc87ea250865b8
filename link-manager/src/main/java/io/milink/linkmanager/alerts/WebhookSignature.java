package io.milink.linkmanager.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks' signature (standardwebhooks.com, "Signature scheme"): HMAC-SHA256 with the shared secret over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as {@code webhook-signature: v1,<base64>} next to
 * {@code webhook-id} and {@code webhook-timestamp} (Unix seconds). A secret written {@code whsec_<base64>} (the
 * scheme's form) is the base64-decoded bytes; any other secret is its UTF-8 bytes.
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private WebhookSignature() {
    }

    /** The HMAC key of a secret as the user wrote it. */
    public static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook secret that starts with whsec_ must continue in "
                        + "base64 (the Standard Webhooks form); write it again or drop the whsec_ prefix");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} value: {@code v1,} and the base64 HMAC-SHA256. */
    public static String sign(byte[] key, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(key, id, timestampSeconds, body));
    }

    /** Whether {@code header} (space-separated {@code v1,<base64>} entries) holds the right signature. */
    public static boolean verify(byte[] key, String id, long timestampSeconds, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = mac(key, id, timestampSeconds, body);
        for (String entry : header.trim().split(" +")) {
            if (entry.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: not a match
                }
            }
        }
        return false;
    }

    private static byte[] mac(byte[] key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
