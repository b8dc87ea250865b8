package io.milink.linkmanager;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.milink.core.Tsql;
import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.LinkRequests.FailoverType;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * A forced failover, which may lose data (docs/failover.md; mi-link-workflow.md §5.3, §5.4, §5.6). In two calls so
 * the caller can show the possible loss and ask before anything changes: {@link #assess} reads both sides and says
 * each database's last hardened LSNs and what may be lost; {@link #run} fails over to the secondary side with the
 * documented forced mechanism (to the instance: ARM failover with failoverType ForcedAllowDataLoss; to SQL Server:
 * {@code ALTER AVAILABILITY GROUP [dag] FORCE_FAILOVER_ALLOW_DATA_LOSS} there), checks that the target is now
 * primary, and reports split brain (both sides primary) with the documented recovery. Blocking.
 */
public final class ForcedFailover {

    /** Which side becomes primary. */
    public enum Target {
        MANAGED_INSTANCE("the managed instance"), SQL_SERVER("SQL Server");

        private final String words;

        Target(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * What a forced failover would do now, read before it.
     *
     * @param target   the side that becomes primary
     * @param lsns     each database's last hardened LSNs on both sides, as read
     * @param lossRisk per database, in words, what may be lost (empty when both sides showed the same hardened LSN and
     *                 no queue)
     * @param before   the status read
     */
    public record Assessment(Target target, Map<String, LinkStatus.HardenedLsns> lsns, List<String> lossRisk,
                             LinkStatus before) {
        public Assessment {
            lsns = Map.copyOf(new LinkedHashMap<>(lsns));
            lossRisk = List.copyOf(lossRisk);
        }

        /** One line per database: its hardened LSNs on both sides (what the journal keeps). */
        public String lsnText() {
            return before.databases().stream().map(d -> d.name() + ": last hardened LSN SQL Server "
                    + orUnknown(d.lastHardenedLsn().sqlServer()) + ", instance "
                    + orUnknown(d.lastHardenedLsn().managedInstance())).collect(Collectors.joining("; "));
        }
    }

    /**
     * What was done.
     *
     * @param after       the status read after the failover
     * @param splitBrain  the databases both sides now call primary
     * @param recovery    the documented recovery, one step a line; empty without split brain
     */
    public record Result(LinkStatus after, List<String> splitBrain, List<String> recovery) {
        public Result {
            splitBrain = List.copyOf(splitBrain);
            recovery = List.copyOf(recovery);
        }
    }

    private final LinkStatusReader reader;

    public ForcedFailover(LinkStatusReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** Reads both sides; changes nothing. Refused when no database has a side to fail over to. */
    public Assessment assess(LinkSession session, List<DatabaseLinkNames> links) throws SQLException,
            ArmCallException, PlannedFailover.RefusedException {
        LinkStatus before = reader.read(session, links);
        Target target = target(before);
        Map<String, LinkStatus.HardenedLsns> lsns = new LinkedHashMap<>();
        List<String> risk = new ArrayList<>();
        for (DatabaseStatus d : before.databases()) {
            lsns.put(d.name(), d.lastHardenedLsn());
            String old = target == Target.MANAGED_INSTANCE ? d.lastHardenedLsn().sqlServer()
                    : d.lastHardenedLsn().managedInstance();
            String neu = target == Target.MANAGED_INSTANCE ? d.lastHardenedLsn().managedInstance()
                    : d.lastHardenedLsn().sqlServer();
            String oldSide = target == Target.MANAGED_INSTANCE ? "SQL Server's" : "the instance's";
            String newSide = target == Target.MANAGED_INSTANCE ? "the instance's" : "SQL Server's";
            int cmp = compare(neu, old);
            if (cmp == Integer.MIN_VALUE) {
                risk.add(d.name() + ": a hardened LSN is unknown (SQL Server " + orUnknown(d.lastHardenedLsn()
                        .sqlServer()) + ", instance " + orUnknown(d.lastHardenedLsn().managedInstance()) + "): the loss"
                        + " cannot be measured; anything not hardened on " + target.words() + " is lost");
            } else if (cmp < 0) {
                risk.add(d.name() + ": " + newSide + " hardened LSN " + neu + " is behind " + oldSide + " " + old
                        + ": writes after LSN " + neu + " may be lost");
            }
            List<String> queues = new ArrayList<>();
            if (d.logSendQueueKb() != null && d.logSendQueueKb() > 0) {
                queues.add("log send queue " + d.logSendQueueKb() + " KB");
            }
            if (d.redoQueueKb() != null && d.redoQueueKb() > 0) {
                queues.add("redo queue " + d.redoQueueKb() + " KB");
            }
            if (!queues.isEmpty()) {
                risk.add(d.name() + ": " + String.join(", ", queues) + (d.lagSeconds() == null ? ""
                        : ", " + d.lagSeconds() + " s behind") + " at the last read");
            }
        }
        return new Assessment(target, lsns, risk, before);
    }

    /** Fails over to {@code assessment.target()}; see the class comment. */
    public Result run(LinkSession session, List<DatabaseLinkNames> links, Assessment assessment,
                      PlannedFailover.Progress progress) throws SQLException, ArmCallException {
        List<String> dags = links.stream().map(DatabaseLinkNames::distributedAvailabilityGroup).distinct().toList();
        Target target = assessment.target();
        progress.gate(target == Target.MANAGED_INSTANCE
                ? "Forcing the failover (Azure failover, type ForcedAllowDataLoss)"
                : "Forcing the failover (ALTER AVAILABILITY GROUP ... FORCE_FAILOVER_ALLOW_DATA_LOSS on SQL Server)");
        for (String dag : dags) {
            if (target == Target.MANAGED_INSTANCE) {
                session.arm().links().failover(dag, FailoverType.FORCED_ALLOW_DATA_LOSS);
            } else {
                execute(session.sql(), "ALTER AVAILABILITY GROUP " + Tsql.quoteName(dag)
                        + " FORCE_FAILOVER_ALLOW_DATA_LOSS;");
            }
        }
        progress.passed("done");

        progress.gate("Verifying roles");
        LinkStatus after = reader.read(session, links);
        List<String> notPrimary = new ArrayList<>();
        List<String> splitBrain = new ArrayList<>();
        for (DatabaseStatus d : after.databases()) {
            String newRole = target == Target.MANAGED_INSTANCE ? d.managedInstanceRole() : d.sqlServerRole();
            String oldRole = target == Target.MANAGED_INSTANCE ? d.sqlServerRole() : d.managedInstanceRole();
            if (!"PRIMARY".equals(newRole)) {
                notPrimary.add(d.name() + " (" + target.words() + " " + newRole + ")");
            } else if ("PRIMARY".equals(oldRole)) {
                splitBrain.add(d.name());
            }
        }
        if (!notPrimary.isEmpty()) {
            throw new IllegalStateException("the forced failover ran but " + target.words() + " is not primary: "
                    + String.join(", ", notPrimary) + "; read milink link status");
        }
        progress.passed(target.words() + " PRIMARY" + (splitBrain.isEmpty() ? "" : "; the other side is PRIMARY too"
                + " for " + String.join(", ", splitBrain)));
        return new Result(after, splitBrain, splitBrain.isEmpty() ? List.of() : recovery(target, dags, after,
                splitBrain));
    }

    /**
     * The documented split-brain repair (mi-link-workflow.md §5.6), for the side that was primary and should not
     * be: back it up first, then set it to SECONDARY; its writes since the split are lost unless taken from that
     * backup.
     */
    static List<String> recovery(Target target, List<String> dags, LinkStatus after, List<String> splitDatabases) {
        List<String> out = new ArrayList<>();
        if (target == Target.MANAGED_INSTANCE) {
            out.add("1. On SQL Server, back up the tail of the log of " + String.join(", ", splitDatabases)
                    + " (a tail-log backup): writes SQL Server took after the split are lost otherwise.");
            for (String dag : dags) {
                out.add("2. On SQL Server: ALTER AVAILABILITY GROUP " + Tsql.quoteName(dag)
                        + " SET (ROLE = SECONDARY);");
            }
            out.add("3. milink link status: SQL Server SECONDARY, the instance PRIMARY, replication resumes from the "
                    + "instance. To make SQL Server primary again later, run a planned failover (milink link "
                    + "failover --type planned) once they are synchronized.");
        } else {
            out.add("1. On the managed instance, take a copy-only full backup of " + String.join(", ", splitDatabases)
                    + ": writes the instance took after the split are lost otherwise.");
            for (String dag : dags) {
                out.add("2. On the managed instance: ALTER AVAILABILITY GROUP " + Tsql.quoteName(dag)
                        + " SET (ROLE = SECONDARY); (or Azure setRole with instanceRole Secondary)");
            }
            out.add("3. milink link status: SQL Server PRIMARY, the instance SECONDARY, replication resumes from "
                    + "SQL Server.");
        }
        return out;
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** The side that is secondary on every database; one side primary everywhere (else refused). */
    private static Target target(LinkStatus status) throws PlannedFailover.RefusedException {
        if (status.databases().isEmpty()) {
            throw new PlannedFailover.RefusedException("nothing was changed: no database of the spec has a link");
        }
        boolean toInstance = false;
        boolean toSql = false;
        for (DatabaseStatus d : status.databases()) {
            if ("SECONDARY".equals(d.managedInstanceRole())) {
                toInstance = true;
            } else if ("SECONDARY".equals(d.sqlServerRole())) {
                toSql = true;
            } else {
                throw new PlannedFailover.RefusedException("nothing was changed: " + d.name() + " has SQL Server "
                        + orUnknown(d.sqlServerRole()) + " and the instance " + orUnknown(d.managedInstanceRole())
                        + "; a forced failover needs one side that is the link's secondary (both primary is split "
                        + "brain, recovered as docs/failover.md says, not by another failover)");
            }
        }
        if (toInstance && toSql) {
            throw new PlannedFailover.RefusedException("nothing was changed: the spec's databases have their "
                    + "primaries on different sides; fail them over with one spec per direction");
        }
        return toInstance ? Target.MANAGED_INSTANCE : Target.SQL_SERVER;
    }

    /** Compares two decimal LSNs; {@link Integer#MIN_VALUE} when either is unknown. */
    static int compare(String a, String b) {
        if (a == null || b == null) {
            return Integer.MIN_VALUE;
        }
        try {
            return Integer.signum(new BigInteger(a.trim()).compareTo(new BigInteger(b.trim())));
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private static void execute(Connection sql, String batch) throws SQLException {
        try (Statement s = sql.createStatement()) {
            s.execute(batch);
        }
    }
}
