package io.milink.api.service.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one Entra ID tenant's key publication: RSA keys made here, their public halves served as a JWKS on
 * loopback HTTP at the path Entra uses ({@code /{tenant}/discovery/v2.0/keys}, keys without "alg" and with
 * "use": "sig", as Entra publishes them), and RS256 access tokens signed with them.
 */
public final class EntraTestTenant implements AutoCloseable {

    public static final String AUDIENCE = "api://milink-test";

    public final String tenant = UUID.randomUUID().toString();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<JsonObject> published = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile long fetchDelayMillis;

    /** A signing key and the id under which it is (or is not yet) published. */
    public record Key(String kid, KeyPair pair) {
    }

    public EntraTestTenant() {
        server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/" + tenant + "/discovery/v2.0/keys")) {
                fetches.incrementAndGet();
                JsonArray keys;
                synchronized (published) {
                    keys = new JsonArray(new ArrayList<>(published));
                }
                String body = new JsonObject().put("keys", keys).encode();
                long delay = fetchDelayMillis;
                if (delay > 0) {
                    vertx.setTimer(delay, t -> request.response().putHeader("Content-Type", "application/json")
                            .end(body));
                } else {
                    request.response().putHeader("Content-Type", "application/json").end(body);
                }
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").await();
    }

    public String authority() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public String issuer() {
        return authority() + "/" + tenant + "/v2.0";
    }

    public EntraSettings settings() {
        return new EntraSettings(authority(), tenant, List.of(AUDIENCE), EntraSettings.DEFAULT_READER_ROLE,
                EntraSettings.DEFAULT_OPERATOR_ROLE);
    }

    /** Makes the key set answer only after {@code delay}, so several requests can wait for one fetch. */
    public void delayFetches(Duration delay) {
        fetchDelayMillis = delay.toMillis();
    }

    public int fetches() {
        return fetches.get();
    }

    public static Key newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new Key(UUID.randomUUID().toString(), generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Key publishNewKey() {
        Key key = newKey();
        publish(key);
        return key;
    }

    public void publish(Key key) {
        RSAPublicKey rsa = (RSAPublicKey) key.pair().getPublic();
        synchronized (published) {
            published.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("kid", key.kid())
                    .put("n", base64Url(unsigned(rsa.getModulus())))
                    .put("e", base64Url(unsigned(rsa.getPublicExponent()))));
        }
    }

    /** Claims of a valid v2.0 access token for {@link #AUDIENCE}, valid from a minute ago for an hour. */
    public JsonObject claims(String... roles) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject()
                .put("iss", issuer())
                .put("aud", AUDIENCE)
                .put("tid", tenant)
                .put("oid", "00000000-0000-0000-0000-00000000beef")
                .put("sub", "subject")
                .put("iat", now - 60)
                .put("nbf", now - 60)
                .put("exp", now + 3600)
                .put("ver", "2.0")
                .put("roles", new JsonArray(List.of((Object[]) roles)));
    }

    /** An RS256 JWT over {@code claims}, signed by {@code signer}, its header naming {@code kid}. */
    public static String sign(JsonObject claims, String kid, PrivateKey signer) {
        String header = base64Url(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid).encode()
                .getBytes(StandardCharsets.UTF_8));
        String payload = base64Url(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signer);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JsonObject claims, Key key) {
        return sign(claims, key.kid(), key.pair().getPrivate());
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
