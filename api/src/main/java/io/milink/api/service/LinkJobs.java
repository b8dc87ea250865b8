package io.milink.api.service;

import io.milink.api.link.LinkCreateSequence;
import io.milink.api.link.LinkCutoverSequence;
import io.milink.api.service.ServiceLinkTargets.ResolvedLink;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.sql.SqlConnectException;
import io.milink.journal.Journal;
import io.milink.journal.JournalLinkRuns;
import io.milink.journal.LinkRun;
import io.milink.journal.LinkRunBusyException;
import io.milink.journal.Operation;
import io.milink.journal.OperationJournal;
import io.milink.journal.PendingOperation;
import io.milink.journal.ServiceLinks;
import io.milink.linkmanager.DesiredLinks;
import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.ForcedFailover;
import io.milink.linkmanager.LinkBlockedException;
import io.milink.linkmanager.LinkEngine;
import io.milink.linkmanager.LinkPlan;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.MigrationCutover;
import io.milink.linkmanager.PlanChangedException;
import io.milink.linkmanager.PlanText;
import io.milink.linkmanager.PlannedFailover;
import io.milink.linkmanager.PlannedStep;
import io.milink.linkmanager.RunTarget;
import io.milink.linkmanager.SeedingTransfer;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the service's link operations (create, delete, planned and forced failover, cutover), each under the link engine's
 * journaled run and lease on the managed instance (the journal {@code milink link} uses), journaling its progress as
 * the operation's events (its SSE stream). Each operation is a task ({@link LinkOperationTasks}) that exactly one
 * replica runs at a time: the one that accepted it, or, when that one stopped or died, another, which resumes it from
 * the link engine's journal; a forced failover may lose data and is never run twice unasked, so it is failed instead
 * (docs/api.md, "Operations that resume").
 */
final class LinkJobs {

    private static final System.Logger LOG = System.getLogger(LinkJobs.class.getName());

    static final String CREATE = "link-create";
    static final String DELETE = "link-delete";
    static final String FAILOVER = "link-failover";
    static final String FORCED_FAILOVER = "link-forced-failover";
    static final String CUTOVER = "link-cutover";
    static final Set<String> KINDS = Set.of(CREATE, DELETE, FAILOVER, FORCED_FAILOVER, CUTOVER);

    /** As {@code milink link create --seeding-timeout}'s default; seeding goes on in Azure after it. */
    private static final Duration SEEDING_TIMEOUT = Duration.ofHours(6);
    /** As {@code milink link failover --timeout}'s default, for each gate. */
    private static final Duration GATE_TIMEOUT = Duration.ofMinutes(10);

    static final String SIDE_INSTANCE = "managedInstance";
    static final String SIDE_SQL_SERVER = "sqlServer";

    /** How long a replica that took over an operation waits for the stopped replica's link run to let go of it. */
    private static final Duration TAKEOVER_LEASE_WAIT = Duration.ofMinutes(3);
    private static final Duration TAKEOVER_LEASE_RETRY = Duration.ofSeconds(5);

    /** The stop asked a waiting operation to end; it resumes at the next start. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("the service is stopping");
        }
    }

    /** Another replica took this operation's task over (this one missed its heartbeats): it is that one's now. */
    private static final class TakenOver extends RuntimeException {
        private final String owner;

        TakenOver(String owner) {
            super("replica " + owner + " took this operation over");
            this.owner = owner;
        }
    }

    /** How often a running operation checks that its task is still this replica's (one journal read). */
    private static final Duration OWNERSHIP_CHECK = Duration.ofSeconds(5);

    /** A link operation that cannot go on, for a reason said in words (its operation's error). */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final OperationJournal operations;
    private final ServiceLinks links;
    private final JournalLinkRuns runs;
    private final ServiceLinkTargets targets;
    private final WorkerExecutor worker;
    private final LinkStatusCache cache;
    private final ServiceLimits limits;
    private final String replica;
    private final LinkOperationTasks tasks;
    private final java.util.function.Consumer<String> watchLink;
    /** Runs open now, closed by the stop so a restart in this process can take their leases. */
    private final Set<LinkRun> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * @param worker   where an accepted operation is handed to the tasks (a journal write, off the event loop)
     * @param replica  this replica's name, said in the events of an operation it takes over
     * @param threads  link operations this replica runs at once
     * @param watchLink makes sure a link an operation was accepted for is read by the service's monitoring
     */
    LinkJobs(OperationJournal operations, ServiceLinks links, JournalLinkRuns runs, ServiceLinkTargets targets,
             WorkerExecutor worker, LinkStatusCache cache, ServiceLimits limits, Journal journal, String replica,
             int threads, LinkOperationTasks.Timings timings, java.util.function.Consumer<String> watchLink) {
        this.operations = operations;
        this.links = links;
        this.runs = runs;
        this.targets = targets;
        this.worker = worker;
        this.cache = cache;
        this.limits = limits;
        this.replica = replica;
        this.watchLink = watchLink;
        this.tasks = new LinkOperationTasks(journal, replica, threads, timings, this::execute, this::sweep);
    }

    /**
     * Hands an operation journaled as Queued to the tasks; this replica picks it at once unless busy. Should that
     * fail, the operation stays Queued and the next sweep hands it over.
     */
    void submit(Operation op) {
        worker.executeBlocking(() -> {
            tasks.schedule(op.id());
            // A link is read from its first operation on (its create), so the dashboard shows it from the start.
            String link = linkOf(op);
            if (link != null) {
                watchLink.accept(link);
            }
            return null;
        }, false).onFailure(e -> LOG.log(Level.WARNING, "link operation " + op.id() + " is not handed to a replica "
                + "yet (the journal's next sweep does it): " + e));
    }

    /** The link an operation works on: its request's name (every link operation's request carries it). */
    private static String linkOf(Operation op) {
        try {
            return new JsonObject(op.request()).getString("name");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Fails the other operations (preflights) that replicas no longer connected to the journal left unfinished: on
     * H2, every one (one process holds it); never a live replica's. Blocking (the journal): call at start.
     *
     * @return how many were marked Failed
     */
    int failWorkOfGoneReplicas() {
        return operations.failUnfinishedExcept(KINDS, tasks.goneReplicas());
    }

    /**
     * At the stop: this replica's own unfinished other work (preflights), and that of replicas that are gone (on
     * H2, all). Blocking (the journal).
     */
    int failOwnAndGoneReplicasWork() {
        return operations.failUnfinishedExcept(KINDS, owner -> replica.equals(owner)
                || tasks.goneReplicas().test(owner));
    }

    /**
     * Gives every unfinished link operation that no replica runs a task (those a stopped or killed replica left),
     * and starts picking tasks. Blocking (the journal): call at start.
     *
     * @return how many link operations were waiting for a replica (this one or another picks them up now)
     */
    int start() {
        int waiting = tasks.prepare(operations.unfinished(KINDS).stream().map(Operation::id).toList());
        tasks.start();
        return waiting;
    }

    /** The journal's periodic upkeep, on one replica at a time (see {@link LinkOperationTasks}). */
    private void sweep(java.util.function.Predicate<String> gone) {
        for (Operation op : operations.unfinished(KINDS)) {
            tasks.schedule(op.id());
        }
        int failed = operations.failUnfinishedExcept(KINDS, gone);
        if (failed > 0) {
            LOG.log(Level.INFO, failed + " operation(s) of replicas that are gone are now Failed ('"
                    + OperationJournal.INTERRUPTED_REASON + "')");
        }
    }

    /**
     * Runs (or resumes) the operation a task names, on the scheduler's thread. A forced failover found already
     * Running was started by a replica that stopped: it is failed, saying to read the link's status first.
     */
    private LinkOperationTasks.Outcome execute(String id) {
        Optional<Operation> found = operations.find(id);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return LinkOperationTasks.Outcome.ENDED;
        }
        if (stopping) {
            return LinkOperationTasks.Outcome.HANDED_BACK;
        }
        Operation op = found.get();
        boolean resumed = op.state() == io.milink.journal.OperationState.Running;
        if (resumed && op.kind().equals(FORCED_FAILOVER)) {
            operations.fail(op.id(), "the replica running this forced failover stopped, and a forced failover is "
                    + "never run twice unasked: read GET /v1/links/" + new JsonObject(op.request()).getString("name")
                    + " before anything else (the roles may have changed), then decide");
            return LinkOperationTasks.Outcome.ENDED;
        }
        return run(op, resumed);
    }

    /**
     * Asks running operations to end at their next step or poll, waits up to {@code grace} for them to hand their
     * tasks back (another replica, or the next start, resumes them), then closes the runs still open (their leases
     * released, the runs journaled as interrupted).
     *
     * @return true when all ended within the grace period
     */
    boolean stop(Duration grace) throws InterruptedException {
        stopping = true;
        boolean ended = tasks.stop(grace);
        for (LinkRun run : open) {
            try {
                run.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot close link run " + run.id() + " at the stop: " + e);
            }
        }
        return ended;
    }

    /**
     * @return ENDED, or HANDED_BACK when the stop interrupted it (it stays Running, for another replica or the next
     *         start), or LOST when another replica took it over meanwhile
     */
    private LinkOperationTasks.Outcome run(Operation op, boolean resumed) {
        String id = op.id();
        boolean going = resumed ? operations.resume(id, "resumed by replica " + replica + " (the replica that ran it "
                + "stopped or restarted): continuing from the link's journal") : operations.start(id);
        if (!going) {
            return LinkOperationTasks.Outcome.ENDED; // canceled while queued, or ended meanwhile
        }
        JsonObject request = new JsonObject(op.request());
        String name = request.getString("name");
        Events events = new Events(id);
        long leaseDeadline = System.nanoTime() + TAKEOVER_LEASE_WAIT.toNanos();
        try {
            while (true) {
                try {
                    runOnce(op, request, name, events);
                    return LinkOperationTasks.Outcome.ENDED;
                } catch (LinkRunBusyException e) {
                    // A replica on another machine that stopped holds its link run's lease until the lease expires
                    // (JournalLinkRuns.LEASE_TTL), longer than the task's takeover: wait for it, having done nothing.
                    if (!resumed || stopping || System.nanoTime() > leaseDeadline) {
                        throw e;
                    }
                    events.waitingForLease(e.getMessage());
                    Thread.sleep(TAKEOVER_LEASE_RETRY.toMillis());
                }
            }
        } catch (StopRequested e) {
            interrupted(id);
            return LinkOperationTasks.Outcome.HANDED_BACK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted(id);
            return LinkOperationTasks.Outcome.HANDED_BACK;
        } catch (TakenOver e) {
            // Noticed at a progress event: its link run was ended (its lease released) on the way out.
            operations.addEvent(id, "replica " + replica + " stops here: replica " + e.owner + " took this "
                    + "operation over and goes on with it (this replica missed its heartbeats)");
            return LinkOperationTasks.Outcome.LOST;
        } catch (LinkRunBusyException e) {
            String owner = tasks.takenOverBy(id);
            if (owner != null) {
                // This replica missed its heartbeats (paused, cut off) and the operation is another's now; the
                // lease stopped this run before it worked beside that one. Not a failure of the operation.
                operations.addEvent(id, "replica " + replica + " stops here: replica " + owner + " took this "
                        + "operation over and goes on with it (" + e.getMessage() + ")");
                return LinkOperationTasks.Outcome.LOST;
            }
            operations.fail(id, "nothing was changed: " + e.getMessage());
        } catch (Refused | RequestRejected | LinkCreateSequence.PreflightRefused | LinkBlockedException
                 | PlanChangedException | PlannedFailover.GateTimeoutException | PlannedFailover.RefusedException e) {
            operations.fail(id, e.getMessage());
        } catch (SqlConnectException e) {
            operations.fail(id, "cannot connect to SQL Server: " + e.getMessage());
        } catch (Exception e) {
            if (stopping) {
                interrupted(id);
                return LinkOperationTasks.Outcome.HANDED_BACK;
            }
            LOG.log(Level.WARNING, "link operation " + id + " stopped while " + events.position, e);
            operations.fail(id, "stopped while " + events.position + ": " + e.getMessage() + ". What was done "
                    + "before it stays done; " + (op.kind().equals(FAILOVER) || op.kind().equals(FORCED_FAILOVER)
                    || op.kind().equals(CUTOVER) ? "read GET /v1/links/" + name + " before anything else: the replication mode (or the roles) "
                    + "may have changed." : "ask again (it reads both sides again and does only what is left)."));
        }
        return LinkOperationTasks.Outcome.ENDED;
    }

    private void runOnce(Operation op, JsonObject request, String name, Events events) throws Exception {
        String id = op.id();
        ServiceLinks.Registered registered = links.find(name).orElseThrow(() -> new Refused("link " + name
                + " is no longer registered"));
        ResolvedLink link = targets.resolve(LinkRequest.from(new JsonObject(registered.request())));
        LinkSession session = targets.open(link);
        try {
            switch (op.kind()) {
                case CREATE -> create(id, link, session, events);
                case DELETE -> delete(id, link, session, events);
                case FAILOVER -> plannedFailover(id, link, session, request.getString("to"), events);
                case FORCED_FAILOVER -> forcedFailover(id, link, session, events);
                case CUTOVER -> cutover(id, link, session, events);
                default -> throw new IllegalStateException("not a link operation: " + op.kind());
            }
        } finally {
            cache.invalidate(name);
            ServiceLinkTargets.close(session);
        }
    }

    /** Left Running, so another replica or the next start resumes it; said in its events so a watcher knows. */
    private void interrupted(String id) {
        try {
            operations.addEvent(id, "interrupted by the stop of replica " + replica + "; another replica, or this "
                    + "service when it starts again, resumes it");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link operation " + id + " interrupted by the stop; it resumes at the next start");
        }
    }

    private LinkRun begin(ResolvedLink link, String kind, List<String> waivers) {
        LinkRun run = runs.begin(RunTarget.of(link.spec()), kind, waivers);
        open.add(run);
        return run;
    }

    private void end(LinkRun run, Exception failure) {
        try {
            if (failure == null) {
                run.succeeded();
            } else if (!stopping) {
                run.failed(failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
            }
            run.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot journal the end of link run " + run.id() + ": " + e);
        } finally {
            open.remove(run);
        }
    }

    private void create(String id, ResolvedLink link, LinkSession session, Events events) throws Exception {
        LinkRun run = begin(link, "create", link.request().accept());
        try {
            LinkCreateSequence.run(session, link.spec(), run, link.request().accept(),
                    "'accept': [\"CHECK_ID\"] in the request",
                    (preflight, databases) -> {
                        events.at("running preflight");
                        return targets.preflightFacts(link, session, preflight, databases);
                    }, events);
        } catch (Exception e) {
            end(run, e);
            throw e;
        }
        // The run's work is done: the seeding wait (hours, perhaps) holds no lease.
        end(run, null);
        events.at("waiting for seeding");
        List<String> dags = link.spec().linkNames().stream().map(DatabaseLinkNames::distributedAvailabilityGroup)
                .toList();
        LinkEngine.awaitSeeding(session, dags, limits.linkPoll(), SEEDING_TIMEOUT, events);
        operations.succeed(id, "/v1/links/" + link.name(), "succeeded: seeding finished, the link replicates");
    }

    private void delete(String id, ResolvedLink link, LinkSession session, Events events) throws Exception {
        LinkRun run = begin(link, "delete", List.of());
        try {
            // An operation an earlier run left in flight ends first, so the removal planned is the one that runs.
            LinkEngine.awaitPendingOperations(session, run, events);
            var desire = DesiredLinks.from(link.spec());
            LinkPlan plan = LinkEngine.planRemoval(session, desire, false);
            if (!plan.blocked().isEmpty()) {
                throw new LinkBlockedException(plan);
            }
            if (plan.nothingToDo()) {
                events.say("Nothing of the link is left to remove.");
            } else {
                events.say("Removing " + plan.changes().size() + " object(s); each database on the instance becomes "
                        + "an independent read-write copy.");
                LinkEngine.remove(session, desire, false, plan, run, events);
            }
        } catch (Exception e) {
            end(run, e);
            throw e;
        }
        end(run, null);
        links.unregister(link.name());
        // At once, not only when the run ends: readers served from memory must get 404 from now on.
        cache.invalidate(link.name());
        operations.succeed(id, null, "succeeded: removed; the link is no longer registered");
    }

    /** @param to the side that must end up primary, decided when the failover was asked for */
    private void plannedFailover(String id, ResolvedLink link, LinkSession session, String to, Events events)
            throws Exception {
        LinkRun run = begin(link, "failover", List.of());
        LinkStatusReader reader = new LinkStatusReader(Clock.systemUTC());
        try {
            LinkStatus status = reader.read(session, link.spec().linkNames());
            if (primaryEverywhere(status, to)) {
                // A resumed failover whose failover already ran: never fail back.
                events.say("Nothing to do: " + words(to) + " is already the primary of every database.");
            } else {
                PlannedFailover.Result result = new PlannedFailover(reader, PlannedFailover.Waiter.system()).run(
                        session, link.spec().linkNames(), new PlannedFailover.Options(GATE_TIMEOUT,
                                limits.failoverSettle(), limits.linkPoll(), null), events);
                events.say("Failed over (" + (result.mechanism() == PlannedFailover.Mechanism.TSQL_ON_SQL_SERVER
                        ? "T-SQL FAILOVER on SQL Server" : "Azure planned failover") + "); repoint the application "
                        + "to " + words(to) + ".");
            }
        } catch (Exception e) {
            end(run, e);
            throw e;
        }
        end(run, null);
        operations.succeed(id, "/v1/links/" + link.name(), "succeeded: " + words(to) + " is the primary");
    }

    private void forcedFailover(String id, ResolvedLink link, LinkSession session, Events events) throws Exception {
        LinkRun run = begin(link, "forced-failover", List.of());
        try {
            ForcedFailover failover = new ForcedFailover(new LinkStatusReader(Clock.systemUTC()));
            ForcedFailover.Assessment at = failover.assess(session, link.spec().linkNames());
            events.say("FORCED failover to " + at.target().words() + "; before it: " + at.lsnText()
                    + (at.lossRisk().isEmpty() ? "; possible loss: none seen"
                    : "; may be lost: " + String.join("; ", at.lossRisk())));
            String step = "forced-failover";
            events.at("forcing the failover");
            run.stepStarted(step, step, "force the failover to " + at.target().words() + "; before it: "
                    + at.lsnText() + (at.lossRisk().isEmpty() ? "" : "; may be lost: "
                    + String.join("; ", at.lossRisk())));
            ForcedFailover.Result result;
            try {
                result = failover.run(session, link.spec().linkNames(), at, events);
            } catch (Exception e) {
                run.stepFailed(step, String.valueOf(e.getMessage()));
                throw e;
            }
            run.stepFinished(step);
            if (!result.splitBrain().isEmpty()) {
                events.say("SPLIT BRAIN: both sides are PRIMARY for " + String.join(", ", result.splitBrain())
                        + "; replication is stopped. Make sure nothing writes to the old primary, then recover "
                        + "(docs/failover.md): " + String.join(" ", result.recovery()));
            }
        } catch (Exception e) {
            end(run, e);
            throw e;
        }
        end(run, null);
        operations.succeed(id, "/v1/links/" + link.name(), "succeeded: forced over; repoint the application to the "
                + "new primary");
    }

    /**
     * The migration cutover, as {@code milink link cutover --yes} runs it (the caller confirmed by typing the link's
     * name in the request): the failover's gates, the failover or the removal at parity, the instance's first full
     * backup, the removal. When that backup is not confirmed yet it fails with the CLI's "not yet" and the guard's
     * reason, nothing unsafe done; asked again later, it goes on from there. Once cut over, the name is unregistered,
     * as after a removal.
     */
    private void cutover(String id, ResolvedLink link, LinkSession session, Events events) throws Exception {
        LinkRun run = begin(link, "cutover", List.of());
        LinkCutoverSequence.Outcome outcome;
        try {
            MigrationCutover cutover = new MigrationCutover(new LinkStatusReader(Clock.systemUTC()),
                    PlannedFailover.Waiter.system());
            // Not waiting for the backup (the CLI's default): an operation that stops at "not yet" is asked again.
            MigrationCutover.Options options = new MigrationCutover.Options(new PlannedFailover.Options(GATE_TIMEOUT,
                    limits.failoverSettle(), limits.linkPoll(), null), Duration.ZERO, limits.linkPoll(), false);
            outcome = LinkCutoverSequence.run(session, link.spec(), run, cutover, options, preview -> { },
                    "Ask again later (POST /v1/links/" + link.name() + "/cutover)", events);
        } catch (Exception e) {
            end(run, e);
            throw e;
        }
        end(run, null);
        if (!outcome.cutOver()) {
            throw new Refused(outcome.conclusion() + " " + String.join(" ", outcome.backupsNotConfirmed()));
        }
        links.unregister(link.name());
        operations.succeed(id, null, "succeeded: cut over; the link is removed and no longer registered");
    }

    static boolean primaryEverywhere(LinkStatus status, String side) {
        return !status.databases().isEmpty() && status.databases().stream().allMatch(d -> "PRIMARY".equals(
                side.equals(SIDE_INSTANCE) ? d.managedInstanceRole() : d.sqlServerRole()));
    }

    static String words(String side) {
        return side.equals(SIDE_INSTANCE) ? "the managed instance" : "SQL Server";
    }

    /**
     * What an operation tells its watchers: the engine's steps, the create sequence's sentences, the failover's
     * gates and each change in seeding, each as one journaled event. Also where the operation is, for a failure's
     * message, and the stop's way into a wait: a progress call made while the service stops ends the operation there.
     */
    private final class Events implements LinkEngine.Progress, LinkCreateSequence.Narration,
            LinkCutoverSequence.Narration, PlannedFailover.Progress {
        private final String operationId;
        private volatile String position = "reading SQL Server and the managed instance";
        private final Map<String, String> seeding = new HashMap<>();

        Events(String operationId) {
            this.operationId = operationId;
        }

        void at(String where) {
            position = where;
        }

        private boolean saidWaiting;

        /** Once: a takeover waits for the stopped replica's lease on the link. */
        void waitingForLease(String why) {
            if (!saidWaiting) {
                saidWaiting = true;
                event("waiting for the link run of the replica that stopped to let go of the link (up to "
                        + TAKEOVER_LEASE_WAIT.toMinutes() + " minutes): " + why);
            }
        }

        private long ownershipCheckedAt = System.nanoTime();

        private void event(String message) {
            stillOurs();
            operations.addEvent(operationId, message);
        }

        /** Ends the operation here when the service stops, or when another replica took its task over. */
        private void stillOurs() {
            if (stopping) {
                throw new StopRequested();
            }
            if (System.nanoTime() - ownershipCheckedAt > OWNERSHIP_CHECK.toNanos()) {
                ownershipCheckedAt = System.nanoTime();
                String owner = tasks.takenOverBy(operationId);
                if (owner != null) {
                    throw new TakenOver(owner);
                }
            }
        }

        @Override
        public void say(String sentence) {
            // A blank line sets a terminal's paragraphs apart; as an event it says nothing.
            if (!sentence.isBlank()) {
                event(sentence);
            }
        }

        @Override
        public LinkEngine.Progress progress() {
            return this;
        }

        @Override
        public PlannedFailover.Progress gates() {
            return this;
        }

        @Override
        public LinkEngine.Progress removal() {
            return this;
        }

        @Override
        public void applying(PlannedStep step) {
            String doing = switch (step.change()) {
                case CREATE -> "creating ";
                case DELETE -> "removing ";
                case REPLACE -> "replacing ";
                default -> "changing ";
            } + step.title();
            position = doing;
            event(PlanText.sign(step.change()) + " " + doing);
        }

        @Override
        public void accepted(PlannedStep step, AcceptedOperation operation) {
            // Journaled before this event: from here a resumed run waits for it instead of sending it again.
            event("accepted by Azure: " + step.title() + "; waiting for it");
        }

        @Override
        public void resuming(PendingOperation pending) {
            position = "waiting for " + pending.operation().method() + " " + pending.operation().subPath();
            event("waiting for " + pending.operation().method() + " " + pending.operation().subPath() + ", which "
                    + "Azure accepted for an earlier run at " + pending.acceptedAt() + " (not sent again)");
        }

        @Override
        public void applied(PlannedStep step) {
            position = "reading both sides again after " + step.title();
            event("done: " + step.title());
        }

        @Override
        public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                            SeedingTransfer transfer) {
            String line = link + "/" + database.databaseName() + ": " + database.replicaState()
                    + (database.seedingProgress() == null ? "" : " " + database.seedingProgress())
                    + (transfer == null ? "" : ", " + transfer.transferredBytes() + " of "
                    + transfer.databaseSizeBytes() + " bytes");
            // One event per change: a seeding of hours polled every few seconds must not fill the journal.
            if (!line.equals(seeding.put(link + "/" + database.databaseName(), line))) {
                event("seeding " + line);
            } else {
                stillOurs();
            }
        }

        @Override
        public void gate(String name) {
            position = name;
            event("> " + name);
        }

        @Override
        public void passed(String detail) {
            event("passed: " + detail);
        }

        @Override
        public void waiting(List<Blocker> blockers) {
            event("not yet: " + String.join("; ", blockers.stream().map(Blocker::toString).toList()));
        }

        @Override
        public void note(String line) {
            event(line);
        }
    }
}
