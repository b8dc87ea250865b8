package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;

import io.milink.core.ShellQuote;
import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.LinkRequests;

/** The link on the instance: ARM PUT distributedAvailabilityGroups/{dag} at 2025-01-01 (Doc, scripts page §3.11). */
record CreateInstanceLink(String name, LinkRequests.LinkCreation link, String resourceGroup, String instanceName)
        implements StepAction {

    /** The body as the request sends it, built by Jackson: names with quotes or backslashes stay valid JSON. */
    @Override
    public String shown() {
        return "PUT …/managedInstances/" + instanceName + "/distributedAvailabilityGroups/" + name + " " + link.toJson();
    }

    /**
     * {@code az sql mi link create} has no replication mode option (the service starts the link in its default,
     * Async), so a Sync link is set with {@code az sql mi link update} right after.
     */
    @Override
    public List<String> script() {
        List<String> lines = new ArrayList<>(List.of(
                "# Azure CLI: create the link on the managed instance (seeding starts)",
                "az sql mi link create --resource-group " + ShellQuote.bash(resourceGroup) + " --mi "
                        + ShellQuote.bash(instanceName) + " --name " + ShellQuote.bash(name)
                        + " --partner-availability-group-name " + ShellQuote.bash(link.partnerAvailabilityGroupName())
                        + " --instance-availability-group-name " + ShellQuote.bash(link.instanceAvailabilityGroupName())
                        + " --databases " + ShellQuote.bash("[{database-name:" + link.databases().get(0) + "}]")
                        + " --partner-endpoint " + ShellQuote.bash(link.partnerEndpoint())
                        + " --instance-link-role Secondary --failover-mode " + link.failoverMode().wire()
                        + " --seeding-mode Automatic"));
        if (link.replicationMode() == LinkRequests.ReplicationMode.SYNC) {
            lines.addAll(ChangeReplicationMode.script(name, link.replicationMode(), resourceGroup, instanceName));
        }
        return lines;
    }

    /**
     * The PUT carries the replication mode; should the service start the link in another one anyway (the older API
     * versions ignored it on create, arm-api.md §4), it is set at once, as the script does.
     */
    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        session.arm().links().createWithoutReadBack(name, link, accepted);
        if (link.replicationMode() == LinkRequests.ReplicationMode.SYNC) {
            // Only a sync link pays the read: async is what the service starts a link in anyway.
            DistributedAvailabilityGroup made = session.arm().links().get(name).orElseThrow(
                    () -> new IllegalStateException("link " + name + " is not on the instance after its creation"));
            if (made.replicationMode() != null && !link.replicationMode().wire().equalsIgnoreCase(
                    made.replicationMode())) {
                session.arm().links().changeReplicationMode(name, link.replicationMode());
            }
        }
    }
}
