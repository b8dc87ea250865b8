package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.milink.core.Tsql;
import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.LinkRequests.FailoverType;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.FailoverGates.Blocker;
import io.milink.linkmanager.FailoverGates.Gate;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * A planned failover with no data loss (docs/failover.md; mi-link-workflow.md §5.2–§5.4): switch the link to
 * synchronous commit on both sides, wait until the secondary is SYNCHRONIZED, wait until both sides' last hardened
 * LSNs are equal and stay equal for the settle time, fail over as the SQL Server build allows, check that both sides
 * swapped roles, then set the replication mode wanted afterwards. A gate that does not pass within the timeout stops
 * the run before any role changes, with the replication mode put back as it was: it never fails over with unequal
 * hardened LSNs. Blocking: call from a worker thread.
 */
public final class PlannedFailover {

    /** T-SQL FAILOVER of a distributed availability group: SQL Server 2022 CU13 (mi-link-workflow.md §5.3). */
    static final String TSQL_FAILOVER_BUILD = "16.0.4125.3";

    /**
     * @param timeout  how long each gate may take
     * @param settle   how long the hardened LSNs must stay equal before the failover
     * @param poll     the time between status reads while a gate waits
     * @param modeAfter the replication mode after the failover; null keeps the mode the link had before
     */
    public record Options(Duration timeout, Duration settle, Duration poll, ReplicationMode modeAfter) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(settle, "settle");
            Objects.requireNonNull(poll, "poll");
        }
    }

    /** Where time comes from and how the run waits: real time in the CLI, the twins' clock in tests. */
    public interface Waiter {
        Instant now();

        void sleep(Duration duration) throws InterruptedException;

        static Waiter system() {
            return new Waiter() {
                @Override
                public Instant now() {
                    return Instant.now();
                }

                @Override
                public void sleep(Duration duration) throws InterruptedException {
                    Thread.sleep(Math.max(1, duration.toMillis()));
                }
            };
        }
    }

    /** What the run tells as it goes: each named gate, each change made, and what a gate still waits for. */
    public interface Progress {
        /** A gate or a step starts, by its name (e.g. "Waiting for SYNCHRONIZED"). */
        void gate(String name);

        /** The gate passed or the step is done; {@code detail} says what was seen or done. */
        void passed(String detail);

        /** What the current gate still waits for; told when it changes. */
        void waiting(List<Blocker> blockers);

        /** A line of its own (the mode put back, a note). */
        void note(String line);

        Progress SILENT = new Progress() {
            @Override
            public void gate(String name) {
            }

            @Override
            public void passed(String detail) {
            }

            @Override
            public void waiting(List<Blocker> blockers) {
            }

            @Override
            public void note(String line) {
            }
        };
    }

    /** How the failover was made. */
    public enum Mechanism {
        /** ALTER AVAILABILITY GROUP [dag] FAILOVER on SQL Server, its primary (2022 CU13+). */
        TSQL_ON_SQL_SERVER,
        /** ARM POST …/failover with failoverType Planned, from the instance as primary. */
        ARM_PLANNED
    }

    /**
     * What was done.
     *
     * @param lsnsAtFailover each database's hardened LSNs on both sides in the last read before the failover
     * @param after          the status read that verified the roles
     */
    public record Result(Mechanism mechanism, Map<String, LinkStatus.HardenedLsns> lsnsAtFailover, LinkStatus after,
                         String modeAfter) {
    }

    /** A gate did not pass in time: nothing failed over; the replication mode was put back. Exit 2. */
    public static final class GateTimeoutException extends Exception {
        private final Gate gate;
        private final List<Blocker> blockers;

        GateTimeoutException(String gateName, Gate gate, Duration timeout, List<Blocker> blockers, String restored) {
            super("the failover did not run: the gate '" + gateName + "' did not pass within " + timeout + "; not yet "
                    + "because " + blockers.stream().map(Blocker::toString).collect(Collectors.joining("; "))
                    + ". No role changed; " + restored + ". Stop the workload, or wait for the secondary to catch up "
                    + "(milink link status), then run the failover again (or with a longer --timeout).");
            this.gate = gate;
            this.blockers = List.copyOf(blockers);
        }

        public Gate gate() {
            return gate;
        }

        public List<Blocker> blockers() {
            return blockers;
        }
    }

    /** The failover cannot run as things are; nothing was changed. Exit 2. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final LinkStatusReader reader;
    private final Waiter waiter;

    public PlannedFailover(LinkStatusReader reader, Waiter waiter) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
    }

    /**
     * One read: the gates that block a planned failover now (empty: it could run), and, when the instance is primary,
     * whether its update policy lets SQL Server take the primary role back. Changes nothing.
     */
    public List<Blocker> check(LinkSession session, List<DatabaseLinkNames> links) throws SQLException,
            ArmCallException {
        LinkStatus status = reader.read(session, links);
        List<Blocker> blockers = new ArrayList<>(FailoverGates.blockers(status));
        List<String> failingBack = status.databases().stream().filter(d -> "PRIMARY".equals(d.managedInstanceRole())
                && !"PRIMARY".equals(d.sqlServerRole())).map(DatabaseStatus::name).toList();
        if (!failingBack.isEmpty()) {
            FailbackPolicy.refusal(productVersion(session.sql()), session.instance().instance().updatePolicy())
                    .ifPresent(why -> failingBack.forEach(db -> blockers.add(new Blocker(db, Gate.UPDATE_POLICY,
                            why))));
        }
        return blockers;
    }

    /**
     * What {@link #reachParity} leaves behind: the read in which both sides had hardened the same log, and both
     * sides' replication modes as they were, to put back.
     */
    public static final class Parity {
        private final LinkStatus ready;
        private final List<String> dags;
        private final Map<String, List<Member>> originalMembers;
        private final Map<String, String> originalInstanceMode;

        private Parity(LinkStatus ready, List<String> dags, Map<String, List<Member>> originalMembers,
                       Map<String, String> originalInstanceMode) {
            this.ready = ready;
            this.dags = dags;
            this.originalMembers = originalMembers;
            this.originalInstanceMode = originalInstanceMode;
        }

        /** The read that passed the LSN parity gate. */
        public LinkStatus ready() {
            return ready;
        }

        /** Each database's hardened LSNs at parity (the same on both sides). */
        public Map<String, LinkStatus.HardenedLsns> lsns() {
            Map<String, LinkStatus.HardenedLsns> lsns = new LinkedHashMap<>();
            for (DatabaseStatus d : ready.databases()) {
                // The gate guarantees it; checked again because this is the one promise the gates make.
                if (!FailoverGates.sameLsn(d.lastHardenedLsn().sqlServer(), d.lastHardenedLsn().managedInstance())) {
                    throw new IllegalStateException("hardened LSNs differ at parity; refusing");
                }
                lsns.put(d.name(), d.lastHardenedLsn());
            }
            return lsns;
        }

        /** Puts both sides' replication modes back as they were before; says what they now are. */
        public String restoreModes(LinkSession session) throws SQLException, ArmCallException {
            return restore(session, dags, originalMembers, originalInstanceMode);
        }
    }

    /**
     * The gates of a planned failover without the failover: refuses a link that does not replicate or has no single
     * primary side, switches both sides to synchronous commit, waits for SYNCHRONIZED, then for equal hardened LSNs
     * that stay equal for the settle time. On a timeout the modes are put back and nothing else changed. What a
     * migration cutover that removes the link instead of failing over (SQL Server 2016–2019) runs before the removal.
     */
    public Parity reachParity(LinkSession session, List<DatabaseLinkNames> links, Options options, Progress progress)
            throws SQLException, ArmCallException, InterruptedException, GateTimeoutException, RefusedException {
        LinkStatus before = reader.read(session, links);
        refuseUnlessReplicating(before);
        primarySide(before);
        return syncAndAwait(session, links, options, progress);
    }

    /** Runs it; see the class comment. */
    public Result run(LinkSession session, List<DatabaseLinkNames> links, Options options, Progress progress)
            throws SQLException, ArmCallException, InterruptedException, GateTimeoutException, RefusedException {
        List<String> dags = links.stream().map(DatabaseLinkNames::distributedAvailabilityGroup).distinct().toList();
        LinkStatus before = reader.read(session, links);
        refuseUnlessReplicating(before);
        boolean sqlServerPrimary = primarySide(before);
        Mechanism mechanism;
        if (sqlServerPrimary) {
            String build = productVersion(session.sql());
            if (!buildAtLeast(build, TSQL_FAILOVER_BUILD)) {
                throw new RefusedException("nothing was changed: SQL Server " + build + " cannot run ALTER AVAILABILITY"
                        + " GROUP ... FAILOVER on a distributed availability group (SQL Server 2022 CU13, "
                        + TSQL_FAILOVER_BUILD + ", or later), and Azure runs a planned failover only from the instance"
                        + " as primary. Update SQL Server, or fail over with the SSMS failover wizard.");
            }
            mechanism = Mechanism.TSQL_ON_SQL_SERVER;
        } else {
            // Failing back: before anything changes, the instance's update policy must let SQL Server take it.
            var refusal = FailbackPolicy.refusal(productVersion(session.sql()),
                    session.instance().instance().updatePolicy());
            if (refusal.isPresent()) {
                throw new RefusedException("nothing was changed: " + refusal.get());
            }
            mechanism = Mechanism.ARM_PLANNED;
        }
        Parity parity = syncAndAwait(session, links, options, progress);
        Map<String, LinkStatus.HardenedLsns> lsns = parity.lsns();

        progress.gate(mechanism == Mechanism.TSQL_ON_SQL_SERVER ? "Failing over (ALTER AVAILABILITY GROUP ... "
                + "FAILOVER on SQL Server)" : "Failing over (Azure failover, type Planned)");
        try {
            for (String dag : dags) {
                if (mechanism == Mechanism.TSQL_ON_SQL_SERVER) {
                    execute(session.sql(), "ALTER AVAILABILITY GROUP " + Tsql.quoteName(dag) + " FAILOVER;");
                } else {
                    session.arm().links().failover(dag, FailoverType.PLANNED);
                }
            }
        } catch (SQLException | ArmCallException e) {
            putModesBackIfNoRoleChanged(session, links, before, parity, progress, e);
            throw e;
        }
        progress.passed("done");

        progress.gate("Verifying roles");
        LinkStatus after = reader.read(session, links);
        String wantSql = sqlServerPrimary ? "SECONDARY" : "PRIMARY";
        String wantMi = sqlServerPrimary ? "PRIMARY" : "SECONDARY";
        List<String> wrong = after.databases().stream().filter(d -> !wantSql.equals(d.sqlServerRole())
                || !wantMi.equals(d.managedInstanceRole())).map(d -> d.name() + " (SQL Server " + d.sqlServerRole()
                + ", instance " + d.managedInstanceRole() + ")").toList();
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("the failover ran but the roles did not swap as expected (SQL Server "
                    + wantSql + ", instance " + wantMi + "): " + String.join(", ", wrong) + "; read milink link "
                    + "status and check for split brain (docs/failover.md)");
        }
        progress.passed("SQL Server " + wantSql + ", instance " + wantMi);

        progress.gate("Setting the replication mode");
        String modeAfter;
        if (options.modeAfter() == null) {
            modeAfter = parity.restoreModes(session);
            progress.passed(modeAfter + " (as it was)");
        } else {
            String sql = options.modeAfter() == ReplicationMode.SYNC ? "SYNCHRONOUS_COMMIT" : "ASYNCHRONOUS_COMMIT";
            for (String dag : dags) {
                setModes(session, dag, members(session.sql(), dag), sql, options.modeAfter());
            }
            modeAfter = "SQL Server " + sql + ", instance " + options.modeAfter().wire();
            progress.passed(modeAfter);
        }
        return new Result(mechanism, lsns, reader.read(session, links), modeAfter);
    }

    /**
     * The failover statement or Azure's failover failed after the gates had switched both sides to synchronous commit.
     * When both sides still have the roles they had before, nothing failed over, so the modes are put back as they were
     * (a link left in synchronous commit slows every commit on the primary); when any role changed, or the roles
     * cannot be read, they are left as they are and the user is told, since putting a side back to asynchronous commit
     * in the middle of a role change could lose data. What happened is noted; the failure itself goes on.
     */
    private void putModesBackIfNoRoleChanged(LinkSession session, List<DatabaseLinkNames> links, LinkStatus before,
                                             Parity parity, Progress progress, Exception failure) {
        if (!definitelyRefused(failure)) {
            progress.note("The failover's outcome is not known (" + failure.getMessage() + "): it may still be "
                    + "running, so the replication mode is left synchronous; read 'milink link status' before anything "
                    + "else (docs/failover.md).");
            return;
        }
        try {
            LinkStatus now = reader.read(session, links);
            boolean unchanged = now.databases().size() == before.databases().size()
                    && now.databases().stream().allMatch(d -> before.databases().stream().anyMatch(b ->
                    b.name().equals(d.name()) && java.util.Objects.equals(b.sqlServerRole(), d.sqlServerRole())
                            && java.util.Objects.equals(b.managedInstanceRole(), d.managedInstanceRole())));
            if (!unchanged) {
                progress.note("The failover failed part way: some roles changed, so the replication mode is left "
                        + "synchronous; read 'milink link status' before anything else (docs/failover.md).");
                return;
            }
            progress.note("The failover failed before any role changed; replication mode put back as it was: "
                    + parity.restoreModes(session) + ".");
        } catch (SQLException | ArmCallException | RuntimeException e) {
            failure.addSuppressed(e);
            progress.note("The failover failed, and the replication mode could not be put back (" + e.getMessage()
                    + "); it stays synchronous until 'milink link failover' runs again or the mode is set by hand.");
        }
    }

    /**
     * True when the failure is an answer, not a lost conversation: SQL Server ended the statement with an error on a
     * live connection (a SQL state of class 08 is a broken connection, after which the statement may have run), or
     * Azure refused the request (an HTTP status) or ended the operation Failed (an error code). An operation still
     * running after the wait, or a connection that broke, may yet fail over.
     */
    private static boolean definitelyRefused(Exception failure) {
        if (failure instanceof SQLException sql) {
            return sql.getSQLState() == null || !sql.getSQLState().startsWith("08");
        }
        return failure instanceof ArmCallException arm && (arm.status() > 0 || arm.code() != null);
    }

    /** Only a replicating link fails over (or cuts over); anything else is refused before a change. */
    private static void refuseUnlessReplicating(LinkStatus before) throws RefusedException {
        List<Blocker> notReplicating = FailoverGates.blockers(before).stream()
                .filter(b -> b.gate() == Gate.REPLICATING).toList();
        if (!notReplicating.isEmpty()) {
            throw new RefusedException("nothing was changed: " + notReplicating.stream().map(Blocker::toString)
                    .collect(Collectors.joining("; ")));
        }
    }

    /** The first three gates: synchronous commit, SYNCHRONIZED, LSN parity; on a timeout the modes are put back. */
    private Parity syncAndAwait(LinkSession session, List<DatabaseLinkNames> links, Options options,
                                Progress progress)
            throws SQLException, ArmCallException, InterruptedException, GateTimeoutException {
        List<String> dags = links.stream().map(DatabaseLinkNames::distributedAvailabilityGroup).distinct().toList();
        Map<String, List<Member>> originalMembers = new LinkedHashMap<>();
        Map<String, String> originalInstanceMode = new LinkedHashMap<>();
        for (String dag : dags) {
            originalMembers.put(dag, members(session.sql(), dag));
            originalInstanceMode.put(dag, session.arm().links().get(dag).map(DistributedAvailabilityGroup::replicationMode)
                    .orElse(null));
        }

        progress.gate("Switching to synchronous commit");
        for (String dag : dags) {
            setModes(session, dag, originalMembers.get(dag), "SYNCHRONOUS_COMMIT", ReplicationMode.SYNC);
        }
        progress.passed("SQL Server " + String.join(", ", dags) + " SYNCHRONOUS_COMMIT, instance replicationMode Sync");

        try {
            await(session, links, "Waiting for SYNCHRONIZED", options, progress, Duration.ZERO,
                    EnumSetOf.upTo(Gate.SYNCHRONIZED));
            LinkStatus ready = await(session, links, "Waiting for LSN parity", options, progress, options.settle(),
                    EnumSetOf.upTo(Gate.LSN_PARITY));
            return new Parity(ready, dags, originalMembers, originalInstanceMode);
        } catch (GateWait e) {
            String restored = restore(session, dags, originalMembers, originalInstanceMode);
            progress.note("Replication mode put back as it was: " + restored + ".");
            throw new GateTimeoutException(e.name, e.gate, options.timeout(), e.blockers, "the replication mode is "
                    + "back as it was (" + restored + ")");
        }
    }

    // --- gates ------------------------------------------------------------------------------------------------

    /** The gates a wait needs, in order: every gate up to and including the named one. */
    private static final class EnumSetOf {
        static List<Gate> upTo(Gate last) {
            List<Gate> out = new ArrayList<>();
            for (Gate g : Gate.values()) {
                out.add(g);
                if (g == last) {
                    break;
                }
            }
            return out;
        }
    }

    private static final class GateWait extends Exception {
        final String name;
        final Gate gate;
        final List<Blocker> blockers;

        GateWait(String name, Gate gate, List<Blocker> blockers) {
            super(name, null, false, false);
            this.name = name;
            this.gate = gate;
            this.blockers = blockers;
        }
    }

    /**
     * Reads until no database fails any of {@code gates} and that has held for {@code settle} (a read that fails
     * starts the settle time again), or the timeout passes.
     */
    private LinkStatus await(LinkSession session, List<DatabaseLinkNames> links, String name, Options options,
                             Progress progress, Duration settle, List<Gate> gates)
            throws SQLException, ArmCallException, InterruptedException, GateWait {
        progress.gate(name);
        Instant deadline = waiter.now().plus(options.timeout());
        Instant passingSince = null;
        List<Blocker> told = List.of();
        while (true) {
            LinkStatus status = reader.read(session, links);
            List<Blocker> blockers = FailoverGates.blockers(status).stream().filter(b -> gates.contains(b.gate()))
                    .toList();
            Instant now = waiter.now();
            if (blockers.isEmpty()) {
                if (passingSince == null) {
                    passingSince = now;
                }
                if (!now.isBefore(passingSince.plus(settle))) {
                    progress.passed(passedDetail(status, gates.get(gates.size() - 1), settle));
                    return status;
                }
            } else {
                passingSince = null;
                if (!blockers.equals(told)) {
                    progress.waiting(blockers);
                    told = blockers;
                }
            }
            if (!now.isBefore(deadline)) {
                Gate first = blockers.isEmpty() ? gates.get(gates.size() - 1) : blockers.get(0).gate();
                throw new GateWait(name, first, blockers.isEmpty() ? List.of(new Blocker("all", first,
                        "the hardened LSNs did not stay equal for " + settle)) : blockers);
            }
            waiter.sleep(options.poll());
        }
    }

    private static String passedDetail(LinkStatus status, Gate gate, Duration settle) {
        return status.databases().stream().map(d -> d.name() + (gate == Gate.LSN_PARITY ? " hardened LSN "
                + d.lastHardenedLsn().sqlServer() + " on both sides" : " " + d.synchronizationState()))
                .collect(Collectors.joining(", ")) + (gate == Gate.LSN_PARITY ? ", equal for " + settle : "");
    }

    // --- both sides' modes ----------------------------------------------------------------------------------------

    /** A member of SQL Server's distributed group and its availability mode. */
    record Member(String name, String mode) {
    }

    static List<Member> members(Connection sql, String dag) throws SQLException {
        List<Member> out = new ArrayList<>();
        try (Statement s = sql.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.replica_server_name, r.availability_mode_desc"
                     + " FROM sys.availability_groups AS ag JOIN sys.availability_replicas AS r"
                     + " ON r.group_id = ag.group_id WHERE ag.is_distributed = 1 AND ag.name = " + Tsql.literal(dag)
                     + ";")) {
            while (rs.next()) {
                out.add(new Member(rs.getString(1), rs.getString(2)));
            }
        }
        if (out.isEmpty()) {
            throw new SQLException("SQL Server has no distributed availability group " + Tsql.quoteName(dag));
        }
        return out;
    }

    /** Every member in {@code sqlMode} on SQL Server (only those not in it), then the instance's mode. */
    private static void setModes(LinkSession session, String dag, List<Member> members, String sqlMode,
                                 ReplicationMode instanceMode) throws SQLException, ArmCallException {
        List<Member> target = members.stream().map(m -> new Member(m.name(), sqlMode)).toList();
        setSqlServerModes(session.sql(), dag, members, target);
        session.arm().links().changeReplicationMode(dag, instanceMode);
    }

    private static void setSqlServerModes(Connection sql, String dag, List<Member> now, List<Member> target)
            throws SQLException {
        List<Member> changes = target.stream().filter(t -> now.stream().noneMatch(n -> n.name()
                .equalsIgnoreCase(t.name()) && n.mode().equalsIgnoreCase(t.mode()))).toList();
        if (changes.isEmpty()) {
            return;
        }
        execute(sql, modifyModes(dag, changes));
    }

    /** ALTER AVAILABILITY GROUP [dag] MODIFY AVAILABILITY GROUP ON 'member' WITH (AVAILABILITY_MODE = …), … */
    static String modifyModes(String dag, List<Member> members) {
        StringBuilder alter = new StringBuilder("ALTER AVAILABILITY GROUP ").append(Tsql.quoteName(dag))
                .append(" MODIFY AVAILABILITY GROUP ON");
        for (int i = 0; i < members.size(); i++) {
            String mode = members.get(i).mode().toUpperCase(Locale.ROOT);
            if (!mode.equals("SYNCHRONOUS_COMMIT") && !mode.equals("ASYNCHRONOUS_COMMIT")) {
                throw new IllegalArgumentException("not an availability mode: " + mode);
            }
            alter.append(i == 0 ? " " : ", ").append(Tsql.literal(members.get(i).name()))
                    .append(" WITH (AVAILABILITY_MODE = ").append(mode).append(')');
        }
        return alter.append(';').toString();
    }

    /** Both sides' modes as they were before the run; says what they now are. */
    private static String restore(LinkSession session, List<String> dags, Map<String, List<Member>> members,
                                  Map<String, String> instanceModes) throws SQLException, ArmCallException {
        List<String> said = new ArrayList<>();
        for (String dag : dags) {
            setSqlServerModes(session.sql(), dag, members(session.sql(), dag), members.get(dag));
            String was = instanceModes.get(dag);
            ReplicationMode mode = "Sync".equalsIgnoreCase(was) ? ReplicationMode.SYNC : ReplicationMode.ASYNC;
            session.arm().links().changeReplicationMode(dag, mode);
            said.add("SQL Server " + members.get(dag).stream().map(Member::mode).distinct()
                    .collect(Collectors.joining("/")) + ", instance " + mode.wire());
        }
        return String.join("; ", said);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** True when SQL Server is the primary of every database's link; a mix (or two primaries) is refused. */
    private static boolean primarySide(LinkStatus status) throws RefusedException {
        boolean sql = false;
        boolean mi = false;
        for (DatabaseStatus d : status.databases()) {
            boolean s = "PRIMARY".equals(d.sqlServerRole());
            boolean m = "PRIMARY".equals(d.managedInstanceRole());
            if (s == m) {
                throw new RefusedException("nothing was changed: " + d.name() + " has SQL Server " + d.sqlServerRole()
                        + " and the instance " + d.managedInstanceRole() + "; a planned failover needs one primary "
                        + "and one secondary (both primary is split brain: docs/failover.md)");
            }
            sql |= s;
            mi |= m;
        }
        if (sql && mi) {
            throw new RefusedException("nothing was changed: the spec's databases have their primaries on different "
                    + "sides; fail them over with one spec per direction");
        }
        return sql;
    }

    static String productVersion(Connection sql) throws SQLException {
        try (Statement s = sql.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128));")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Compares dotted builds number by number (16.0.4125.3). */
    static boolean buildAtLeast(String build, String minimum) {
        String[] a = build.trim().split("\\.");
        String[] b = minimum.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? Long.parseLong(a[i]) : 0;
            long y = i < b.length ? Long.parseLong(b[i]) : 0;
            if (x != y) {
                return x > y;
            }
        }
        return true;
    }

    private static void execute(Connection sql, String batch) throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute(batch);
        }
    }
}
