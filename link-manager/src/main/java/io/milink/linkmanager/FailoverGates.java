package io.milink.linkmanager;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/**
 * The planned-failover gates of one status read, each by name (docs/failover.md; mi-link-workflow.md §5.2): the
 * database replicates, both sides commit synchronously, the secondary is SYNCHRONIZED, and both sides have hardened
 * the same log (no log send queue and no redo queue left behind). {@code milink link failover --check} prints them;
 * the planned failover waits on them one by one.
 */
public final class FailoverGates {

    /** A gate, as milink names it in its output. */
    public enum Gate {
        REPLICATING("replicating"),
        SYNCHRONOUS_COMMIT("synchronous commit"),
        SYNCHRONIZED("SYNCHRONIZED"),
        LSN_PARITY("LSN parity"),
        /** Failing back only: the instance's update policy must match SQL Server's major version. */
        UPDATE_POLICY("update policy");

        private final String label;

        Gate(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One gate that does not pass for one database, and why, in words. */
    public record Blocker(String database, Gate gate, String why) {
        @Override
        public String toString() {
            return database + ": " + gate.label() + ": " + why;
        }
    }

    private FailoverGates() {
    }

    /** Every gate that fails, for every database of the read. */
    public static List<Blocker> blockers(LinkStatus status) {
        List<Blocker> out = new ArrayList<>();
        for (DatabaseStatus d : status.databases()) {
            out.addAll(blockers(d));
        }
        return out;
    }

    /** The gates one database fails; none when a planned failover could run now. */
    public static List<Blocker> blockers(DatabaseStatus d) {
        List<Blocker> out = new ArrayList<>();
        if (d.phase() != LinkPhase.REPLICATING) {
            out.add(new Blocker(d.name(), Gate.REPLICATING, "the database is " + d.phase().label()
                    + ", not Replicating" + (d.reasons().isEmpty() ? "" : " (" + d.reasons().get(0) + ")")));
            if (d.phase() == LinkPhase.REMOVED) {
                return out;
            }
        }
        LinkStatus.ReplicationModes modes = d.replicationMode();
        if (!modes.synchronous()) {
            out.add(new Blocker(d.name(), Gate.SYNCHRONOUS_COMMIT, "not synchronous on both sides (SQL Server "
                    + orUnknown(modes.sqlServer()) + ", instance " + orUnknown(modes.managedInstance()) + ")"));
        }
        if (!"SYNCHRONIZED".equals(d.synchronizationState())) {
            out.add(new Blocker(d.name(), Gate.SYNCHRONIZED, "the secondary is "
                    + (d.synchronizationState() == null ? "in no state" : d.synchronizationState())
                    + ", not SYNCHRONIZED" + (!modes.synchronous() ? " (an asynchronous secondary never is)" : "")));
        }
        boolean same = sameLsn(d.lastHardenedLsn().sqlServer(), d.lastHardenedLsn().managedInstance());
        long send = d.logSendQueueKb() == null ? 0 : d.logSendQueueKb();
        long redo = d.redoQueueKb() == null ? 0 : d.redoQueueKb();
        if (!same || send > 0 || redo > 0) {
            out.add(new Blocker(d.name(), Gate.LSN_PARITY, (same ? "the hardened LSNs are equal ("
                    + d.lastHardenedLsn().sqlServer() + ")" : "the hardened LSNs differ (SQL Server "
                    + orUnknown(d.lastHardenedLsn().sqlServer()) + ", instance "
                    + orUnknown(d.lastHardenedLsn().managedInstance()) + ")") + "; log send queue "
                    + kb(d.logSendQueueKb()) + ", redo queue " + kb(d.redoQueueKb())
                    + (redo > 0 || send > 0 ? ": the secondary has not caught up; stop the workload or wait" : "")));
        }
        return out;
    }

    /** Whether the two decimal LSNs are the same log position (null is never the same). */
    public static boolean sameLsn(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim())) == 0;
        } catch (NumberFormatException e) {
            return a.trim().equals(b.trim());
        }
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private static String kb(Long kb) {
        return kb == null ? "unknown" : kb + " KB";
    }
}
