package io.milink.api.service.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Validates Microsoft Entra ID access tokens: RS256 signature by one of the tenant's published keys, {@code exp} and
 * {@code nbf} with {@link #CLOCK_SKEW_SECONDS} of leeway, {@code iss} and {@code aud}; then maps the {@code roles}
 * claim (app roles) to {@link Role}.
 *
 * <p>Why vertx-auth-jwt rather than a separate JOSE library: it is in the Vert.x stack the service already runs on,
 * verifies on the event loop without blocking, and leaves key fetching to us, so the keys come over Vert.x's own
 * non-blocking HTTP client. Keys are cached; a token whose {@code kid} is unknown (Entra rotates its keys) triggers
 * one refetch, shared by concurrent requests and at most one per {@link #MIN_REFETCH}, so tokens with made-up
 * key ids cannot turn the service into a load generator against the tenant.
 */
public final class EntraTokenVerifier {

    /** Tolerated difference between our clock and Entra's, for {@code exp} and {@code nbf}. */
    public static final int CLOCK_SKEW_SECONDS = 60;
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    /** Keys are refetched after this even when every kid is known, so a revoked key does not stay trusted. */
    private static final long MAX_KEY_AGE_NANOS = TimeUnit.HOURS.toNanos(24);
    private static final int FETCH_TIMEOUT_MILLIS = 10_000;

    /** The token is not acceptable (signature, expiry, issuer, audience, shape): 401. */
    public static final class InvalidToken extends RuntimeException {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    /** The tenant's keys could not be fetched, so no decision is possible: 503, retry later. */
    public static final class KeysUnavailable extends RuntimeException {
        KeysUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Keys(JWTAuth verifier, Set<String> kids, long fetchedAtNanos) {
        static final Keys NONE = new Keys(null, Set.of(), 0);
    }

    private final Vertx vertx;
    private final EntraSettings settings;
    private final HttpClient http;
    private volatile Keys keys = Keys.NONE;
    /** Guarded by {@code this}: the fetch in progress, shared by every request waiting for it. */
    private Future<Keys> fetching;
    private final long minRefetchNanos;
    private final int fetchTimeoutMillis;
    /** Monotonic time in nanoseconds: {@link System#nanoTime()}, or a test's clock that it moves by hand. */
    private final LongSupplier nanoTime;
    private long lastAttemptNanos;

    public EntraTokenVerifier(Vertx vertx, EntraSettings settings) {
        this(vertx, settings, MIN_REFETCH, System::nanoTime);
    }

    EntraTokenVerifier(Vertx vertx, EntraSettings settings, Duration minRefetch, LongSupplier nanoTime) {
        this(vertx, settings, minRefetch, nanoTime, FETCH_TIMEOUT_MILLIS);
    }

    /**
     * @param minRefetch the least time between two fetches of the key set
     * @param nanoTime   monotonic nanoseconds; tests pass a clock they move, so a refetch window is crossed exactly
     *                   when they say and never by a slow machine
     * @param fetchTimeoutMillis how long connecting, and a silent tenant, may take; the whole fetch twice that
     */
    EntraTokenVerifier(Vertx vertx, EntraSettings settings, Duration minRefetch, LongSupplier nanoTime,
                       int fetchTimeoutMillis) {
        this.vertx = vertx;
        this.fetchTimeoutMillis = fetchTimeoutMillis;
        this.settings = settings;
        this.minRefetchNanos = minRefetch.toNanos();
        this.nanoTime = nanoTime;
        this.lastAttemptNanos = nanoTime.getAsLong() - minRefetchNanos;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(fetchTimeoutMillis));
    }

    /** True for a token shaped like a JWT (three dot-separated parts); milink's own tokens contain no dot. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The caller behind {@code jwt}; a principal with a null role when the token is valid but carries neither app
     * role. Fails with {@link InvalidToken} or {@link KeysUnavailable}. Never blocks.
     */
    public Future<Principal> verify(String jwt) {
        return onCallersContext(Vertx.currentContext(), verifyAnywhere(jwt));
    }

    /**
     * Requests arriving on different event loops share one key fetch, and a Vert.x future calls its listeners on
     * the context that completed it: without this, a request from event loop B would carry on (route handlers,
     * journal calls, its response) on event loop A, the first requester's, breaking Vert.x's one-thread-per-request
     * rule. The answer is handed back on the context the caller verified from.
     */
    private static <T> Future<T> onCallersContext(Context caller, Future<T> answer) {
        if (caller == null) {
            return answer;
        }
        Promise<T> onCaller = Promise.promise();
        answer.onComplete(done -> {
            if (Vertx.currentContext() == caller) {
                onCaller.handle(done);
            } else {
                caller.runOnContext(ignored -> onCaller.handle(done));
            }
        });
        return onCaller.future();
    }

    private Future<Principal> verifyAnywhere(String jwt) {
        String kid;
        try {
            kid = keyId(jwt);
        } catch (RuntimeException e) {
            return Future.failedFuture(new InvalidToken("not a JWT with a key id"));
        }
        Keys current = keys;
        boolean fresh = nanoTime.getAsLong() - current.fetchedAtNanos < MAX_KEY_AGE_NANOS;
        if (current.kids.contains(kid) && fresh) {
            return check(current, jwt);
        }
        return refresh(current).compose(updated -> {
            if (!updated.kids.contains(kid)) {
                String shown = kid.length() <= 64 ? kid : kid.substring(0, 64) + "...";
                return Future.failedFuture(new InvalidToken("signed with key '" + shown + "', which the tenant "
                        + "does not publish"));
            }
            return check(updated, jwt);
        });
    }

    private synchronized Future<Keys> refresh(Keys seen) {
        if (keys != seen) {
            return Future.succeededFuture(keys); // Another request refreshed meanwhile.
        }
        if (fetching != null) {
            return fetching;
        }
        long now = nanoTime.getAsLong();
        if (now - lastAttemptNanos < minRefetchNanos) {
            if (seen.verifier == null) {
                return Future.failedFuture(new KeysUnavailable("the tenant's signing keys could not be fetched "
                        + "from " + settings.jwksUri() + " moments ago", null));
            }
            return Future.succeededFuture(seen); // Too soon to ask again; the caller decides with what it has.
        }
        lastAttemptNanos = now;
        Future<Keys> fetched = fetchKeys();
        fetched.onSuccess(updated -> {
            synchronized (this) {
                keys = updated;
            }
        });
        // Everyone waiting gets the same answer: the new keys, or the old ones while Entra is unreachable, or
        // "unavailable" when there are none at all.
        Future<Keys> answer = fetched.recover(e -> seen.verifier == null
                ? Future.failedFuture(new KeysUnavailable("cannot fetch the tenant's signing keys from "
                + settings.jwksUri() + ": " + e.getMessage(), e))
                : Future.succeededFuture(seen));
        fetching = answer;
        answer.onComplete(done -> {
            synchronized (this) {
                fetching = null;
            }
        });
        return answer;
    }

    private Future<Keys> fetchKeys() {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(settings.jwksUri())
                .setTimeout(fetchTimeoutMillis).putHeader("Accept", "application/json");
        // The request's own timeouts cover connecting and a silent server, not every wait (a pooled connection, a
        // body that trickles): a fetch that never ended would hold every later request that needs the keys, since
        // they all wait for the one fetch in progress. So the whole fetch has a deadline too.
        return http.request(request)
                .compose(req -> req.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .map(body -> keysFrom(new JsonObject(body)))
                .timeout(2L * fetchTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private Keys keysFrom(JsonObject jwks) {
        JsonArray published = jwks.getJsonArray("keys", new JsonArray());
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setLeeway(CLOCK_SKEW_SECONDS));
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < published.size(); i++) {
            JsonObject key = published.getJsonObject(i);
            String use = key.getString("use");
            if (!"RSA".equals(key.getString("kty")) || key.getString("kid") == null || (use != null
                    && !use.equals("sig"))) {
                continue;
            }
            // Entra's keys carry no "alg" (its tokens are RS256), and the modulus and exponent suffice: the x5c
            // certificate is dropped so a certificate's own dates cannot disable a key Entra still publishes.
            JsonObject rsa = new JsonObject().put("kty", "RSA").put("kid", key.getString("kid"))
                    .put("n", key.getString("n")).put("e", key.getString("e"))
                    .put("alg", key.getString("alg", "RS256")).put("use", "sig");
            options.addJwk(rsa);
            kids.add(key.getString("kid"));
        }
        if (kids.isEmpty()) {
            throw new IllegalStateException("the key set holds no RSA signing key");
        }
        return new Keys(JWTAuth.create(vertx, options), Set.copyOf(kids), nanoTime.getAsLong());
    }

    private Future<Principal> check(Keys keys, String jwt) {
        return keys.verifier.authenticate(new TokenCredentials(jwt))
                .recover(e -> Future.failedFuture(new InvalidToken(e.getMessage())))
                .compose(user -> {
                    try {
                        return Future.succeededFuture(principal(claims(user)));
                    } catch (InvalidToken e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private static JsonObject claims(User user) {
        JsonObject claims = user.attributes().getJsonObject("accessToken");
        if (claims == null) {
            throw new InvalidToken("no claims");
        }
        return claims;
    }

    /** Issuer, audience and expiry beyond what the JWT library checked, then the app roles. */
    Principal principal(JsonObject claims) {
        if (!settings.issuers().contains(claims.getString("iss", ""))) {
            throw new InvalidToken("issuer '" + claims.getString("iss") + "' is not tenant " + settings.tenant());
        }
        if (!audienceMatches(claims.getValue("aud"))) {
            throw new InvalidToken("audience is not one of " + settings.audiences());
        }
        if (!(claims.getValue("exp") instanceof Number)) {
            throw new InvalidToken("no expiry");
        }
        String who = claims.getString("oid", claims.getString("sub", "unknown"));
        Object roles = claims.getValue("roles");
        boolean failover = roles instanceof JsonArray granted && granted.contains(EntraSettings.FAILOVER_ROLE);
        return new Principal(truncate("entra:" + who), roleOf(roles),
                failover ? java.util.Set.of(Permission.FAILOVER) : java.util.Set.of());
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String single) {
            return settings.audiences().contains(single);
        }
        if (aud instanceof JsonArray many) {
            return many.stream().anyMatch(settings.audiences()::contains);
        }
        return false;
    }

    private Role roleOf(Object roles) {
        if (!(roles instanceof JsonArray granted)) {
            return null;
        }
        if (granted.contains(settings.operatorRole())) {
            return Role.OPERATOR;
        }
        return granted.contains(settings.readerRole()) ? Role.READER : null;
    }

    private static String keyId(String jwt) {
        String header = jwt.substring(0, jwt.indexOf('.'));
        JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8));
        String kid = json.getString("kid");
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("no kid");
        }
        return kid;
    }

    /** The journal's {@code requested_by} and audit {@code who} columns hold 64 characters. */
    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
