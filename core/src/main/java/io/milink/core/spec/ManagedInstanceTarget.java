package io.milink.core.spec;

import io.milink.core.azure.ManagedInstanceRef;

/**
 * The managed instance: its Azure resource (subscription, resource group, name), read over Azure Resource Manager
 * for the mi.* and cert.mi.* checks, and its network identity, probed for the net.* checks. Either half may be
 * missing, not both.
 *
 * @param fqdn     the VNet-local host name the link uses, e.g. {@code mi-target-01.abc123def456.database.windows.net};
 *                 null when not given (the network checks then SKIP)
 * @param subnet   the managed instance subnet in CIDR form, or null
 * @param resource the Azure resource; null when not given (the Azure checks then SKIP unless --mi names it)
 */
public record ManagedInstanceTarget(String fqdn, String subnet, ManagedInstanceRef resource) {
    public ManagedInstanceTarget {
        if (fqdn != null && fqdn.isBlank()) {
            throw new SpecException("managedInstance.fqdn: expected the managed instance's host name");
        }
        if (fqdn == null && resource == null) {
            throw new SpecException("managedInstance: give fqdn (for the network checks) and/or the Azure resource, "
                    + "as resourceId or as subscriptionId, resourceGroup and name (for the Azure checks)");
        }
        if (fqdn == null && subnet != null) {
            throw new SpecException("managedInstance.subnet: needs managedInstance.fqdn (the subnet is checked "
                    + "against what that name resolves to)");
        }
    }

    /** The network identity alone. */
    public ManagedInstanceTarget(String fqdn, String subnet) {
        this(java.util.Objects.requireNonNull(fqdn, "fqdn"), subnet, null);
    }

    /** This target with another Azure resource ({@code --mi} overrides the spec's). */
    public ManagedInstanceTarget withResource(ManagedInstanceRef newResource) {
        return new ManagedInstanceTarget(fqdn, subnet, newResource);
    }
}
