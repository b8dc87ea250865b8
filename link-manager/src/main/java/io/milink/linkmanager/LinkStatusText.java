package io.milink.linkmanager;

import java.util.Locale;

import io.milink.linkmanager.LinkStatus.DatabaseStatus;

/** {@code milink link status}: the status as a DBA reads it, one block per database (docs/monitoring.md). */
public final class LinkStatusText {

    private LinkStatusText() {
    }

    public static String render(LinkStatus status) {
        StringBuilder out = new StringBuilder();
        out.append("Link status, SQL Server ").append(status.sqlServer()).append(" and managed instance ")
                .append(status.managedInstance()).append(", at ").append(status.observedAt()).append('\n');
        long healthy = status.databases().stream().filter(DatabaseStatus::healthy).count();
        for (DatabaseStatus d : status.databases()) {
            database(out, d);
        }
        out.append(healthy).append(" of ").append(status.databases().size())
                .append(" database(s) replicating and healthy; ready for a planned failover: ")
                .append(status.ready() ? "yes" : "no").append('\n');
        return out.toString();
    }

    private static void database(StringBuilder out, DatabaseStatus d) {
        out.append(d.healthy() ? "= " : "! ").append(d.name()).append(" (").append(d.link()).append("): ")
                .append(d.phase().label());
        if (d.seedingPercent() != null && d.phase() == LinkPhase.SEEDING) {
            out.append(' ').append(d.seedingPercent()).append(" %");
        }
        if (d.sqlServerRole() != null || d.managedInstanceRole() != null) {
            out.append(", SQL Server ").append(or(d.sqlServerRole())).append(", instance ")
                    .append(or(d.managedInstanceRole()));
        }
        out.append('\n');
        if (d.phase() != LinkPhase.REMOVED) {
            out.append("    replication: ").append(or(d.synchronizationState())).append(", ")
                    .append(or(d.synchronizationHealth())).append("; mode SQL Server ")
                    .append(or(d.replicationMode().sqlServer())).append(", instance ")
                    .append(or(d.replicationMode().managedInstance())).append("; instance replicaState ")
                    .append(or(d.replicaState())).append('\n');
        }
        if (d.seeding() != null) {
            LinkStatus.Seeding s = d.seeding();
            out.append("    seeding: ").append(size(s.transferredBytes())).append(" of ")
                    .append(size(s.databaseSizeBytes())).append(" sent at ").append(size(s.bytesPerSecond()))
                    .append("/s").append(s.etaSeconds() == null ? "" : ", about " + duration(s.etaSeconds())
                            + " left").append('\n');
        }
        if (d.logSendQueueKb() != null || d.redoQueueKb() != null || d.lagSeconds() != null) {
            out.append("    queues: log send ").append(kb(d.logSendQueueKb())).append(", redo ")
                    .append(kb(d.redoQueueKb())).append("; lag ")
                    .append(d.lagSeconds() == null ? "unknown" : d.lagSeconds() + " s");
            if (d.lastCommitTime() != null) {
                out.append("; last commit ").append(d.lastCommitTime());
            }
            out.append('\n');
        }
        if (d.lastHardenedLsn().sqlServer() != null || d.lastHardenedLsn().managedInstance() != null) {
            out.append("    last hardened LSN: SQL Server ").append(or(d.lastHardenedLsn().sqlServer()))
                    .append(", instance ").append(or(d.lastHardenedLsn().managedInstance())).append('\n');
        }
        if (d.readiness().ready()) {
            out.append("    ready for a planned failover\n");
        } else if (d.phase() != LinkPhase.REMOVED) {
            out.append("    not ready for a planned failover: ").append(String.join("; ", d.readiness().blockedBy()))
                    .append('\n');
        }
        for (String reason : d.reasons()) {
            out.append("    - ").append(reason).append('\n');
        }
    }

    private static String or(String s) {
        return s == null ? "unknown" : s;
    }

    private static String kb(Long kb) {
        return kb == null ? "unknown" : kb + " KB";
    }

    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds + 59) / 60 + " min";
        }
        return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
    }
}
