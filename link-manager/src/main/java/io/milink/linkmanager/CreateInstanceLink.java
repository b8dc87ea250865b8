package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.util.List;

import io.milink.core.ShellQuote;
import io.milink.core.azure.LinkRequests;

/** The link on the instance: ARM PUT distributedAvailabilityGroups/{dag} at 2025-01-01 (Doc, scripts page §3.11). */
record CreateInstanceLink(String name, LinkRequests.LinkCreation link, String resourceGroup, String instanceName)
        implements StepAction {

    @Override
    public String shown() {
        return "PUT …/managedInstances/" + instanceName + "/distributedAvailabilityGroups/" + name
                + " {\"properties\":{\"instanceAvailabilityGroupName\":\"" + link.instanceAvailabilityGroupName()
                + "\",\"partnerAvailabilityGroupName\":\"" + link.partnerAvailabilityGroupName()
                + "\",\"partnerEndpoint\":\"" + link.partnerEndpoint() + "\",\"databases\":[{\"databaseName\":\""
                + link.databases().get(0) + "\"}],\"instanceLinkRole\":\"Secondary\",\"failoverMode\":\""
                + link.failoverMode().wire() + "\",\"seedingMode\":\"Automatic\",\"replicationMode\":\""
                + link.replicationMode().wire() + "\"}}";
    }

    @Override
    public List<String> script() {
        return List.of("# Azure CLI: create the link on the managed instance (seeding starts)",
                "az sql mi link create --resource-group " + ShellQuote.bash(resourceGroup) + " --mi "
                        + ShellQuote.bash(instanceName) + " --name " + ShellQuote.bash(name)
                        + " --partner-availability-group-name " + ShellQuote.bash(link.partnerAvailabilityGroupName())
                        + " --instance-availability-group-name " + ShellQuote.bash(link.instanceAvailabilityGroupName())
                        + " --databases " + ShellQuote.bash("[{database-name:" + link.databases().get(0) + "}]")
                        + " --partner-endpoint " + ShellQuote.bash(link.partnerEndpoint())
                        + " --instance-link-role Secondary --failover-mode " + link.failoverMode().wire()
                        + " --seeding-mode Automatic");
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        session.arm().links().createWithoutReadBack(name, link, accepted);
    }
}
