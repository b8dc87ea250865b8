package io.milink.simulator.arm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

    String partnerLinkRole() {
        return "Primary".equals(instanceLinkRole) ? "Secondary" : "Primary";
    }

    List<String> databaseNames() {
        return databases.stream().map(Database::databaseName).toList();
    }

    /** The resource body; per-database status is the steady state of a healthy, caught-up link. */
    JsonObject toJson(String instanceId) {
        String now = Instant.now().toString();
        JsonArray dbs = new JsonArray();
        for (Database d : databases) {
            dbs.add(new JsonObject()
                    .put("databaseName", d.databaseName())
                    .put("instanceReplicaId", d.instanceReplicaId().toString())
                    .put("partnerReplicaId", d.partnerReplicaId().toString())
                    .put("replicaState", "Catchup")
                    .put("synchronizationHealth", "HEALTHY")
                    .put("connectedState", "CONNECTED")
                    .put("lastReceivedLsn", "71000009407900001")
                    .put("lastReceivedTime", now)
                    .put("lastCommitLsn", "71000009407900004")
                    .put("lastCommitTime", now)
                    .put("lastHardenedLsn", "71000009408100001")
                    .put("lastHardenedTime", now)
                    .put("instanceSendReplicationLagSeconds", 0)
                    .put("instanceRedoReplicationLagSeconds", 0));
        }
        JsonObject properties = new JsonObject()
                .put("distributedAvailabilityGroupName", name)
                .put("distributedAvailabilityGroupId", id.toString())
                .put("replicationMode", replicationMode)
                .put("partnerLinkRole", partnerLinkRole())
                .put("partnerAvailabilityGroupName", partnerAvailabilityGroupName)
                .put("partnerEndpoint", partnerEndpoint)
                .put("instanceLinkRole", instanceLinkRole)
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
}
