package io.milink.core.azure;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * What milink sends to create or change a link, in the 2025-01-01 request shapes
 * (DistributedAvailabilityGroups.json: {@code DistributedAvailabilityGroup}, {@code
 * DistributedAvailabilityGroupsFailoverRequest}, {@code DistributedAvailabilityGroupSetRole}; arm-api.md §3).
 * Only writable properties are ever sent.
 */
public final class LinkRequests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LinkRequests() {
    }

    /** {@code LinkRole}: the managed instance's side of the link. */
    public enum LinkRole {
        PRIMARY("Primary"), SECONDARY("Secondary");

        final String wire;

        LinkRole(String wire) {
            this.wire = wire;
        }

        /** The value as ARM spells it. */
        public String wire() {
            return wire;
        }
    }

    /** {@code FailoverModeType}: None = one-way to Azure; Manual = two-way with a SQL Server that supports it. */
    public enum FailoverMode {
        NONE("None"), MANUAL("Manual");

        final String wire;

        FailoverMode(String wire) {
            this.wire = wire;
        }

        /** The value as ARM spells it. */
        public String wire() {
            return wire;
        }
    }

    /** {@code ReplicationModeType}. */
    public enum ReplicationMode {
        ASYNC("Async"), SYNC("Sync");

        final String wire;

        ReplicationMode(String wire) {
            this.wire = wire;
        }

        /** The value as ARM spells it. */
        public String wire() {
            return wire;
        }
    }

    /** {@code FailoverType} of {@code POST …/failover}. */
    public enum FailoverType {
        PLANNED("Planned"), FORCED_ALLOW_DATA_LOSS("ForcedAllowDataLoss");

        final String wire;

        FailoverType(String wire) {
            this.wire = wire;
        }

        /** The value as ARM spells it. */
        public String wire() {
            return wire;
        }
    }

    /** {@code RoleChangeType} of {@code POST …/setRole}. */
    public enum RoleChangeType {
        PLANNED("Planned"), FORCED("Forced");

        final String wire;

        RoleChangeType(String wire) {
            this.wire = wire;
        }

        /** The value as ARM spells it. */
        public String wire() {
            return wire;
        }
    }

    /**
     * A new link: the body of {@code PUT …/distributedAvailabilityGroups/{name}}. The service requires both
     * availability group names, the partner endpoint and the databases (arm-api.md §3.1); 2025-01-01 links carry one
     * database. Seeding is always Automatic: the only mode the service accepts.
     *
     * @param instanceAvailabilityGroupName the availability group the link creates on the managed instance
     * @param partnerAvailabilityGroupName  the availability group on SQL Server
     * @param partnerEndpoint               SQL Server's mirroring endpoint, {@code TCP://host:5022}
     * @param replicationMode               null to let the service choose
     */
    public record LinkCreation(String instanceAvailabilityGroupName, String partnerAvailabilityGroupName,
                               String partnerEndpoint, List<String> databases, LinkRole instanceLinkRole,
                               FailoverMode failoverMode, ReplicationMode replicationMode) {
        public LinkCreation {
            Objects.requireNonNull(instanceAvailabilityGroupName, "instanceAvailabilityGroupName");
            Objects.requireNonNull(partnerAvailabilityGroupName, "partnerAvailabilityGroupName");
            Objects.requireNonNull(partnerEndpoint, "partnerEndpoint");
            databases = List.copyOf(Objects.requireNonNull(databases, "databases"));
            Objects.requireNonNull(instanceLinkRole, "instanceLinkRole");
            Objects.requireNonNull(failoverMode, "failoverMode");
        }

        /** The request body, exactly as {@link DistributedAvailabilityGroups#create} sends it (and a plan shows it). */
        public ObjectNode toJson() {
            ObjectNode p = JSON.objectNode()
                    .put("instanceLinkRole", instanceLinkRole.wire)
                    .put("instanceAvailabilityGroupName", instanceAvailabilityGroupName)
                    .put("partnerAvailabilityGroupName", partnerAvailabilityGroupName)
                    .put("partnerEndpoint", partnerEndpoint)
                    .put("failoverMode", failoverMode.wire)
                    .put("seedingMode", "Automatic");
            if (replicationMode != null) {
                p.put("replicationMode", replicationMode.wire);
            }
            databases.forEach(db -> p.withArray("databases").addObject().put("databaseName", db));
            return properties(p);
        }
    }

    /**
     * The body of {@code PATCH …/distributedAvailabilityGroups/{name}}: the replication mode is all it changes. Public
     * so a plan can show the very body that is sent.
     */
    public static ObjectNode replicationModeChange(ReplicationMode mode) {
        return properties(JSON.objectNode().put("replicationMode", mode.wire));
    }

    static ObjectNode failover(FailoverType type) {
        return JSON.objectNode().put("failoverType", type.wire);
    }

    static ObjectNode setRole(LinkRole instanceRole, RoleChangeType change) {
        return JSON.objectNode().put("instanceRole", instanceRole.wire).put("roleChangeType", change.wire);
    }

    /** The body of {@code PUT …/serverTrustCertificates/{name}}: the DER certificate as hex without {@code 0x}. */
    static ObjectNode trustCertificate(String publicBlobHex) {
        return properties(JSON.objectNode().put("publicBlob", publicBlobHex));
    }

    private static ObjectNode properties(ObjectNode properties) {
        ObjectNode body = JSON.objectNode();
        body.set("properties", properties);
        return body;
    }
}
