package io.milink.core.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;

import io.milink.core.azure.LinkRequests.FailoverType;
import io.milink.core.azure.LinkRequests.LinkCreation;
import io.milink.core.azure.LinkRequests.LinkRole;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.core.azure.LinkRequests.RoleChangeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The managed instance's links ({@code distributedAvailabilityGroups}, api-version 2025-01-01; arm-api.md §2.1):
 * the operations azure-resourcemanager-sql 2.53 lacks (failover, setRole) or speaks only in the old shape. Every
 * change is a long-running operation this class waits for. Blocking: call from a worker thread.
 */
public final class DistributedAvailabilityGroups {

    private static final String PATH = "/distributedAvailabilityGroups";

    private final ArmCalls arm;

    DistributedAvailabilityGroups(ArmCalls arm) {
        this.arm = arm;
    }

    public List<DistributedAvailabilityGroup> list() throws ArmCallException {
        List<DistributedAvailabilityGroup> result = new ArrayList<>();
        for (JsonNode link : arm.list(PATH)) {
            result.add(DistributedAvailabilityGroup.fromJson(link));
        }
        return result;
    }

    /** Empty when the instance has no link of that name. */
    public Optional<DistributedAvailabilityGroup> get(String name) throws ArmCallException {
        return arm.getIfPresent(PATH + "/" + ArmPathSegment.segment("link name", name)).map(DistributedAvailabilityGroup::fromJson);
    }

    /**
     * Creates the link and waits until ARM reports it. A link of that name that already exists is returned as it is
     * (ARM answers 200 without changing it): the caller compares it with what it asked for.
     */
    public DistributedAvailabilityGroup create(String name, LinkCreation link) throws ArmCallException {
        return resultOrRead(name, arm.runOperation(HttpMethod.PUT, PATH + "/" + ArmPathSegment.segment("link name", name), link.toJson()));
    }

    /**
     * Creates the link and waits until ARM's operation has succeeded, without reading the link back: one GET fewer
     * than {@link #create}, for a caller that observes the instance afterwards anyway (the link engine does). A link
     * of that name that already exists is left as it is, as with {@link #create}. {@code listener} is told the
     * operation's status URL once Azure accepts it.
     */
    public void createWithoutReadBack(String name, LinkCreation link, AcceptedOperation.Listener listener)
            throws ArmCallException {
        arm.runOperationWithoutResult(HttpMethod.PUT, PATH + "/" + ArmPathSegment.segment("link name", name), link.toJson(), listener);
    }

    /** PATCH: the replication mode is the only property the service updates. */
    public DistributedAvailabilityGroup changeReplicationMode(String name, ReplicationMode mode)
            throws ArmCallException {
        return resultOrRead(name, arm.runOperation(HttpMethod.PATCH, PATH + "/" + ArmPathSegment.segment("link name", name),
                LinkRequests.replicationModeChange(mode)));
    }

    /** Drops the link on the managed instance; dropping a link that does not exist is not an error (204). */
    public void delete(String name) throws ArmCallException {
        delete(name, AcceptedOperation.Listener.NONE);
    }

    /** As {@link #delete(String)}, telling {@code listener} the operation's status URL once accepted. */
    public void delete(String name, AcceptedOperation.Listener listener) throws ArmCallException {
        arm.runOperationWithoutResult(HttpMethod.DELETE, PATH + "/" + ArmPathSegment.segment("link name", name), null, listener);
    }

    /**
     * {@code POST …/failover}. A planned failover needs the instance to be primary; a forced one may lose data and
     * is the caller's explicit choice.
     */
    public DistributedAvailabilityGroup failover(String name, FailoverType type) throws ArmCallException {
        return resultOrRead(name, arm.runOperation(HttpMethod.POST, PATH + "/" + ArmPathSegment.segment("link name", name) + "/failover",
                LinkRequests.failover(type)));
    }

    /** {@code POST …/setRole}: changes the managed instance's role in the link. */
    public DistributedAvailabilityGroup setRole(String name, LinkRole instanceRole, RoleChangeType change)
            throws ArmCallException {
        return resultOrRead(name, arm.runOperation(HttpMethod.POST, PATH + "/" + ArmPathSegment.segment("link name", name) + "/setRole",
                LinkRequests.setRole(instanceRole, change)));
    }

    /** The operation's final body, or (when ARM returned none) the link as it now is. */
    private DistributedAvailabilityGroup resultOrRead(String name, JsonNode result) throws ArmCallException {
        return DistributedAvailabilityGroup.fromJson(result != null ? result : arm.get(PATH + "/" + ArmPathSegment.segment("link name", name)));
    }
}
