package io.milink.core.spec;

import java.util.Objects;

/**
 * The managed instance as far as the network is concerned: its FQDN (the VNet-local one the link uses) and, when
 * known, its subnet. The Azure resource itself (subscription, resource group, name) comes with the managed-instance
 * client.
 *
 * @param fqdn   e.g. {@code mi-target-01.abc123def456.database.windows.net}
 * @param subnet the managed instance subnet in CIDR form, or null
 */
public record ManagedInstanceTarget(String fqdn, String subnet) {
    public ManagedInstanceTarget {
        Objects.requireNonNull(fqdn, "fqdn");
        if (fqdn.isBlank()) {
            throw new SpecException("managedInstance.fqdn: expected the managed instance's host name");
        }
    }
}
