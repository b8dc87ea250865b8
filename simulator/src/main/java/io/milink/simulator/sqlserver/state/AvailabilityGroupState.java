package io.milink.simulator.sqlserver.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An availability group on this instance: a plain one ({@link #distributed} false; this instance hosts its primary
 * replica, other replicas named in CREATE AVAILABILITY GROUP are remembered but never connect) or a distributed one
 * ({@link #distributed} true; its two {@link #replicas} are the member availability groups, one of them
 * {@link ReplicaState#local} on this instance). Rows of sys.availability_groups, sys.availability_replicas and
 * sys.availability_databases_cluster (Microsoft Learn).
 */
public final class AvailabilityGroupState {

    public final String name;
    public final UUID groupId;
    public final boolean distributed;
    /** WSFC, EXTERNAL or NONE (sys.availability_groups.cluster_type_desc, upper case). */
    public String clusterType;
    /** PRIMARY, SECONDARY_ONLY, SECONDARY (default) or NONE. */
    public String automatedBackupPreference = "SECONDARY";
    public int failureConditionLevel = 3;
    public int healthCheckTimeout = 30000;
    public boolean dbFailover;
    public boolean dtcSupport;
    public boolean basic;
    public int requiredSynchronizedSecondariesToCommit;
    /** ALTER AVAILABILITY GROUP … GRANT CREATE ANY DATABASE (automatic seeding may create databases here). */
    public boolean createAnyDatabaseGranted;
    /** Replicas in the order CREATE AVAILABILITY GROUP named them. */
    public final List<ReplicaState> replicas = new ArrayList<>();
    /**
     * Member databases (plain groups only) by name, each with its group_database_id. A distributed group's
     * databases are those of its local member availability group.
     */
    public final Map<String, UUID> databases = new LinkedHashMap<>();
    public final Instant created;

    public AvailabilityGroupState(String name, UUID groupId, boolean distributed, Instant created) {
        this.name = name;
        this.groupId = groupId;
        this.distributed = distributed;
        this.created = created;
    }

    /** The replica on this instance: the primary of a plain group, the local member of a distributed one. */
    public ReplicaState localReplica() {
        return replicas.stream().filter(r -> r.local).findFirst().orElse(null);
    }

    /** A distributed group's member on the other side (the managed instance of a link), or null. */
    public ReplicaState remoteMember() {
        return distributed ? replicas.stream().filter(r -> !r.local).findFirst().orElse(null) : null;
    }

    /** The replica (member) of that name, case-insensitively, or null. */
    public ReplicaState replica(String replicaName) {
        return replicas.stream().filter(r -> r.name.equalsIgnoreCase(replicaName)).findFirst().orElse(null);
    }

    public boolean hasDatabase(String database) {
        return databases.keySet().stream().anyMatch(d -> d.equalsIgnoreCase(database));
    }
}
