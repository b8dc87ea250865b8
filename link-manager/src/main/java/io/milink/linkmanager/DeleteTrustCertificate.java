package io.milink.linkmanager;

import io.milink.core.azure.AcceptedOperation;

import java.util.List;

import io.milink.core.ShellQuote;

/** ARM DELETE serverTrustCertificates/{name}: the instance stops trusting SQL Server's link certificate. */
record DeleteTrustCertificate(String name, String resourceGroup, String instanceName) implements StepAction {

    @Override
    public String shown() {
        return "DELETE …/managedInstances/" + instanceName + "/serverTrustCertificates/" + name;
    }

    @Override
    public List<String> script() {
        return List.of("# Azure CLI: remove SQL Server's certificate from the managed instance",
                "az sql mi partner-cert delete --resource-group " + ShellQuote.bash(resourceGroup)
                        + " --instance-name " + ShellQuote.bash(instanceName) + " --name " + ShellQuote.bash(name));
    }

    @Override
    public void apply(LinkSession session, AcceptedOperation.Listener accepted) throws Exception {
        session.arm().trustCertificates().delete(name, accepted);
    }
}
