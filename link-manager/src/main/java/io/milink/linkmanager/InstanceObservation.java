package io.milink.linkmanager;

import java.util.List;
import java.util.Optional;

import io.milink.certs.DerCertificate;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.ServerTrustCertificate;

/**
 * What the managed instance has of a link's objects, read over ARM ({@link InstanceObserver}).
 *
 * @param ref                 the instance's resource; its name is the {@code Server=[…]} of the DAG's listener URL
 * @param fqdn                its VNet-local host name: the name its certificate is imported under on SQL Server
 * @param endpointCertificate its DATABASE_MIRRORING endpoint certificate
 * @param databases           its databases (a link must not replicate into a name it has)
 */
public record InstanceObservation(io.milink.core.azure.ManagedInstanceRef ref, String fqdn, DerCertificate endpointCertificate,
                                  List<ServerTrustCertificate> trustCertificates,
                                  List<DistributedAvailabilityGroup> links, List<String> databases) {

    public String name() {
        return ref.name();
    }

    public Optional<ServerTrustCertificate> trustCertificateByThumbprint(String thumbprintHex) {
        return trustCertificates.stream().filter(t -> t.thumbprint() != null
                && t.thumbprint().equalsIgnoreCase(thumbprintHex)).findFirst();
    }

    public Optional<DistributedAvailabilityGroup> link(String name) {
        return links.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst();
    }
}
