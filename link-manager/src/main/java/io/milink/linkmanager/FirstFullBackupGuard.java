package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product's rule that a link is never removed before the managed instance's first full backup of the database
 * (Microsoft Learn, "Fail over a link", known issue: a link dropped earlier can leave the database unavailable after
 * the instance's next restart; mi-link-workflow.md §5.5). After a failover to the instance the backup must have
 * finished after the failover; when the removal itself is the cutover (the instance still secondary, SQL Server
 * 2016–2019), the instance must have a full backup of the database at all: it backs up a linked database while
 * secondary too (mi-link-workflow.md §3.13). Read on the instance's SQL endpoint ({@link InstanceBackupProbe});
 * without one, nothing can be confirmed.
 */
public final class FirstFullBackupGuard {

    /** What the removal needs of the instance's backups. */
    public enum Need {
        /** The instance is secondary and the removal makes it read-write: any full backup of the database. */
        ANY_FULL_BACKUP,
        /** The instance became primary by a failover: a full backup finished after it. */
        AFTER_FAILOVER
    }

    /**
     * One database's answer.
     *
     * @param confirmed whether the link may be removed as far as the backup goes
     * @param evidence  what was seen, in words; when not confirmed, why not yet and what to do
     */
    public record Verdict(String database, boolean confirmed, String evidence) {
    }

    private FirstFullBackupGuard() {
    }

    /**
     * Reads the instance's backups of each database (one connection) and judges them.
     *
     * @param needs        what each database needs
     * @param failedOverAt when the instance became primary (for {@link Need#AFTER_FAILOVER}); null when unknown
     */
    public static Map<String, Verdict> evaluate(InstanceSqlEndpoint endpoint, Map<String, Need> needs,
                                                Instant failedOverAt) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        if (endpoint == null) {
            needs.forEach((db, need) -> out.put(db, judge(db, need, failedOverAt, null, false, null)));
            return out;
        }
        try (Connection instance = endpoint.connect()) {
            for (Map.Entry<String, Need> e : needs.entrySet()) {
                Optional<Instant> last = InstanceBackupProbe.lastFullBackupFinished(instance, e.getKey());
                out.put(e.getKey(), judge(e.getKey(), e.getValue(), failedOverAt, last.orElse(null), true, null));
            }
        } catch (SQLException ex) {
            String why = "the instance's SQL endpoint " + endpoint.displayName() + " did not answer: " + ex.getMessage();
            needs.forEach((db, need) -> out.put(db, judge(db, need, failedOverAt, null, true, why)));
        }
        return out;
    }

    /**
     * The rule, given what was read.
     *
     * @param lastFull    when the instance's last full backup of the database finished; null when it has none
     * @param probed      whether the instance's SQL endpoint is configured
     * @param probeFailed why it could not be read, or null
     */
    static Verdict judge(String db, Need need, Instant failedOverAt, Instant lastFull, boolean probed,
                         String probeFailed) {
        String risk = " Removing the link before the instance's first full backup of " + db + " can leave the "
                + "database unavailable after the instance's next restart (Microsoft Learn, 'Fail over a link', known "
                + "issues).";
        String byHand = " To confirm it yourself, run on the instance: " + InstanceBackupProbe.query(db);
        if (!probed) {
            return new Verdict(db, false, "Not yet: milink cannot confirm the instance's first full backup of " + db
                    + ": it reads it in the instance's msdb.dbo.backupset over the instance's SQL endpoint, and the "
                    + "spec has no managedInstance.sql. Add managedInstance.sql (host, port, authentication; "
                    + "docs/spec.md) and run this again." + risk + byHand);
        }
        if (probeFailed != null) {
            return new Verdict(db, false, "Not yet: " + probeFailed + "; the instance's first full backup of " + db
                    + " could not be confirmed. Check managedInstance.sql and that its login may read "
                    + "msdb.dbo.backupset, then run this again." + risk);
        }
        if (need == Need.AFTER_FAILOVER && failedOverAt == null) {
            return new Verdict(db, false, "Not yet: the instance is the primary of " + db + ", and milink has no "
                    + "record of when it became so (the failover was not run by milink with this data directory), so "
                    + "it cannot tell whether the instance's last full backup"
                    + (lastFull == null ? " (none)" : " (finished " + lastFull + ")") + " came after the failover."
                    + risk + byHand + " Once a full backup finished after the failover, remove the link with 'az sql "
                    + "mi link delete'.");
        }
        if (lastFull == null) {
            return new Verdict(db, false, "Not yet: the instance has no full backup of " + db + " yet"
                    + (need == Need.AFTER_FAILOVER ? " since the failover at " + failedOverAt : "")
                    + "; it takes one by itself. Wait for it (--wait-for-backup), or run this again later." + risk);
        }
        if (need == Need.AFTER_FAILOVER && !lastFull.isAfter(failedOverAt)) {
            return new Verdict(db, false, "Not yet: the instance's last full backup of " + db + " finished "
                    + lastFull + ", before the failover at " + failedOverAt + "; the first one after it has not "
                    + "finished. Wait for it (--wait-for-backup), or run this again later." + risk);
        }
        return new Verdict(db, true, "the instance's full backup of " + db + " finished " + lastFull
                + (need == Need.AFTER_FAILOVER ? ", after the failover at " + failedOverAt : ""));
    }

    /**
     * The guard for {@code milink link delete}: for each link whose instance is primary, whether a full backup
     * finished after the failover milink recorded in the journal (none recorded: not confirmed). Links whose instance
     * is secondary get no verdict: deleting those is not a cutover, and stays as it was.
     *
     * @param failedOverAt when the journal says the instance became primary ({@link InstancePrimaryRecord}); null when
     *                     it holds no such record
     */
    public static Map<String, Verdict> forDelete(LinkSession session, List<io.milink.core.spec.DatabaseLinkNames> links,
                                                 Instant failedOverAt) throws Exception {
        Map<String, Need> needs = new LinkedHashMap<>();
        for (io.milink.core.spec.DatabaseLinkNames l : links) {
            boolean primary = session.arm().links().get(l.distributedAvailabilityGroup())
                    .map(d -> "Primary".equalsIgnoreCase(d.instanceLinkRole())).orElse(false);
            if (primary) {
                needs.put(l.database(), Need.AFTER_FAILOVER);
            }
        }
        if (needs.isEmpty()) {
            return Map.of();
        }
        return evaluate(session.instanceSql(), needs, failedOverAt);
    }

    /** The verdicts that do not confirm, or none. */
    public static List<Verdict> notConfirmed(Map<String, Verdict> verdicts) {
        return verdicts.values().stream().filter(v -> !v.confirmed()).toList();
    }
}
