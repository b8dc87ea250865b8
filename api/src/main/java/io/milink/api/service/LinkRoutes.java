package io.milink.api.service;

import io.milink.api.service.ServiceLinkTargets.ResolvedLink;
import io.milink.api.service.auth.Permission;
import io.milink.api.service.auth.Principal;
import io.milink.api.service.http.Authentication;
import io.milink.api.service.http.Problems;
import io.milink.api.service.http.RequestIds;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.azure.ArmCallException;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.sql.SqlConnectException;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.journal.ServiceLinks;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkPlan;
import io.milink.linkmanager.LinkScript;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusJson;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.PlanJson;
import io.milink.linkmanager.PlannedFailover;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/links}: register and create a link, read its status (with an ETag), plan and script, fail it over and cut
 * it over (with If-Match), remove it. Reads of SQL Server and the instance run on the link read pool, journal work on the journal
 * pool, never on an event loop; the operations run in {@link LinkJobs}.
 */
final class LinkRoutes {

    private static final System.Logger LOG = System.getLogger(LinkRoutes.class.getName());

    /** What a client told "busy" or "unreachable" should wait before it asks again. */
    private static final int RETRY_AFTER_SECONDS = 10;

    private final OperationJournal operations;
    private final ServiceLinks links;
    private final ServiceLinkTargets targets;
    private final LinkJobs jobs;
    private final LinkStatusCache cache;
    private final WorkerExecutor reads;
    /** Held while a link operation is accepted: the checks (name, busy, key) and the writes are one step. */
    private final Object accepting = new Object();

    LinkRoutes(OperationJournal operations, ServiceLinks links, ServiceLinkTargets targets, LinkJobs jobs,
               LinkStatusCache cache, WorkerExecutor reads) {
        this.operations = operations;
        this.links = links;
        this.targets = targets;
        this.jobs = jobs;
        this.cache = cache;
        this.reads = reads;
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    /** GET /v1/links: every registered link with its status, each SQL Server and instance read once. */
    void list(RoutingContext ctx) {
        reads.executeBlocking(() -> {
            List<ServiceLinks.Registered> registered = links.all();
            Map<String, List<ResolvedLink>> groups = new LinkedHashMap<>();
            Map<String, String> unusable = new LinkedHashMap<>();
            for (ServiceLinks.Registered r : registered) {
                try {
                    ResolvedLink link = resolve(r);
                    groups.computeIfAbsent(sides(link), k -> new ArrayList<>()).add(link);
                } catch (RequestRejected e) {
                    unusable.put(r.name(), unusableReason(e));
                }
            }
            Map<String, LinkStatus> statuses = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>(unusable);
            for (List<ResolvedLink> group : groups.values()) {
                readGroup(group, statuses, errors);
            }
            JsonArray items = new JsonArray();
            for (ServiceLinks.Registered r : registered) {
                JsonObject item = new JsonObject().put("name", r.name()).put("link", "/v1/links/" + r.name());
                LinkStatus status = statuses.get(r.name());
                if (status != null) {
                    item.put("etag", LinkStatusEtag.of(status))
                            .put("status", new JsonObject(LinkStatusJson.render(status, false)));
                } else {
                    item.put("status", (Object) null).put("error", errors.get(r.name()));
                }
                items.add(item);
            }
            return new JsonObject().put("items", items);
        }, false).onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").end(body.encode()))
                .onFailure(ctx::fail);
    }

    /**
     * Reads the links that share a SQL Server and an instance in one read (one T-SQL batch, one ARM list) unless each
     * was read a moment ago, and splits the status by link.
     */
    private void readGroup(List<ResolvedLink> group, Map<String, LinkStatus> statuses, Map<String, String> errors) {
        List<ResolvedLink> stale = new ArrayList<>();
        for (ResolvedLink link : group) {
            cache.fresh(link.name()).ifPresentOrElse(s -> statuses.put(link.name(), s), () -> stale.add(link));
        }
        if (stale.isEmpty()) {
            return;
        }
        long generation = cache.generation();
        List<DatabaseLinkNames> all = new ArrayList<>();
        stale.forEach(link -> link.spec().linkNames().stream()
                .filter(n -> all.stream().noneMatch(a -> a.database().equalsIgnoreCase(n.database())))
                .forEach(all::add));
        try {
            LinkSession session = targets.open(stale.get(0));
            LinkStatus together;
            try {
                together = new LinkStatusReader(Clock.systemUTC()).read(session, all);
            } finally {
                ServiceLinkTargets.close(session);
            }
            for (ResolvedLink link : stale) {
                List<String> mine = link.spec().databases().stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
                LinkStatus status = new LinkStatus(together.sqlServer(), together.managedInstance(),
                        together.observedAt(), together.databases().stream()
                        .filter(d -> mine.contains(d.name().toLowerCase(Locale.ROOT))).toList());
                cache.put(link.name(), status, generation);
                statuses.put(link.name(), status);
            }
        } catch (SqlConnectException | SQLException | ArmCallException e) {
            stale.forEach(link -> errors.put(link.name(), unreachableReason(e)));
        }
    }

    /** The key of the two sides a link is read from: its SQL Server and login, its instance and sign-in. */
    private static String sides(ResolvedLink link) {
        JsonObject sql = link.request().sqlServer();
        JsonObject mi = link.request().managedInstance();
        return new JsonArray().add(sql.getString("host")).add(sql.getValue("port")).add(sql.getString("instance"))
                .add(sql.getString("credential")).add(sql.getString("encrypt"))
                .add(sql.getString("serverCertificate"))
                .add(link.spec().managedInstance().resource().resourceId().toLowerCase(Locale.ROOT))
                .add(link.azure().name()).add(mi.getBoolean("probeNetwork", true)).encode();
    }

    /**
     * GET /v1/links/{name}: the status, as {@code milink link status --output json} prints it, with its ETag. A status
     * the cache may serve is sent from the event loop, with no journal read and no hop to a worker: what dashboards
     * polling the link hit (LinkStatusCache says when).
     */
    void get(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Optional<LinkStatusCache.Served> served = cache.serve(name);
        if (served.isPresent()) {
            if (served.get().refresh()) {
                reads.executeBlocking(() -> readStatus(name, false), false).onFailure(e -> LOG.log(Level.WARNING,
                        "the status of link " + name + " could not be read again in the background", e));
            }
            sendStatus(ctx, served.get().answer());
            return;
        }
        reads.executeBlocking(() -> readStatus(name, true), false).onSuccess(read -> {
            if (answered(ctx, name, read)) {
                return;
            }
            sendStatus(ctx, LinkStatusCache.Answer.of(read.status()));
        }).onFailure(ctx::fail);
    }

    private static void sendStatus(RoutingContext ctx, LinkStatusCache.Answer answer) {
        ctx.response().putHeader("Content-Type", "application/json")
                .putHeader("ETag", answer.etag())
                .putHeader("Cache-Control", "no-cache")
                .end(answer.body());
    }

    /** GET /v1/links/{name}/plan: what creating the link would do now, as {@code milink link plan --output json}. */
    void plan(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        reads.executeBlocking(() -> readPlan(name), false).onSuccess(read -> {
            if (answered(ctx, name, read)) {
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json").end(PlanJson.render(read.plan()));
        }).onFailure(ctx::fail);
    }

    /** GET /v1/links/{name}/script: the T-SQL and Azure CLI a DBA reviews and runs by hand. */
    void script(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        reads.executeBlocking(() -> readPlan(name), false).onSuccess(read -> {
            if (answered(ctx, name, read)) {
                return;
            }
            if (!read.plan().blocked().isEmpty()) {
                Problems.send(ctx, 409, "blocked", "The plan has blocked objects",
                        new LinkBlockedException(read.plan()).getMessage());
                return;
            }
            ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Content-Disposition", "inline; filename=\"milink-link-" + name + ".sql\"")
                    .end(LinkScript.render(read.plan()));
        }).onFailure(ctx::fail);
    }

    /** POST /v1/links/{name}/failover/check: whether a planned failover could run now, and what blocks it. */
    void failoverCheck(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        reads.executeBlocking(() -> readStatus(name, false), false).onSuccess(read -> {
            if (answered(ctx, name, read)) {
                return;
            }
            List<Blocker> blockers = io.milink.linkmanager.FailoverGates.blockers(read.status());
            JsonArray blocked = new JsonArray();
            blockers.forEach(b -> blocked.add(new JsonObject().put("database", b.database())
                    .put("gate", b.gate().label()).put("why", b.why())));
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("ETag", LinkStatusEtag.of(read.status()))
                    .end(new JsonObject().put("ready", blockers.isEmpty()).put("blockedBy", blocked).encode());
        }).onFailure(ctx::fail);
    }

    /**
     * What a read found: the link's status or plan, or why there is none (no such link, its request no longer
     * resolves against the configuration, a side did not answer).
     */
    private record Read(LinkStatus status, LinkPlan plan, ResolvedLink link, int problemStatus, String problemType,
                        String problemDetail) {
        static Read of(LinkStatus status, ResolvedLink link) {
            return new Read(status, null, link, 0, null, null);
        }

        static Read of(LinkPlan plan) {
            return new Read(null, plan, null, 0, null, null);
        }

        static Read problem(int status, String type, String detail) {
            return new Read(null, null, null, status, type, detail);
        }
    }

    private Read readStatus(String name, boolean cached) {
        Optional<ServiceLinks.Registered> registered = links.find(name);
        if (registered.isEmpty()) {
            return null;
        }
        ResolvedLink link;
        try {
            link = resolve(registered.get());
        } catch (RequestRejected e) {
            return Read.problem(409, "link-unusable", unusableReason(e));
        }
        if (cached) {
            Optional<LinkStatus> fresh = cache.fresh(name);
            if (fresh.isPresent()) {
                return Read.of(fresh.get(), link);
            }
        }
        long generation = cache.generation();
        try {
            LinkSession session = targets.open(link);
            try {
                LinkStatus status = new LinkStatusReader(Clock.systemUTC()).read(session, link.spec().linkNames());
                cache.put(name, status, generation);
                return Read.of(status, link);
            } finally {
                ServiceLinkTargets.close(session);
            }
        } catch (SqlConnectException | SQLException | ArmCallException e) {
            return Read.problem(502, "link-unreachable", unreachableReason(e));
        }
    }

    private Read readPlan(String name) throws Exception {
        Optional<ServiceLinks.Registered> registered = links.find(name);
        if (registered.isEmpty()) {
            return null;
        }
        ResolvedLink link;
        try {
            link = resolve(registered.get());
        } catch (RequestRejected e) {
            return Read.problem(409, "link-unusable", unusableReason(e));
        }
        try {
            LinkSession session = targets.open(link);
            try {
                return Read.of(LinkEngine.plan(session, DesiredLinks.from(link.spec())));
            } finally {
                ServiceLinkTargets.close(session);
            }
        } catch (SqlConnectException | SQLException | ArmCallException e) {
            return Read.problem(502, "link-unreachable", unreachableReason(e));
        }
    }

    /** Answers a read that found no link or a problem; false when there is something to send. */
    private static boolean answered(RoutingContext ctx, String name, Read read) {
        if (read == null) {
            notFound(ctx, name);
            return true;
        }
        if (read.problemType() != null) {
            if (read.problemStatus() == 502) {
                ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            Problems.send(ctx, read.problemStatus(), read.problemType(), read.problemStatus() == 502
                    ? "SQL Server or the managed instance did not answer" : "The link cannot be used as registered",
                    read.problemDetail());
            return true;
        }
        return false;
    }

    private static void notFound(RoutingContext ctx, String name) {
        Problems.notFound(ctx, "No link " + name + "; list the links with GET /v1/links, or create one with POST "
                + "/v1/links.");
    }

    private ResolvedLink resolve(ServiceLinks.Registered registered) {
        return targets.resolve(LinkRequest.from(new JsonObject(registered.request())));
    }

    private static String unusableReason(RequestRejected e) {
        return "the request this link was created with no longer fits the service's configuration: " + e.getMessage()
                + ". Restore the configuration, or delete the link's registration and create it again.";
    }

    private static String unreachableReason(Exception e) {
        return (e instanceof SqlConnectException ? "cannot connect to SQL Server: "
                : e instanceof ArmCallException ? "the managed instance could not be read over Azure Resource "
                + "Manager: " : "SQL Server did not answer the read of the link: ") + e.getMessage();
    }

    // ---- operations -------------------------------------------------------------------------------------------

    /** What accepting an operation came to. */
    private sealed interface Acceptance {
    }

    private record Accepted(Operation operation) implements Acceptance {
    }

    /** The same Idempotency-Key with the same request: the operation that request started. */
    private record Replayed(Operation operation) implements Acceptance {
    }

    private record KeyReused() implements Acceptance {
    }

    private record NameTaken(String name) implements Acceptance {
    }

    private record Busy(Operation running, String name) implements Acceptance {
    }

    private record Refused(int status, String type, String title, String detail, String etag)
            implements Acceptance {
    }

    private record Missing() implements Acceptance {
    }

    /**
     * POST /v1/links → 202 with the Queued operation (preflight, then the link's objects, then the seeding wait). With
     * an Idempotency-Key, a retry of the same request gets the same operation (200) and never creates twice; the key
     * sent with another request is a 422.
     */
    void create(RoutingContext ctx) {
        ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        LinkRequest request;
        try {
            request = LinkRequest.from(validated.getBody().getJsonObject());
        } catch (RequestRejected e) {
            Problems.badRequest(ctx, e.getMessage());
            return;
        }
        Principal caller = Authentication.principal(ctx);
        String key = ctx.request().getHeader("Idempotency-Key");
        String requestId = RequestIds.of(ctx);
        reads.executeBlocking(() -> {
            ServiceLinkOptions.checkNew(request.link(), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            // Resolving checks the references (credential, Azure sign-in, certificate file): a bad one is a 400.
            ResolvedLink link = targets.resolve(request);
            String hash = link.request().hash();
            String json = link.request().toJson().encode();
            synchronized (accepting) {
                if (key != null) {
                    Optional<ServiceLinks.StoredKey> stored = links.findKey(caller.name(), key);
                    if (stored.isPresent()) {
                        return stored.get().requestHash().equals(hash)
                                ? new Replayed(operations.find(stored.get().operationId()).orElseThrow())
                                : new KeyReused();
                    }
                }
                Optional<ServiceLinks.Registered> registered = links.find(link.name());
                if (registered.isPresent() && !registered.get().requestHash().equals(hash)) {
                    return new NameTaken(link.name());
                }
                Optional<Operation> running = operations.unfinishedOnLink(link.name());
                if (running.isPresent()) {
                    return new Busy(running.get(), link.name());
                }
                try {
                    return new Accepted(operations.create(LinkJobs.CREATE, caller.name(), json, requestId,
                            link.name(), (c, id) -> {
                                ServiceLinks.registerIfAbsent(c, link.name(), json, hash, caller.name());
                                if (key != null) {
                                    ServiceLinks.rememberKey(c, caller.name(), key, hash, id);
                                }
                            }));
                } catch (OperationJournal.LinkBusyException e) {
                    return busyElsewhere(link.name(), e);
                }
            }
        }, false).onSuccess(acceptance -> answer(ctx, acceptance, request.name()))
                .onFailure(e -> {
                    if (e instanceof RequestRejected rejected) {
                        Problems.badRequest(ctx, rejected.getMessage());
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    /** DELETE /v1/links/{name} → 202 with the Queued removal; the link is unregistered once it is gone. */
    void remove(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Principal caller = Authentication.principal(ctx);
        String requestId = RequestIds.of(ctx);
        reads.executeBlocking(() -> {
            synchronized (accepting) {
                return queue(name, LinkJobs.DELETE, new JsonObject().put("name", name), caller, requestId);
            }
        }, false).onSuccess(acceptance -> answer(ctx, acceptance, name)).onFailure(ctx::fail);
    }

    /**
     * POST /v1/links/{name}/failover → 202 with the Queued failover, only when If-Match is the ETag of the link's
     * status as read now (412 otherwise, 428 without it). A forced failover needs the operator's failover permission,
     * {@code allowDataLoss: true} and the link's name typed in {@code confirm}.
     */
    void failover(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        JsonObject body = validated.getBody().getJsonObject();
        Principal caller = Authentication.principal(ctx);
        boolean forced = "forced".equals(body.getString("type"));
        if (forced && !caller.may(Permission.FAILOVER)) {
            Problems.send(ctx, 403, "forbidden", "Not allowed for this token",
                    "A forced failover may lose data: it needs an operator token that also carries the failover "
                            + "permission (milink token create --role operator --permission failover; for Entra ID, "
                            + "the Milink.Failover app role). A planned failover needs no more than an operator token.");
            return;
        }
        if (forced && !Boolean.TRUE.equals(body.getBoolean("allowDataLoss"))) {
            Problems.badRequest(ctx, "'allowDataLoss' must be true for a forced failover: it may lose every "
                    + "transaction the secondary has not hardened, and can leave both sides primary. If the primary is "
                    + "not lost, ask for {\"type\": \"planned\"}, which loses nothing.");
            return;
        }
        if (forced && !name.equals(body.getString("confirm"))) {
            Problems.badRequest(ctx, "'confirm' must be the link's name, " + name + ", typed by the person who "
                    + "decided to force the failover");
            return;
        }
        if (!forced && (body.containsKey("allowDataLoss") || body.containsKey("confirm"))) {
            Problems.badRequest(ctx, "'allowDataLoss' and 'confirm' belong to a forced failover; a planned failover "
                    + "loses nothing and takes neither");
            return;
        }
        String ifMatch = ifMatch(ctx, name, "failover");
        if (ifMatch == null) {
            return;
        }
        String requestId = RequestIds.of(ctx);
        reads.executeBlocking(() -> {
            Matched matched = matching(name, ifMatch);
            if (matched.refusal() != null) {
                return matched.refusal();
            }
            Read read = matched.read();
            String etag = LinkStatusEtag.of(read.status());
            JsonObject request = new JsonObject().put("name", name).put("type", forced ? "forced" : "planned");
            if (forced) {
                request.put("allowDataLoss", true).put("confirm", name);
            } else {
                String to = secondarySide(read.status());
                if (to == null) {
                    return new Refused(409, "not-ready", "No side to fail over to",
                            "A planned failover goes to the side that is secondary for every database, and there is "
                                    + "none now (" + roles(read.status()) + "); see GET /v1/links/" + name
                                    + " and POST /v1/links/" + name + "/failover/check.", etag);
                }
                request.put("to", to);
            }
            synchronized (accepting) {
                return queue(name, forced ? LinkJobs.FORCED_FAILOVER : LinkJobs.FAILOVER, request, caller, requestId);
            }
        }, false).onSuccess(acceptance -> answer(ctx, acceptance, name)).onFailure(ctx::fail);
    }

    /** The If-Match header, or null once a 428 was sent: a change runs on the state its caller looked at. */
    private static String ifMatch(RoutingContext ctx, String name, String what) {
        String ifMatch = ctx.request().getHeader("If-Match");
        if (ifMatch == null) {
            Problems.send(ctx, 428, "precondition-required", "If-Match is required",
                    "Send 'If-Match' with the ETag of GET /v1/links/" + name + ", so the " + what + " runs on the "
                            + "state you looked at, and not on one that changed since.");
        }
        return ifMatch;
    }

    /** The link's status read now, when If-Match names it; else why nothing may change (404, 409, 412, 502). */
    private record Matched(Read read, Acceptance refusal) {
    }

    private Matched matching(String name, String ifMatch) {
        // Always a fresh read: the tag must describe the link as it is now, not as a cache saw it.
        Read read = readStatus(name, false);
        if (read == null) {
            return new Matched(null, new Missing());
        }
        if (read.problemType() != null) {
            return new Matched(null, new Refused(read.problemStatus(), read.problemType(), read.problemStatus() == 502
                    ? "SQL Server or the managed instance did not answer"
                    : "The link cannot be used as registered", read.problemDetail(), null));
        }
        String etag = LinkStatusEtag.of(read.status());
        if (!LinkStatusEtag.matches(ifMatch, etag)) {
            return new Matched(null, new Refused(412, "precondition-failed", "The link changed since you read it",
                    "The link's status is no longer the one If-Match names (a role, a phase or a hardened LSN "
                            + "changed, or If-Match is not an ETag of this link): nothing was changed. Read GET "
                            + "/v1/links/" + name + " again, check it, and send its ETag.", etag));
        }
        return new Matched(read, null);
    }

    /**
     * POST /v1/links/{name}/cutover → 202 with the Queued cutover (the operation of milink link cutover --yes), only
     * when {@code confirm} is the link's name and If-Match the ETag of its status as read now (428 without it, 412
     * when stale). The name typed is the caller's word that the application has stopped writing to SQL Server.
     */
    void cutover(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        JsonObject body = validated.getBody().getJsonObject();
        if (!name.equals(body.getString("confirm"))) {
            Problems.badRequest(ctx, "'confirm' must be the link's name, " + name + ", typed once the application "
                    + "has stopped writing to SQL Server: the cutover moves the databases to the managed instance "
                    + "for good and removes the link; nothing was changed");
            return;
        }
        String ifMatch = ifMatch(ctx, name, "cutover");
        if (ifMatch == null) {
            return;
        }
        Principal caller = Authentication.principal(ctx);
        String requestId = RequestIds.of(ctx);
        reads.executeBlocking(() -> {
            Matched matched = matching(name, ifMatch);
            if (matched.refusal() != null) {
                return matched.refusal();
            }
            synchronized (accepting) {
                return queue(name, LinkJobs.CUTOVER, new JsonObject().put("name", name).put("confirm", name), caller,
                        requestId);
            }
        }, false).onSuccess(acceptance -> answer(ctx, acceptance, name)).onFailure(ctx::fail);
    }

    /**
     * POST /v1/links/{name}/cutover/check: what a cutover would do now and what stops it (the failover's gates where
     * a failover or the removal at parity is still ahead, the instance's first full backup where it can be judged
     * before the cutover runs). Changes nothing.
     */
    void cutoverCheck(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        reads.executeBlocking(() -> readCutoverCheck(name), false).onSuccess(read -> {
            if (answered(ctx, name, read.read())) {
                return;
            }
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("ETag", LinkStatusEtag.of(read.read().status()))
                    .end(read.body().encode());
        }).onFailure(ctx::fail);
    }

    private record CutoverRead(Read read, JsonObject body) {
    }

    private CutoverRead readCutoverCheck(String name) throws Exception {
        Optional<ServiceLinks.Registered> registered = links.find(name);
        if (registered.isEmpty()) {
            return new CutoverRead(null, null);
        }
        ResolvedLink link;
        try {
            link = resolve(registered.get());
        } catch (RequestRejected e) {
            return new CutoverRead(Read.problem(409, "link-unusable", unusableReason(e)), null);
        }
        long generation = cache.generation();
        try {
            LinkSession session = targets.open(link);
            try {
                LinkStatus status = new LinkStatusReader(Clock.systemUTC()).read(session, link.spec().linkNames());
                cache.put(name, status, generation);
                JsonObject body = CutoverCheck.of(session, link.spec(), status);
                return new CutoverRead(Read.of(status, link), body);
            } finally {
                ServiceLinkTargets.close(session);
            }
        } catch (SqlConnectException | SQLException | ArmCallException e) {
            return new CutoverRead(Read.problem(502, "link-unreachable", unreachableReason(e)), null);
        }
    }

    /** The side that is secondary for every database (the planned failover's target), or null. */
    private static String secondarySide(LinkStatus status) {
        if (status.databases().isEmpty()) {
            return null;
        }
        if (status.databases().stream().allMatch(d -> "SECONDARY".equals(d.managedInstanceRole())
                && "PRIMARY".equals(d.sqlServerRole()))) {
            return LinkJobs.SIDE_INSTANCE;
        }
        if (status.databases().stream().allMatch(d -> "SECONDARY".equals(d.sqlServerRole())
                && "PRIMARY".equals(d.managedInstanceRole()))) {
            return LinkJobs.SIDE_SQL_SERVER;
        }
        return null;
    }

    private static String roles(LinkStatus status) {
        return status.databases().isEmpty() ? "no database of the link was found"
                : String.join("; ", status.databases().stream().map(d -> d.name() + ": SQL Server "
                        + d.sqlServerRole() + ", instance " + d.managedInstanceRole()).toList());
    }

    /** Journals a Queued operation on a registered link that has none unfinished. Hold {@link #accepting}. */
    private Acceptance queue(String name, String kind, JsonObject request, Principal caller, String requestId) {
        if (links.find(name).isEmpty()) {
            return new Missing();
        }
        Optional<Operation> running = operations.unfinishedOnLink(name);
        if (running.isPresent()) {
            return new Busy(running.get(), name);
        }
        try {
            return new Accepted(operations.create(kind, caller.name(), request.encode(), requestId, name,
                    (c, id) -> { }));
        } catch (OperationJournal.LinkBusyException e) {
            return busyElsewhere(name, e);
        }
    }

    /**
     * Another replica accepted an operation on the link between this one's check and its write (the journal refused
     * the second): the same 409 as when this replica saw it first.
     */
    private Acceptance busyElsewhere(String name, OperationJournal.LinkBusyException refused) {
        return operations.unfinishedOnLink(name).<Acceptance>map(running -> new Busy(running, name))
                .orElseThrow(() -> refused);
    }

    private void answer(RoutingContext ctx, Acceptance acceptance, String name) {
        if (acceptance instanceof Accepted accepted) {
            jobs.submit(accepted.operation());
            sendOperation(ctx, 202, accepted.operation());
        } else if (acceptance instanceof Replayed replayed) {
            ctx.response().putHeader("Idempotent-Replayed", "true");
            sendOperation(ctx, 200, replayed.operation());
        } else if (acceptance instanceof KeyReused) {
            Problems.send(ctx, 422, "idempotency-key-reused", "The Idempotency-Key was used with another request",
                    "This Idempotency-Key came with a different request before; nothing was started. Send a new key "
                            + "for a new request, or the same request to get the operation the key started.");
        } else if (acceptance instanceof NameTaken taken) {
            Problems.send(ctx, 409, "link-exists", "A link of this name exists",
                    "A link named " + taken.name() + " is registered with another request; nothing was started. Choose "
                            + "another 'name', or remove it first (DELETE /v1/links/" + taken.name() + ").");
        } else if (acceptance instanceof Busy busy) {
            ctx.response().putHeader("Location", OperationJson.location(busy.running().id()));
            Problems.send(ctx, 409, "link-busy", "Another operation works on this link",
                    "Operation " + busy.running().id() + " (" + busy.running().kind() + ") is "
                            + busy.running().state() + " on link " + busy.name() + "; nothing was started. Watch it at "
                            + OperationJson.location(busy.running().id()) + "/events and ask again once it ended.");
        } else if (acceptance instanceof Refused refused) {
            if (refused.etag() != null) {
                ctx.response().putHeader("ETag", refused.etag());
            }
            if (refused.status() == 502) {
                ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            Problems.send(ctx, refused.status(), refused.type(), refused.title(), refused.detail());
        } else {
            notFound(ctx, name);
        }
    }

    private static void sendOperation(RoutingContext ctx, int status, Operation op) {
        ctx.response().setStatusCode(status)
                .putHeader("Location", OperationJson.location(op.id()))
                .putHeader("Content-Type", "application/json")
                .end(OperationJson.operation(op).encode());
    }
}
