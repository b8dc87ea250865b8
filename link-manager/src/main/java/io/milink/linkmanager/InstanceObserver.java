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

    /**
     * The closing check's read after a run changed things: the trust certificates and links again (what the steps
     * change), the rest from {@code earlier}. No step changes the instance's name, host name or endpoint certificate,
     * and a run takes seconds to minutes, so reading them again tells nothing new (a rotation of the certificate by
     * Azure in between is seen by the next plan, as any rotation is). The database list is read again only when one
     * of the desired links is missing or failed: it is what the planner checks before creating a link, and nothing
     * else. Two or three ARM reads instead of five.
     */
    public static InstanceObservation observeAfterChanges(InstanceObservation earlier, ManagedInstanceClient instance,
                                                          LinkArmClient arm, DesiredLink desired)
            throws ArmCallException {
        var trust = arm.trustCertificates().list();
        var links = arm.links().list();
        InstanceObservation partial = new InstanceObservation(earlier.ref(), earlier.fqdn(),
                earlier.endpointCertificate(), trust, links, earlier.databases());
        boolean linkToMake = desired.databases().stream().anyMatch(db -> partial.link(
                db.distributedAvailabilityGroup()).isEmpty() || LinkPlanner.failedCreation(db, partial).isPresent());
        return linkToMake ? new InstanceObservation(earlier.ref(), earlier.fqdn(), earlier.endpointCertificate(),
                trust, links, instance.databaseNames()) : partial;
    }
}
