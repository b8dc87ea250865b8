package io.milink.api.service.http;

import io.milink.api.service.auth.Principal;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenVerifier;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Bearer-token authentication and role checks for {@code /v1}. No or an unknown token is a 401; a valid token
 * without the role an endpoint needs is a 403. The token itself is never logged, echoed or stored.
 */
public final class Authentication {

    /** Where the authenticated caller is kept on the routing context. */
    static final String PRINCIPAL = "milink.principal";
    /** Longer than any token milink makes by far; anything longer is not worth hashing. */
    private static final int MAX_TOKEN_LENGTH = 512;

    private final TokenVerifier verifier;

    public Authentication(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** Authenticates, then passes on; answers 401 itself. */
    public void authenticate(RoutingContext ctx) {
        Optional<Principal> principal = bearerToken(ctx.request().getHeader("Authorization"))
                .flatMap(verifier::verify);
        if (principal.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"milink\"");
            Problems.send(ctx, 401, "unauthorized", "Authentication required",
                    "Send 'Authorization: Bearer <token>' with a token from 'milink token create' (or the one "
                            + "'milink serve' printed at its first start).");
            return;
        }
        ctx.put(PRINCIPAL, principal.get());
        ctx.next();
    }

    /** A handler that lets only callers with {@code role} through, answering 403 to the others. */
    public static io.vertx.core.Handler<RoutingContext> require(Role role) {
        return ctx -> {
            Principal principal = principal(ctx);
            if (principal == null || !principal.role().allows(role)) {
                Problems.send(ctx, 403, "forbidden", "Not allowed for this token's role",
                        "This call needs a token with the '" + role.id() + "' role; this token is a '"
                                + (principal == null ? "none" : principal.role().id())
                                + "' token. Ask for an operator token (milink token create --role operator).");
                return;
            }
            ctx.next();
        };
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    static Optional<String> bearerToken(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(token);
    }
}
