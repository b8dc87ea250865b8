package io.milink.api.service.http;

import io.milink.api.service.auth.EntraTokenVerifier;
import io.milink.api.service.auth.Principal;
import io.milink.api.service.auth.Role;
import io.milink.api.service.auth.TokenVerifier;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token authentication and role checks for {@code /v1} (and {@code /metrics}). A token is either one of
 * milink's own (compared by hash) or, when Entra ID is configured, an Entra access token (a JWT). No or an invalid
 * token is a 401; a valid token without the role an endpoint needs is a 403. The token itself is never logged,
 * echoed or stored.
 */
public final class Authentication {

    private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);
    /** Where the authenticated caller is kept on the routing context. */
    static final String PRINCIPAL = "milink.principal";
    /** Entra access tokens run to a few kilobytes; Vert.x caps a header at 8 KiB anyway. */
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final TokenVerifier verifier;
    private final EntraTokenVerifier entra;

    /** @param entra null when Entra ID tokens are not accepted */
    public Authentication(TokenVerifier verifier, EntraTokenVerifier entra) {
        this.verifier = verifier;
        this.entra = entra;
    }

    public Authentication(TokenVerifier verifier) {
        this(verifier, null);
    }

    /** Authenticates, then passes on; answers 401 (or 403 for an Entra token without an app role) itself. */
    public void authenticate(RoutingContext ctx) {
        Optional<String> token = bearerToken(ctx.request().getHeader("Authorization"));
        if (token.isPresent() && entra != null && EntraTokenVerifier.looksLikeJwt(token.get())) {
            entra.verify(token.get()).onComplete(verified -> {
                if (verified.succeeded()) {
                    accept(ctx, verified.result());
                } else if (verified.cause() instanceof EntraTokenVerifier.KeysUnavailable unavailable) {
                    LOG.atWarn().addKeyValue("requestId", RequestIds.of(ctx)).log(unavailable.getMessage());
                    ctx.response().putHeader("Retry-After", "30");
                    Problems.send(ctx, 503, "unavailable", "Cannot verify the token now",
                            "The Entra ID signing keys cannot be fetched at the moment; retry in 30 seconds.");
                } else {
                    // Why a token was refused helps whoever configures Entra; the reason never holds the token.
                    LOG.atInfo().addKeyValue("requestId", RequestIds.of(ctx))
                            .log("Entra token refused: {}", verified.cause().getMessage());
                    unauthorized(ctx);
                }
            });
            return;
        }
        Optional<Principal> principal = token.flatMap(verifier::verify);
        if (principal.isEmpty()) {
            unauthorized(ctx);
            return;
        }
        accept(ctx, principal.get());
    }

    private static void accept(RoutingContext ctx, Principal principal) {
        if (principal.role() == null) {
            Problems.send(ctx, 403, "forbidden", "No milink role",
                    "This Entra ID token carries neither the reader nor the operator app role of milink; ask an "
                            + "administrator to assign one (docs/operations.md, Entra ID tokens).");
            return;
        }
        ctx.put(PRINCIPAL, principal);
        ctx.next();
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"milink\"");
        Problems.send(ctx, 401, "unauthorized", "Authentication required",
                "Send 'Authorization: Bearer <token>' with a token from 'milink token create' (or the one "
                        + "'milink serve' printed at its first start), or a valid Entra ID access token when the "
                        + "service accepts them.");
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
