package io.milink.core.azure;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A managed-instance link as ARM describes it: {@code Microsoft.Sql/managedInstances/distributedAvailabilityGroups}
 * in the 2025-01-01 shape (DistributedAvailabilityGroups.json, {@code DistributedAvailabilityGroupProperties};
 * arm-api.md §3.1), flattened as ARM's {@code x-ms-client-flatten} asks. Enumerations stay strings here because the
 * contract marks them {@code modelAsString}: ARM may add values, and a reader must not fail on them.
 *
 * @param instanceLinkRole the managed instance's role: Primary or Secondary
 * @param partnerLinkRole  SQL Server's role (read-only)
 * @param failoverMode     None (one-way to Azure) or Manual (two-way with a supported SQL Server)
 */
public record DistributedAvailabilityGroup(String id, String name, String distributedAvailabilityGroupName,
                                           UUID distributedAvailabilityGroupId, String replicationMode,
                                           String partnerLinkRole, String partnerAvailabilityGroupName,
                                           String partnerEndpoint, String instanceLinkRole,
                                           String instanceAvailabilityGroupName, String failoverMode,
                                           String seedingMode, List<LinkDatabase> databases) {

    public DistributedAvailabilityGroup {
        databases = databases == null ? List.of() : List.copyOf(databases);
    }

    /**
     * One database of the link and its replication status (everything but the name is read-only). LSNs are strings
     * in the contract and stay strings: they exceed what some clients parse as numbers.
     */
    public record LinkDatabase(String databaseName, UUID instanceReplicaId, UUID partnerReplicaId, String replicaState,
                               String seedingProgress, String synchronizationHealth, String connectedState,
                               String lastReceivedLsn, OffsetDateTime lastReceivedTime, String lastSentLsn,
                               OffsetDateTime lastSentTime, String lastCommitLsn, OffsetDateTime lastCommitTime,
                               String lastHardenedLsn, OffsetDateTime lastHardenedTime, String lastBackupLsn,
                               OffsetDateTime lastBackupTime, String mostRecentLinkError,
                               String partnerAuthCertificateName, OffsetDateTime partnerAuthCertificateExpiry,
                               Integer instanceSendReplicationLagSeconds, Integer instanceRedoReplicationLagSeconds) {

        static LinkDatabase fromJson(JsonNode d) {
            JsonNode cert = d.path("partnerAuthCertValidity");
            return new LinkDatabase(ArmCalls.text(d, "databaseName"), uuid(d, "instanceReplicaId"),
                    uuid(d, "partnerReplicaId"), ArmCalls.text(d, "replicaState"), ArmCalls.text(d, "seedingProgress"),
                    ArmCalls.text(d, "synchronizationHealth"), ArmCalls.text(d, "connectedState"),
                    ArmCalls.text(d, "lastReceivedLsn"), time(d, "lastReceivedTime"), ArmCalls.text(d, "lastSentLsn"),
                    time(d, "lastSentTime"), ArmCalls.text(d, "lastCommitLsn"), time(d, "lastCommitTime"),
                    ArmCalls.text(d, "lastHardenedLsn"), time(d, "lastHardenedTime"), ArmCalls.text(d, "lastBackupLsn"),
                    time(d, "lastBackupTime"), ArmCalls.text(d, "mostRecentLinkError"),
                    ArmCalls.text(cert, "certificateName"), time(cert, "expiryDate"),
                    integer(d, "instanceSendReplicationLagSeconds"), integer(d, "instanceRedoReplicationLagSeconds"));
        }
    }

    static DistributedAvailabilityGroup fromJson(JsonNode body) {
        JsonNode p = body.path("properties");
        List<LinkDatabase> databases = new ArrayList<>();
        for (JsonNode d : p.path("databases")) {
            databases.add(LinkDatabase.fromJson(d));
        }
        return new DistributedAvailabilityGroup(ArmCalls.text(body, "id"), ArmCalls.text(body, "name"),
                ArmCalls.text(p, "distributedAvailabilityGroupName"), uuid(p, "distributedAvailabilityGroupId"),
                ArmCalls.text(p, "replicationMode"), ArmCalls.text(p, "partnerLinkRole"),
                ArmCalls.text(p, "partnerAvailabilityGroupName"), ArmCalls.text(p, "partnerEndpoint"),
                ArmCalls.text(p, "instanceLinkRole"), ArmCalls.text(p, "instanceAvailabilityGroupName"),
                ArmCalls.text(p, "failoverMode"), ArmCalls.text(p, "seedingMode"), databases);
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = ArmCalls.text(node, field);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String text = ArmCalls.text(node, field);
        try {
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Integer integer(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).canConvertToInt() ? node.get(field).asInt() : null;
    }
}
