package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.milink.certs.CertificateTsql;
import io.milink.core.Tsql;
import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * What removing a link takes, in the documented order (Doc, scripts page "Drop a link"; mi-link-workflow.md §6): the
 * link on the instance first (replication stops; the instance's database stays, an independent read-write copy), then
 * SQL Server's distributed availability group and the link's availability group; with {@code certificates}, also the
 * instance's certificate imported on SQL Server and SQL Server's certificate trusted by the instance. The Azure roots,
 * the link certificate and the endpoint stay: other links and availability groups may use them.
 */
public final class LinkRemovalPlanner {

    private LinkRemovalPlanner() {
    }

    public static LinkPlan plan(DesiredLink desired, SqlServerObservation sql, InstanceObservation mi,
                                boolean certificates) {
        List<PlannedStep> steps = new ArrayList<>();
        for (DesiredLink.DatabaseLink db : desired.databases()) {
            steps.add(instanceLink(db, mi));
            steps.add(drop("sql.distributedAvailabilityGroup[" + db.database() + "]",
                    "distributed availability group [" + db.distributedAvailabilityGroup() + "]", sql,
                    db.distributedAvailabilityGroup()));
            steps.add(drop("sql.availabilityGroup[" + db.database() + "]",
                    "availability group [" + db.availabilityGroup() + "]", sql, db.availabilityGroup()));
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
     * The link on the instance. Refused while the instance is the primary: after a failover to it, removing the link
     * before the instance's first full backup of the database can leave the database unavailable after the next
     * restart (Doc, "Fail over a link", known issue), and milink cannot see the instance's backups yet.
     */
    private static PlannedStep instanceLink(DesiredLink.DatabaseLink db, InstanceObservation mi) {
        String id = "arm.link[" + db.database() + "]";
        String title = "link " + db.distributedAvailabilityGroup() + " on the instance";
        Optional<DistributedAvailabilityGroup> link = mi.link(db.distributedAvailabilityGroup());
        if (link.isEmpty()) {
            return PlannedStep.unchanged(id, Side.MANAGED_INSTANCE, title, "not there");
        }
        if ("Primary".equalsIgnoreCase(link.get().instanceLinkRole())) {
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

    private static PlannedStep drop(String id, String title, SqlServerObservation sql, String group) {
        if (sql.group(group).isEmpty()) {
            return PlannedStep.unchanged(id, Side.SQL_SERVER, title, "not there");
        }
        return new PlannedStep(id, Side.SQL_SERVER, title, "exists", Change.DELETE, null, new TsqlBatch(
                "USE [master];\nIF EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = " + Tsql.literal(group)
                        + ")\n    DROP AVAILABILITY GROUP " + Tsql.quoteName(group) + ";"));
    }
}
