package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.util.List;

import io.milink.core.ShellQuote;

/** ARM DELETE distributedAvailabilityGroups/{name}: replication stops (Doc, scripts page "Drop a link", §6 step 1). */
record DeleteInstanceLink(String name, String resourceGroup, String instanceName) implements StepAction {

    @Override
    public String shown() {
        return "DELETE …/managedInstances/" + instanceName + "/distributedAvailabilityGroups/" + name;
    }

    @Override
    public List<String> script() {
        return List.of("# Azure CLI: remove the link on the managed instance (its database stays, read-write)",
                command());
    }

    String command() {
        return "az sql mi link delete --resource-group " + ShellQuote.bash(resourceGroup) + " --mi "
                + ShellQuote.bash(instanceName) + " --name " + ShellQuote.bash(name) + " --yes";
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        session.arm().links().delete(name, accepted);
    }
}
