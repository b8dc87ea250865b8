package io.milink.simulator.sqlserver.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance's Always On objects: its DATABASE_MIRRORING endpoint and its availability groups, plain and
 * distributed. Read and written under {@link InstanceState#lock()}, like the rest of the state; writers call
 * {@link InstanceState#changed()}.
 */
public final class HadrState {

    /** The DATABASE_MIRRORING endpoint, or empty: SQL Server allows one per instance (error 7862 for a second). */
    public final List<EndpointState> endpoints = new ArrayList<>();
    /** Every availability group by lower-case name, plain and distributed, in creation order. */
    public final Map<String, AvailabilityGroupState> availabilityGroups = new LinkedHashMap<>();
    private int nextEndpointId = 65536;

    /** User endpoints are numbered from 65536 (the five system endpoints are 1 to 5). */
    public int nextEndpointId() {
        return nextEndpointId++;
    }

    public EndpointState mirroringEndpoint() {
        return endpoints.isEmpty() ? null : endpoints.get(0);
    }

    public EndpointState endpoint(String name) {
        return endpoints.stream().filter(e -> e.name.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    public AvailabilityGroupState group(String name) {
        return name == null ? null : availabilityGroups.get(InstanceState.key(name));
    }

    public void add(AvailabilityGroupState group) {
        availabilityGroups.put(InstanceState.key(group.name), group);
    }

    public void remove(AvailabilityGroupState group) {
        availabilityGroups.remove(InstanceState.key(group.name));
    }

    public List<AvailabilityGroupState> plainGroups() {
        return availabilityGroups.values().stream().filter(g -> !g.distributed).toList();
    }

    public List<AvailabilityGroupState> distributedGroups() {
        return availabilityGroups.values().stream().filter(g -> g.distributed).toList();
    }

    /** The plain availability group that holds this database, or null. */
    public AvailabilityGroupState groupOfDatabase(String database) {
        return plainGroups().stream().filter(g -> g.hasDatabase(database)).findFirst().orElse(null);
    }

    /** The plain availability group that is a distributed group's local member, or null (it may have been dropped). */
    public AvailabilityGroupState localMemberGroup(AvailabilityGroupState distributed) {
        ReplicaState local = distributed.localReplica();
        AvailabilityGroupState g = local == null ? null : group(local.name);
        return g == null || g.distributed ? null : g;
    }

    /** The distributed groups that have this (plain) group as their local member. */
    public List<AvailabilityGroupState> distributedGroupsOn(String localGroup) {
        return distributedGroups().stream()
                .filter(d -> d.localReplica() != null && d.localReplica().name.equalsIgnoreCase(localGroup)).toList();
    }
}
