package io.milink.journal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.milink.core.azure.AcceptedOperation;

/**
 * The link engine's runs in the journal database (tables of V3__link_runs.sql). The lease is a row per target:
 * taking it is an INSERT (the primary key refuses a second) or, when its holder is gone, a conditional UPDATE naming
 * the old holder, so two runs racing for a free or stale lease have exactly one winner, in H2 and in PostgreSQL alike.
 * A holder is gone when its process on this host has ended (pid and start time no longer match a live process) or,
 * on another host, when it has not renewed the lease for {@link #LEASE_TTL}; a live run renews it every
 * {@link #HEARTBEAT}. Blocking: never call from an event loop ({@link Journal#connection()} refuses to).
 */
public final class JournalLinkRuns implements LinkRunJournal {

    /** How long a lease of another host's run holds without renewal. */
    static final Duration LEASE_TTL = Duration.ofMinutes(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    /** Runs open in this process: a lease held by this process is live only while its run is here. */
    private static final Set<String> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "milink-lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Journal journal;
    private final Owner self;

    public JournalLinkRuns(Journal journal) {
        this(journal, Owner.thisProcess());
    }

    JournalLinkRuns(Journal journal, Owner self) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.self = self;
    }

    /**
     * What the last finished step {@code stepId} of any run on {@code target} showed, without starting a run or taking
     * the lease: for a command that only reads (a dry run).
     */
    public Optional<String> lastFinishedShown(String target, String stepId) {
        return inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT s.shown FROM link_steps s JOIN link_runs r "
                    + "ON r.id = s.run_id WHERE r.target = ? AND s.step_id = ? AND s.state = 'DONE' "
                    + "ORDER BY s.finished_at DESC, s.id DESC")) {
                select.setString(1, target);
                select.setString(2, stepId);
                select.setMaxRows(1);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public LinkRun begin(String target, String kind, Collection<String> waivers) {
        String runId = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        // Known as open before its lease is visible: another thread of this process must never see the lease held
        // by this process and judge its run gone.
        OPEN_IN_THIS_PROCESS.add(runId);
        try {
            inTransaction(c -> {
                insertRun(c, runId, target, kind, waivers, now);
                takeLease(c, target, runId, now);
                return null;
            });
        } catch (RuntimeException e) {
            OPEN_IN_THIS_PROCESS.remove(runId);
            throw e;
        }
        return new JournaledRun(runId, target);
    }

    private void insertRun(Connection c, String runId, String target, String kind, Collection<String> waivers,
                           OffsetDateTime now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO link_runs (id, target, kind, state, owner, "
                + "started_at, waivers) VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, target);
            insert.setString(3, kind);
            insert.setString(4, self.text());
            insert.setObject(5, now);
            insert.setString(6, String.join(",", waivers));
            insert.executeUpdate();
        }
    }

    private void takeLease(Connection c, String target, String runId, OffsetDateTime now) throws SQLException {
        String holderRun = null;
        String holderOwner = null;
        OffsetDateTime heartbeat = null;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT run_id, owner, heartbeat_at FROM link_leases WHERE target = ?")) {
            select.setString(1, target);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    holderRun = rs.getString(1);
                    holderOwner = rs.getString(2);
                    heartbeat = rs.getObject(3, OffsetDateTime.class);
                }
            }
        }
        if (holderRun == null) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO link_leases (target, run_id, owner, heartbeat_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, target);
                insert.setString(2, runId);
                insert.setString(3, self.text());
                insert.setObject(4, now);
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    // Another run inserted it between our read and our insert: it holds the target now.
                    throw LinkRunBusyException.raced(target);
                }
                throw e;
            }
        }
        if (alive(holderRun, Owner.parse(holderOwner), heartbeat.toInstant(), now.toInstant())) {
            throw new LinkRunBusyException(target, holderRun, holderOwner, heartbeat.toInstant());
        }
        try (PreparedStatement takeOver = c.prepareStatement("UPDATE link_leases SET run_id = ?, owner = ?, "
                + "heartbeat_at = ? WHERE target = ? AND run_id = ?")) {
            takeOver.setString(1, runId);
            takeOver.setString(2, self.text());
            takeOver.setObject(3, now);
            takeOver.setString(4, target);
            takeOver.setString(5, holderRun);
            if (takeOver.executeUpdate() != 1) {
                throw LinkRunBusyException.raced(target);
            }
        }
        try (PreparedStatement interrupted = c.prepareStatement("UPDATE link_runs SET state = 'INTERRUPTED', "
                + "finished_at = ? WHERE id = ? AND state = 'RUNNING'")) {
            interrupted.setObject(1, now);
            interrupted.setString(2, holderRun);
            interrupted.executeUpdate();
        }
    }

    /** Whether the lease's holder may still be working. */
    private boolean alive(String holderRun, Owner holder, Instant heartbeat, Instant now) {
        if (holder != null && holder.equals(self)) {
            return OPEN_IN_THIS_PROCESS.contains(holderRun);
        }
        if (holder != null && holder.host().equals(self.host())) {
            return holder.isRunning();
        }
        return heartbeat.plus(LEASE_TTL).isAfter(now);
    }

    /** One run: its lease renewed in the background until it is closed. */
    private final class JournaledRun implements LinkRun {
        private final String id;
        private final String target;
        private final ScheduledFuture<?> heartbeat;
        private volatile boolean ended;
        private volatile boolean closed;

        JournaledRun(String id, String target) {
            this.id = id;
            this.target = target;
            this.heartbeat = HEARTBEATS.scheduleAtFixedRate(this::renewLease, HEARTBEAT.toMillis(),
                    HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Optional<UnfinishedRun> unfinishedBefore() {
            return inTransaction(c -> {
                String runId;
                String kind;
                String state;
                Instant started;
                try (PreparedStatement select = c.prepareStatement("SELECT id, kind, state, started_at FROM link_runs "
                        + "WHERE target = ? AND id <> ? ORDER BY started_at DESC, id")) {
                    select.setString(1, target);
                    select.setString(2, id);
                    select.setMaxRows(1);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next() || rs.getString(3).equals("SUCCEEDED")) {
                            return Optional.empty();
                        }
                        runId = rs.getString(1);
                        kind = rs.getString(2);
                        state = rs.getString(3);
                        started = rs.getObject(4, OffsetDateTime.class).toInstant();
                    }
                }
                try (PreparedStatement step = c.prepareStatement("SELECT step_id, state FROM link_steps "
                        + "WHERE run_id = ? ORDER BY id DESC")) {
                    step.setString(1, runId);
                    step.setMaxRows(1);
                    try (ResultSet last = step.executeQuery()) {
                        return Optional.of(last.next()
                                ? new UnfinishedRun(runId, kind, state, started, last.getString(1), last.getString(2))
                                : new UnfinishedRun(runId, kind, state, started, null, null));
                    }
                }
            });
        }

        @Override
        public Optional<String> lastFinishedShown(String stepId) {
            return JournalLinkRuns.this.lastFinishedShown(target, stepId);
        }

        @Override
        public List<PendingOperation> pendingOperations() {
            return inTransaction(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT id, run_id, step_id, method, sub_path, "
                        + "async_operation_url, location_url, accepted_at, status_code FROM arm_operations WHERE target = ? "
                        + "AND settled_at IS NULL AND run_id <> ? ORDER BY id")) {
                    select.setString(1, target);
                    select.setString(2, id);
                    List<PendingOperation> pending = new ArrayList<>();
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            pending.add(new PendingOperation(rs.getLong(1), rs.getString(2), rs.getString(3),
                                    new AcceptedOperation(rs.getString(4), rs.getString(5), rs.getString(6),
                                            rs.getString(7), rs.getInt(9)),
                                    rs.getObject(8, OffsetDateTime.class).toInstant()));
                        }
                    }
                    return pending;
                }
            });
        }

        /**
         * Before a step changes anything: the lease must still be this run's (a run paused past its lease, and taken
         * over, must not go on working beside the run that took it), renewed in the same transaction.
         */
        @Override
        public void stepStarted(String stepId, String change, String shown) {
            inTransaction(c -> {
                holdLease(c);
                execute(c, "INSERT INTO link_steps (run_id, step_id, change_kind, state, shown, started_at) "
                        + "VALUES (?, ?, ?, 'STARTED', ?, ?)", id, stepId, change, shown, now());
                return null;
            });
        }

        @Override
        public void operationAccepted(String stepId, AcceptedOperation operation) {
            inTransaction(c -> {
                holdLease(c);
                execute(c, "INSERT INTO arm_operations (run_id, target, step_id, method, sub_path, "
                        + "async_operation_url, location_url, status_code, accepted_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, target, stepId, operation.method(),
                        operation.subPath(), operation.asyncOperationUrl(), operation.locationUrl(),
                        operation.statusCode(), now());
                return null;
            });
        }

        private void holdLease(Connection c) throws SQLException {
            if (execute(c, "UPDATE link_leases SET heartbeat_at = ? WHERE target = ? AND run_id = ?", now(), target,
                    id) != 1) {
                throw LinkRunBusyException.lost("this run (" + id + ") lost its lease on " + target + " to another "
                        + "run (it was paused longer than " + LEASE_TTL.toMinutes() + " minutes, or its process was "
                        + "judged gone); it stops here so the two never work on the link together. Run the command "
                        + "again once the other run has finished.");
            }
        }

        @Override
        public void stepFinished(String stepId) {
            inTransaction(c -> {
                execute(c, "UPDATE link_steps SET state = 'DONE', finished_at = ? WHERE run_id = ? AND step_id = ? "
                        + "AND state = 'STARTED'", now(), id, stepId);
                // The step's own operations ended with it (in the same transaction: never a finished step whose
                // operation still looks in flight).
                execute(c, "UPDATE arm_operations SET settled_at = ?, outcome = 'Succeeded' WHERE run_id = ? AND "
                        + "step_id = ? AND settled_at IS NULL", now(), id, stepId);
                return null;
            });
        }

        @Override
        public void stepFailed(String stepId, String error) {
            update("UPDATE link_steps SET state = 'FAILED', finished_at = ?, error = ? WHERE run_id = ? AND "
                    + "step_id = ? AND state = 'STARTED'", now(), bounded(error), id, stepId);
        }

        @Override
        public void operationSettled(PendingOperation operation, String outcome) {
            update("UPDATE arm_operations SET settled_at = ?, outcome = ? WHERE id = ? AND settled_at IS NULL", now(),
                    bounded(outcome), operation.id());
        }

        @Override
        public void succeeded() {
            end("SUCCEEDED", null);
        }

        @Override
        public void failed(String error) {
            end("FAILED", error);
        }

        private void end(String state, String error) {
            update("UPDATE link_runs SET state = ?, finished_at = ?, error = ? WHERE id = ? AND state = 'RUNNING'",
                    state, now(), bounded(error), id);
            ended = true;
        }

        private void renewLease() {
            try {
                update("UPDATE link_leases SET heartbeat_at = ? WHERE target = ? AND run_id = ?", now(), target, id);
            } catch (RuntimeException e) {
                // A missed renewal only shortens the lease; the next one (or the run's end) settles it.
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            heartbeat.cancel(false);
            try {
                if (!ended) {
                    update("UPDATE link_runs SET state = 'INTERRUPTED', finished_at = ? WHERE id = ? AND state = "
                            + "'RUNNING'", now(), id);
                }
                update("DELETE FROM link_leases WHERE target = ? AND run_id = ?", target, id);
            } finally {
                OPEN_IN_THIS_PROCESS.remove(id);
            }
        }
    }

    private void update(String sql, Object... parameters) {
        inTransaction(c -> execute(c, sql, parameters));
    }

    private static int execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** An error as the journal keeps it: long ones cut, so that writing them never fails (and hides them). */
    private static String bounded(String text) {
        int max = 8000;
        return text == null || text.length() <= max ? text : text.substring(0, max) + "… (cut)";
    }

    private <T> T inTransaction(Journal.Work<T> work) {
        return journal.inTransaction(work, "link run journal update failed");
    }

    private static OffsetDateTime now() {
        // Microseconds: what both H2 and PostgreSQL keep of a timestamp, so a value read back equals the one written.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Who holds a lease: host, process id and the process's start time (a pid alone is reused after a crash).
     */
    record Owner(String host, long pid, long startMillis) {

        private static final Owner SELF = computeThisProcess();

        static Owner thisProcess() {
            return SELF;
        }

        private static Owner computeThisProcess() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(hostName() + pidNamespace(), self.pid(), startMillis(self));
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }

        /**
         * Containers may share a host name while their process ids live in separate namespaces: a pid is only
         * comparable within one namespace (Linux names it in /proc/self/ns/pid; elsewhere there is none).
         */
        private static String pidNamespace() {
            try {
                return "#" + java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid"))
                        .toString().replaceAll("[^0-9]", "");
            } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
                return "";
            }
        }

        private static long startMillis(ProcessHandle process) {
            return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        }

        String text() {
            return host + "/" + pid + "/" + startMillis;
        }

        /** Null when unreadable: such a holder is judged by its heartbeat alone. */
        static Owner parse(String text) {
            String[] parts = text.split("/");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** Whether this process (on this host) still runs: the same pid started at the same time. */
        boolean isRunning() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> startMillis == 0 || Math.abs(startMillis(p) - startMillis) < 1000).orElse(false);
        }
    }
}
