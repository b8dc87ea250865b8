package io.milink.linkmanager;

import io.milink.certs.CertificateReader;
import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceInfo;

/** Reads the managed instance's side of a link over ARM: the instance, its certificate, trust certificates, links. */
public final class InstanceObserver {

    private InstanceObserver() {
    }

    public static InstanceObservation observe(ManagedInstanceClient instance, LinkArmClient arm)
            throws ArmCallException {
        ManagedInstanceInfo info = instance.instance();
        return new InstanceObservation(instance.ref(), info.fqdn(),
                CertificateReader.read(instance.endpointCertificateBlob()), arm.trustCertificates().list(),
                arm.links().list(), instance.databaseNames());
    }
}
