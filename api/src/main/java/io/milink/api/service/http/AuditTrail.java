package io.milink.api.service.http;

import io.milink.api.service.auth.Principal;
import io.milink.journal.AuditLog;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Audits every mutating call (anything but GET, HEAD, OPTIONS), including refused ones, once its response is
 * sent: who (token id or "anonymous"), method, path, status. Written on a worker thread.
 */
public final class AuditTrail {

    private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
    private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AuditLog auditLog;
    private final WorkerExecutor journalWorker;

    public AuditTrail(AuditLog auditLog, WorkerExecutor journalWorker) {
        this.auditLog = auditLog;
        this.journalWorker = journalWorker;
    }

    public void handle(RoutingContext ctx) {
        if (!READ_ONLY.contains(ctx.request().method())) {
            String method = ctx.request().method().name();
            String path = ctx.request().path();
            ctx.addEndHandler(ended -> {
                Principal principal = Authentication.principal(ctx);
                String who = principal == null ? "anonymous" : principal.name();
                int status = ctx.response().getStatusCode();
                journalWorker.executeBlocking(() -> {
                    auditLog.record(who, method, path == null ? "" : path, status);
                    return null;
                }, false).onFailure(e -> LOG.log(Level.ERROR, "cannot audit " + method + " " + path, e));
            });
        }
        ctx.next();
    }
}
