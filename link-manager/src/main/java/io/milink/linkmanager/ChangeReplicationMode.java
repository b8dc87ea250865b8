package io.milink.linkmanager;

import java.util.List;

import io.milink.core.ShellQuote;
import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.LinkRequests;

/**
 * The link's replication mode on the instance: ARM PATCH distributedAvailabilityGroups/{name} with
 * {@code replicationMode}, the one property the service updates (arm-api.md §2, DistributedAvailabilityGroups_Update).
 * SQL Server's side of the same setting is its distributed group's AVAILABILITY_MODE, a step of its own.
 */
record ChangeReplicationMode(String name, LinkRequests.ReplicationMode mode, String resourceGroup, String instanceName)
        implements StepAction {

    @Override
    public String shown() {
        return "PATCH …/managedInstances/" + instanceName + "/distributedAvailabilityGroups/" + name + " "
                + LinkRequests.replicationModeChange(mode);
    }

    @Override
    public List<String> script() {
        return script(name, mode, resourceGroup, instanceName);
    }

    /**
     * The Azure CLI command. {@code --replication-mode} (Async|Sync) is the option azure-cli's generated
     * 'sql mi link update' takes, and arm-api.md §8.2 lists it for the CLI's 'sql mi link' commands; it is not
     * confirmed against the current Azure CLI reference page (UNCONFIRMED), hence the hint in the script.
     */
    static List<String> script(String name, LinkRequests.ReplicationMode mode, String resourceGroup,
                               String instanceName) {
        return List.of("# Azure CLI: set the link's replication mode on the managed instance to " + mode.wire()
                        + " (if your CLI refuses the option, see: az sql mi link update --help)",
                "az sql mi link update --resource-group " + ShellQuote.bash(resourceGroup) + " --mi "
                        + ShellQuote.bash(instanceName) + " --name " + ShellQuote.bash(name) + " --replication-mode "
                        + mode.wire());
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        // Not journaled as accepted: setting the mode again after a crash changes nothing, so a rerun may resend it.
        session.arm().links().changeReplicationMode(name, mode);
    }
}
