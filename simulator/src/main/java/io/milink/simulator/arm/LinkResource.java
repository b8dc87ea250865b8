package io.milink.simulator.arm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.milink.simulator.link.LinkRole;
import io.milink.simulator.link.LinkStatus;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.ReplicationPhase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One link: a {@code Microsoft.Sql/managedInstances/distributedAvailabilityGroups} resource in the 2025-01-01 shape
 * (DistributedAvailabilityGroups.json, definition {@code DistributedAvailabilityGroupProperties}). Mutable; guarded
 * by {@link ManagedInstance}'s lock.
 */
final class LinkResource {

    record Database(String databaseName, UUID instanceReplicaId, UUID partnerReplicaId) {
    }

    final String name;
    final UUID id = UUID.randomUUID();
    String replicationMode = "Async";
    String instanceLinkRole;
    final String instanceAvailabilityGroupName;
    final String partnerAvailabilityGroupName;
    final String partnerEndpoint;
    final String failoverMode;
    final String seedingMode;
    final List<Database> databases = new ArrayList<>();

    LinkResource(String name, String instanceLinkRole, String instanceAvailabilityGroupName,
                 String partnerAvailabilityGroupName, String partnerEndpoint, String failoverMode, String seedingMode,
                 List<String> databaseNames) {
        this.name = name;
        this.instanceLinkRole = instanceLinkRole;
        this.instanceAvailabilityGroupName = instanceAvailabilityGroupName;
        this.partnerAvailabilityGroupName = partnerAvailabilityGroupName;
        this.partnerEndpoint = partnerEndpoint;
        this.failoverMode = failoverMode;
        this.seedingMode = seedingMode;
        for (String db : databaseNames) {
            databases.add(new Database(db, UUID.randomUUID(), UUID.randomUUID()));
        }
    }

    List<String> databaseNames() {
        return databases.stream().map(Database::databaseName).toList();
    }

    /** What this resource asks of the link world when it is created. */
    LinkWorld.JoinRequest joinRequest() {
        return new LinkWorld.JoinRequest(name, instanceAvailabilityGroupName, partnerAvailabilityGroupName,
                partnerEndpoint, databaseNames(), "Primary".equals(instanceLinkRole), "Sync".equals(replicationMode));
    }

    /**
     * The resource body. The roles, the replication mode in force and each database's replication come from the
     * link world's status (null when the world no longer knows the link: then only the properties are shown).
     */
    JsonObject toJson(String instanceId, LinkStatus status) {
        JsonArray dbs = new JsonArray();
        for (Database d : databases) {
            JsonObject entry = new JsonObject()
                    .put("databaseName", d.databaseName())
                    .put("instanceReplicaId", d.instanceReplicaId().toString())
                    .put("partnerReplicaId", d.partnerReplicaId().toString());
            LinkStatus.DatabaseStatus db = status == null ? null : status.databases().stream()
                    .filter(x -> x.name().equalsIgnoreCase(d.databaseName())).findFirst().orElse(null);
            if (db != null) {
                describe(entry, status, db);
            }
            dbs.add(entry);
        }
        String role = instanceLinkRole;
        String mode = replicationMode;
        if (status != null) {
            role = status.managedInstanceRole() == LinkRole.PRIMARY ? "Primary" : "Secondary";
            mode = status.instanceSynchronousCommit() ? "Sync" : "Async";
        }
        String partnerRole = "Primary".equals(role) ? "Secondary" : "Primary";
        JsonObject properties = new JsonObject()
                .put("distributedAvailabilityGroupName", name)
                .put("distributedAvailabilityGroupId", id.toString())
                .put("replicationMode", mode)
                .put("partnerLinkRole", partnerRole)
                .put("partnerAvailabilityGroupName", partnerAvailabilityGroupName)
                .put("partnerEndpoint", partnerEndpoint)
                .put("instanceLinkRole", role)
                .put("instanceAvailabilityGroupName", instanceAvailabilityGroupName)
                .put("failoverMode", failoverMode)
                .put("seedingMode", seedingMode)
                .put("databases", dbs);
        return new JsonObject()
                .put("properties", properties)
                .put("id", instanceId + "/distributedAvailabilityGroups/" + name)
                .put("name", name)
                .put("type", "Microsoft.Sql/managedInstances/distributedAvailabilityGroups");
    }

    /**
     * One {@code DistributedAvailabilityGroupDatabase} as the managed instance reports it (2025-01-01; arm-api.md
     * §3.1, mi-link-workflow.md §4.3). LSNs are the instance's own view: what it has hardened as a secondary, its
     * end of log as a primary. The lag fields are filled "when Managed Instance link side is primary".
     */
    private static void describe(JsonObject entry, LinkStatus link, LinkStatus.DatabaseStatus db) {
        boolean instancePrimary = link.managedInstanceRole() == LinkRole.PRIMARY;
        String instanceLsn = (instancePrimary ? db.primaryLsn() : db.secondaryHardenedLsn()).toPlainString();
        entry.put("replicaState", replicaState(link, db))
                .put("seedingProgress", db.seedingPercent() + "%")
                .put("synchronizationHealth", db.synchronizationHealth())
                .put("connectedState", link.connected() ? "CONNECTED" : "DISCONNECTED")
                .put("lastReceivedLsn", instanceLsn)
                .put("lastHardenedLsn", instanceLsn)
                .put("lastSentLsn", db.primaryLsn().toPlainString())
                .put("lastCommitLsn", (instancePrimary ? db.primaryLsn() : db.secondaryRedoneLsn()).toPlainString())
                .put("lastBackupLsn", db.seedingStartLsn().toPlainString());
        putTime(entry, "lastReceivedTime", instancePrimary ? db.lastCommitTime() : db.lastHardenedTime());
        putTime(entry, "lastHardenedTime", instancePrimary ? db.lastCommitTime() : db.lastHardenedTime());
        putTime(entry, "lastSentTime", db.lastHardenedTime());
        putTime(entry, "lastCommitTime", instancePrimary ? db.lastCommitTime() : db.lastRedoneTime());
        putTime(entry, "lastBackupTime", db.seedingStarted());
        if (db.failureMessage() != null) {
            entry.put("mostRecentLinkError", db.failureMessage());
        } else if (db.logFull()) {
            // The primary's log is full (Doc: best practices, log growth); error 9002's text.
            entry.put("mostRecentLinkError", "Error 9002: The transaction log for database '" + db.name()
                    + "' is full due to 'AVAILABILITY_REPLICA'.");
        } else if (link.lastError() != null) {
            entry.put("mostRecentLinkError", link.lastError().mostRecentLinkError());
        }
        if (instancePrimary) {
            entry.put("instanceSendReplicationLagSeconds", (int) Math.min(Integer.MAX_VALUE, db.lagSeconds()))
                    .put("instanceRedoReplicationLagSeconds", (int) Math.min(Integer.MAX_VALUE,
                            db.redoRateBytes() == 0 ? 0 : db.redoQueueBytes() / Math.max(1, db.redoRateBytes())));
        }
    }

    /**
     * {@code replicaState} is a free string (mi-link-workflow.md §4.3): the docs name CreatingLink,
     * LinkSynchronizing, LinkFailoverInProgress and *Error states; the contract's examples show Seeding and Catchup.
     */
    private static String replicaState(LinkStatus link, LinkStatus.DatabaseStatus db) {
        return switch (db.phase()) {
            case SEEDING -> db.seededBytes() == 0 ? "CreatingLink" : "Seeding";
            case CATCHING_UP -> "Catchup";
            case SYNCHRONIZING -> "LinkSynchronizing";
            case SEEDING_FAILED -> "LinkCreationError";
        };
    }

    private static void putTime(JsonObject entry, String field, Instant time) {
        if (time != null) {
            entry.put(field, time.toString());
        }
    }
}
