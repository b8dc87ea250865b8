package io.milink.core.spec;

import io.milink.core.azure.AzureAuthentication;

import java.util.Objects;

/**
 * The managed instance as far as the network is concerned: its FQDN (the VNet-local one the link uses) and, when
 * known, its subnet. The Azure resource itself (subscription, resource group, name) comes with the managed-instance
 * client.
 *
 * @param fqdn      e.g. {@code mi-target-01.abc123def456.database.windows.net}
 * @param subnet    the managed instance subnet in CIDR form, or null
 * @param azureAuth how to sign in to Azure and in which cloud ({@code azureAuth:}); never null
 */
public record ManagedInstanceTarget(String fqdn, String subnet, AzureSignIn azureAuth) {
    public ManagedInstanceTarget {
        Objects.requireNonNull(fqdn, "fqdn");
        if (fqdn.isBlank()) {
            throw new SpecException("managedInstance.fqdn: expected the managed instance's host name");
        }
        azureAuth = azureAuth == null ? AzureSignIn.DEFAULT : azureAuth;
    }

    public ManagedInstanceTarget(String fqdn, String subnet) {
        this(fqdn, subnet, null);
    }

    /**
     * @param authentication the sign-in method and its settings
     * @param cloud          AzureCloud, AzureChinaCloud or AzureUSGovernment; null = AzureCloud
     */
    public record AzureSignIn(AzureAuthentication authentication, String cloud) {
        public static final AzureSignIn DEFAULT = new AzureSignIn(AzureAuthentication.DEFAULT, null);

        public AzureSignIn {
            Objects.requireNonNull(authentication, "authentication");
        }
    }
}
