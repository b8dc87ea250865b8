package io.milink.api.service;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard's three files ({@code /}, {@code /dashboard.css}, {@code /dashboard.js}), read from the jar once at
 * start and served from memory, with headers that let the browser run nothing but them: a Content-Security-Policy
 * allowing only the service's own script, style and connections (no inline script or style, no other origin, no
 * framing), no MIME sniffing, no referrer. They hold no data: the page asks the API for everything with the token
 * the user signs in with, so they are served without a token.
 */
final class DashboardAssets {

    /**
     * {@code img-src data:} only for the empty favicon the page declares (so the browser asks for no /favicon.ico);
     * {@code form-action 'none'}: the sign-in form is handled by the script and never submitted.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Buffer html;
    private final Buffer css;
    private final Buffer js;

    private DashboardAssets(Buffer html, Buffer css, Buffer js) {
        this.html = html;
        this.css = css;
        this.js = js;
    }

    static DashboardAssets load() {
        return new DashboardAssets(read("index.html"), read("dashboard.css"), read("dashboard.js"));
    }

    Handler<RoutingContext> page() {
        return ctx -> send(ctx, "text/html; charset=utf-8", html);
    }

    Handler<RoutingContext> stylesheet() {
        return ctx -> send(ctx, "text/css; charset=utf-8", css);
    }

    Handler<RoutingContext> script() {
        return ctx -> send(ctx, "text/javascript; charset=utf-8", js);
    }

    private static void send(RoutingContext ctx, String contentType, Buffer body) {
        ctx.response().putHeader("Content-Type", contentType)
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                // Revalidated on each load, so a new milink's dashboard is never mixed with an old one's script.
                .putHeader("Cache-Control", "no-cache")
                .end(body);
    }

    private static Buffer read(String name) {
        String path = "dashboard/" + name;
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + path + " is missing from the milink jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + path, e);
        }
    }
}
