package io.milink.core.spec;

import io.milink.core.azure.AzureAuthentication;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.azure.ResourceManagerEndpoint;

import java.util.Objects;

/**
 * The managed instance: its Azure resource (subscription, resource group, name), read over Azure Resource Manager
 * for the mi.* and cert.mi.* checks, and its network identity, probed for the net.* checks. Either half may be
 * missing, not both.
 *
 * @param fqdn      the VNet-local host name the link uses, e.g. {@code mi-target-01.abc123def456.database.windows.net};
 *                  null when not given (the network checks then SKIP)
 * @param subnet    the managed instance subnet in CIDR form, or null
 * @param resource  the Azure resource; null when not given (the Azure checks then SKIP unless --mi names it)
 * @param azureAuth how to sign in to Azure and in which cloud ({@code azureAuth:}); never null
 * @param probeNetwork false: probe nothing from this host, not even the name ARM reports ({@code probeNetwork:
 *                  false}; the net.* checks SKIP). For a host that is not the SQL Server's, whose probes would test
 *                  the wrong network, and for the twins, whose names are fictitious
 * @param sql       the instance's SQL endpoint and how to log in to it ({@code sql:}), or null when not given: what
 *                  reads the instance's own backup history (msdb.dbo.backupset) before a link is removed
 */
public record ManagedInstanceTarget(String fqdn, String subnet, ManagedInstanceRef resource, AzureSignIn azureAuth,
                                    boolean probeNetwork, SqlServerTarget sql) {
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
        azureAuth = azureAuth == null ? AzureSignIn.DEFAULT : azureAuth;
    }

    /** Without the instance's SQL endpoint. */
    public ManagedInstanceTarget(String fqdn, String subnet, ManagedInstanceRef resource, AzureSignIn azureAuth,
                                 boolean probeNetwork) {
        this(fqdn, subnet, resource, azureAuth, probeNetwork, null);
    }

    /** Probing the network from this host, as milink does unless told not to. */
    public ManagedInstanceTarget(String fqdn, String subnet, ManagedInstanceRef resource, AzureSignIn azureAuth) {
        this(fqdn, subnet, resource, azureAuth, true);
    }

    /** The network identity alone, signing in to Azure the default way. */
    public ManagedInstanceTarget(String fqdn, String subnet) {
        this(Objects.requireNonNull(fqdn, "fqdn"), subnet, null, null);
    }

    /** The network identity and the Azure resource, signing in to Azure the default way. */
    public ManagedInstanceTarget(String fqdn, String subnet, ManagedInstanceRef resource) {
        this(fqdn, subnet, resource, null);
    }

    /** This target with another Azure resource ({@code --mi} overrides the spec's). */
    public ManagedInstanceTarget withResource(ManagedInstanceRef newResource) {
        return new ManagedInstanceTarget(fqdn, subnet, newResource, azureAuth, probeNetwork, sql);
    }

    /**
     * @param authentication  the sign-in method and its settings
     * @param cloud           AzureCloud, AzureChinaCloud or AzureUSGovernment; null = AzureCloud. It chooses the
     *                        sign-in authority, and the Resource Manager endpoint unless {@code resourceManager} names
     *                        one
     * @param resourceManager where Resource Manager is and how it is trusted; null = the cloud's, the JDK's trust
     */
    public record AzureSignIn(AzureAuthentication authentication, String cloud,
                              ResourceManagerEndpoint resourceManager) {
        public static final AzureSignIn DEFAULT = new AzureSignIn(AzureAuthentication.DEFAULT, null);

        /**
         * @throws IllegalArgumentException when the method is {@code none} and Resource Manager is not on this
         *                                  machine: a placeholder token is for the ARM twin and tests only
         */
        public AzureSignIn {
            Objects.requireNonNull(authentication, "authentication");
            resourceManager = resourceManager == null ? ResourceManagerEndpoint.CLOUD : resourceManager;
            if (authentication.method() == AzureAuthentication.Method.NONE && !resourceManager.loopback()) {
                throw new IllegalArgumentException("none signs in nowhere, so it is only for a Resource Manager "
                        + "endpoint on this machine (https://localhost, https://127.0.0.1 or https://[::1], e.g. the "
                        + "ARM twin), not " + (resourceManager.url() == null ? "Azure's own"
                        : resourceManager.url().toString()) + "; choose a real sign-in method");
            }
        }

        /** The cloud's own Resource Manager, trusted as the JDK trusts it. */
        public AzureSignIn(AzureAuthentication authentication, String cloud) {
            this(authentication, cloud, null);
        }
    }
}
