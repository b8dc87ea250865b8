package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.milink.certs.CertificateTsql;
import io.milink.core.ShellQuote;
import io.milink.core.Tsql;
import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * What removing a link takes, in the documented order (Doc, scripts page "Drop a link"; mi-link-workflow.md §6): the
 * link on the instance first (replication stops; the instance's database stays, an independent read-write copy), then
 * SQL Server's distributed availability group and the link's availability group; with {@code certificates}, also the
 * instance's certificate imported on SQL Server and SQL Server's certificate trusted by the instance. The Azure roots,
 * the link certificate and the endpoint stay: other links and availability groups may use them. An object named in the
 * spec is removed only when it is the link's as milink makes it; anything else of that name blocks the removal.
 */
public final class LinkRemovalPlanner {

    private LinkRemovalPlanner() {
    }

    /**
     * What a removal covers.
     *
     * @param certificates       also the certificates each side imported of the other
     * @param availabilityGroups also the link's availability group on SQL Server (when it is only the link's)
     * @param backups            the instance's first-full-backup guard for each database it was evaluated for
     *                           ({@link FirstFullBackupGuard}); a database without one is removed only while the
     *                           instance is secondary
     */
    public record Scope(boolean certificates, boolean availabilityGroups,
                        Map<String, FirstFullBackupGuard.Verdict> backups) {
        public Scope {
            backups = Map.copyOf(backups);
        }

        /** What {@code milink link delete} removes: the groups, the certificates if asked, no backup guard read. */
        public static Scope delete(boolean certificates) {
            return new Scope(certificates, true, Map.of());
        }
    }

    public static LinkPlan plan(DesiredLink desired, SqlServerObservation sql, InstanceObservation mi,
                                boolean certificates) {
        return plan(desired, sql, mi, Scope.delete(certificates));
    }

    public static LinkPlan plan(DesiredLink desired, SqlServerObservation sql, InstanceObservation mi, Scope scope) {
        boolean certificates = scope.certificates();
        List<PlannedStep> steps = new ArrayList<>();
        for (DesiredLink.DatabaseLink db : desired.databases()) {
            steps.add(instanceLink(db, mi, scope.backups().get(db.database())));
            steps.add(distributedGroup(db, sql));
            if (scope.availabilityGroups()) {
                steps.add(availabilityGroup(db, sql, mi));
            }
        }
        if (certificates) {
            String title = "the instance's endpoint certificate imported as [" + mi.fqdn() + "]";
            steps.add(sql.certificate(mi.fqdn()).isPresent()
                    ? new PlannedStep("sql.instanceCertificate", Side.SQL_SERVER, title, "imported", Change.DELETE,
                    null, new TsqlBatch(CertificateTsql.dropManagedInstanceCertificate(mi.fqdn())))
                    : PlannedStep.unchanged("sql.instanceCertificate", Side.SQL_SERVER, title, "not there"));
            String trustTitle = "SQL Server's certificate trusted by the instance (serverTrustCertificates/"
                    + desired.certificateName() + ")";
            boolean trusted = mi.trustCertificates().stream()
                    .anyMatch(t -> t.name().equalsIgnoreCase(desired.certificateName()));
            steps.add(trusted ? new PlannedStep("arm.trustCertificate", Side.MANAGED_INSTANCE, trustTitle, "uploaded",
                    Change.DELETE, null, new DeleteTrustCertificate(desired.certificateName(), mi.ref().resourceGroup(),
                    mi.name())) : PlannedStep.unchanged("arm.trustCertificate", Side.MANAGED_INSTANCE, trustTitle,
                    "not there"));
        }
        return new LinkPlan(steps);
    }

    /**
     * The link on the instance. Never removed before the instance's first full backup of the database (Doc, "Fail
     * over a link", known issue: the database can become unavailable after the next restart): while the instance is
     * primary only with the backup guard's confirmation, and while it is secondary not against a guard that was read
     * and holds.
     */
    private static PlannedStep instanceLink(DesiredLink.DatabaseLink db, InstanceObservation mi,
                                            FirstFullBackupGuard.Verdict backup) {
        String id = "arm.link[" + db.database() + "]";
        String title = "link " + db.distributedAvailabilityGroup() + " on the instance";
        Optional<DistributedAvailabilityGroup> link = mi.link(db.distributedAvailabilityGroup());
        if (link.isEmpty()) {
            return PlannedStep.unchanged(id, Side.MANAGED_INSTANCE, title, "not there");
        }
        if (!db.availabilityGroup().equalsIgnoreCase(link.get().partnerAvailabilityGroupName())
                || !db.instanceAvailabilityGroup().equalsIgnoreCase(link.get().instanceAvailabilityGroupName())) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, "exists for other groups",
                    "The instance's link " + db.distributedAvailabilityGroup() + " joins ["
                            + link.get().partnerAvailabilityGroupName() + "] with ["
                            + link.get().instanceAvailabilityGroupName() + "], not [" + db.availabilityGroup()
                            + "] with [" + db.instanceAvailabilityGroup() + "] as the spec names them: it is not this"
                            + " link, and milink removes only the link the spec describes. Check names.availabilityGroup,"
                            + " names.distributedAvailabilityGroup and names.instanceAvailabilityGroup in the spec.");
        }
        boolean primary = "Primary".equalsIgnoreCase(link.get().instanceLinkRole());
        if (backup != null && !backup.confirmed()) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, primary ? "the instance is primary"
                    : "exists (the instance is secondary)", backup.evidence());
        }
        if (primary && backup != null) {
            return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "exists (the instance is primary; "
                    + backup.evidence() + ")", Change.DELETE, null,
                    new DeleteInstanceLink(db.distributedAvailabilityGroup(), mi.ref().resourceGroup(), mi.name()));
        }
        if (primary) {
            return PlannedStep.blocked(id, Side.MANAGED_INSTANCE, title, "the instance is primary",
                    "Not yet: the instance is the link's primary. Removing the link before the instance has taken its"
                            + " first full backup of " + db.database() + " can make the database unavailable after its"
                            + " next restart (Microsoft Learn, 'Fail over a link'). Confirm that backup in the"
                            + " instance (msdb.dbo.backupset, type D, after the failover), then remove the link with"
                            + " 'az sql mi link delete'.");
        }
        return new PlannedStep(id, Side.MANAGED_INSTANCE, title, "exists (the instance is secondary)", Change.DELETE,
                null, new DeleteInstanceLink(db.distributedAvailabilityGroup(), mi.ref().resourceGroup(), mi.name()));
    }

    /**
     * SQL Server's distributed group, dropped only when it is this link's: distributed, and joining exactly the two
     * groups the spec names. A group of that name with other members belongs to something else.
     */
    private static PlannedStep distributedGroup(DesiredLink.DatabaseLink db, SqlServerObservation sql) {
        String id = "sql.distributedAvailabilityGroup[" + db.database() + "]";
        String name = db.distributedAvailabilityGroup();
        String title = "distributed availability group [" + name + "]";
        Optional<SqlServerObservation.Group> group = sql.group(name);
        if (group.isEmpty()) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "not there");
        }
        List<String> members = group.get().replicas().stream().map(SqlServerObservation.Replica::name).toList();
        if (!group.get().distributed()) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "a plain availability group of that name",
                    "[" + name + "] is an availability group, not a distributed one: it is not the link's, and"
                            + " dropping it would end whatever uses it. Check names.distributedAvailabilityGroup in"
                            + " the spec.");
        }
        boolean ours = members.size() == 2
                && members.stream().anyMatch(db.availabilityGroup()::equalsIgnoreCase)
                && members.stream().anyMatch(db.instanceAvailabilityGroup()::equalsIgnoreCase);
        if (!ours) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, "joins " + members,
                    "[" + name + "] joins " + members + ", not [" + db.availabilityGroup() + "] with ["
                            + db.instanceAvailabilityGroup() + "] as the spec names them: it is not this link's, and"
                            + " milink drops only what the spec describes. Check names.availabilityGroup,"
                            + " names.distributedAvailabilityGroup and names.instanceAvailabilityGroup in the spec;"
                            + " if that group is to go anyway, drop it yourself (DROP AVAILABILITY GROUP "
                            + Tsql.quoteName(name) + ").");
        }
        return drop(id, title, "exists, joins " + members, name);
    }

    /**
     * The link's availability group, dropped only when it holds nothing but the link's database on one replica, as
     * milink creates it: a group that also holds other databases or has other replicas serves more than the link,
     * and dropping it would take those out of their availability group too.
     */
    private static PlannedStep availabilityGroup(DesiredLink.DatabaseLink db, SqlServerObservation sql,
                                                 InstanceObservation mi) {
        String id = "sql.availabilityGroup[" + db.database() + "]";
        String name = db.availabilityGroup();
        String title = "availability group [" + name + "]";
        Optional<SqlServerObservation.Group> group = sql.group(name);
        if (group.isEmpty()) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "not there");
        }
        SqlServerObservation.Group g = group.get();
        String observed = (g.distributed() ? "a distributed group" : "holds " + g.databases()) + ", "
                + g.replicas().size() + " replica(s)";
        if (g.distributed()) {
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, observed, "[" + name + "] is a distributed"
                    + " availability group, not the link's availability group. Check names.availabilityGroup in the"
                    + " spec.");
        }
        boolean onlyTheDatabase = g.databases().size() == 1 && g.databases().get(0).equalsIgnoreCase(db.database());
        if (!onlyTheDatabase || g.replicas().size() != 1) {
            String what = g.databases().stream().noneMatch(db.database()::equalsIgnoreCase)
                    ? "does not hold [" + db.database() + "] (it holds " + g.databases() + ")"
                    : !onlyTheDatabase ? "also holds other databases (" + g.databases() + ")"
                    : "has " + g.replicas().size() + " replicas";
            return PlannedStep.blocked(id, Side.SQL_SERVER, title, observed, "[" + name + "] " + what + ": it is"
                    + " not only this link's, and dropping it would take the rest out of their availability group"
                    + " too. milink drops a link's availability group only when it holds just the link's database on"
                    + " one replica, as milink creates it, so nothing was removed. If the name is right, remove the"
                    + " link by hand and keep the group: 'az sql mi link delete --resource-group "
                    + ShellQuote.bash(mi.ref().resourceGroup()) + " --mi " + ShellQuote.bash(mi.name()) + " --name "
                    + ShellQuote.bash(db.distributedAvailabilityGroup()) + " --yes', then on SQL Server DROP"
                    + " AVAILABILITY GROUP " + Tsql.quoteName(db.distributedAvailabilityGroup()) + ". Otherwise"
                    + " correct names.availabilityGroup in the spec.");
        }
        return drop(id, title, "exists, holds only [" + db.database() + "] on one replica", name);
    }

    private static PlannedStep drop(String id, String title, String observed, String group) {
        return new PlannedStep(id, Side.SQL_SERVER, title, observed, Change.DELETE, null, new TsqlBatch(
                "USE [master];\nIF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = " + Tsql.literal(group)
                        + ")\n    DROP AVAILABILITY GROUP " + Tsql.quoteName(group) + ";"));
    }
}
