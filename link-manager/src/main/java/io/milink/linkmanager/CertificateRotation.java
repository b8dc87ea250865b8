package io.milink.linkmanager;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.milink.certs.LinkCertificateName;
import io.milink.certs.RotationRequest;
import io.milink.core.azure.ServerTrustCertificate;

/**
 * What a rotation of SQL Server's link certificate must name, read off both sides as they are now: the certificate
 * the mirroring endpoint authenticates with, the instance's trust certificate that holds it (found by thumbprint:
 * the name it was uploaded under is whatever the tool that made the link chose), and the links that must reconnect
 * with the new one before anything old is removed. The plan itself is {@link io.milink.certs.RotationPlanner}'s.
 */
public final class CertificateRotation {

    private CertificateRotation() {
    }

    /**
     * @param today     the day the new certificate is named after ({@link LinkCertificateName#forRotation})
     * @param newExpiry the new certificate's expiry date
     * @throws IllegalStateException saying why there is nothing to rotate yet, or what to fix first
     */
    public static RotationRequest request(SqlServerObservation sql, InstanceObservation mi, LocalDate today,
                                          LocalDate newExpiry) {
        if (!newExpiry.isAfter(today)) {
            throw new IllegalStateException("the new certificate's expiry date " + newExpiry + " must be after today ("
                    + today + ")");
        }
        SqlServerObservation.Endpoint endpoint = sql.endpoint();
        if (endpoint == null) {
            throw new IllegalStateException("SQL Server has no database mirroring endpoint, so no link certificate to "
                    + "rotate: 'milink link plan' shows what creating the link makes");
        }
        if (endpoint.certificateName() == null) {
            throw new IllegalStateException("endpoint " + endpoint.name() + " authenticates with Windows only ("
                    + endpoint.connectionAuth() + "): it has no certificate to rotate; 'milink link plan' shows the "
                    + "change that adds the link's certificate");
        }
        SqlServerObservation.Certificate current = sql.certificate(endpoint.certificateName()).orElseThrow(() ->
                new IllegalStateException("endpoint " + endpoint.name() + "'s certificate " + endpoint.certificateName()
                        + " is not in sys.certificates"));
        ServerTrustCertificate trusted = mi.trustCertificateByThumbprint(current.thumbprintHex()).orElseThrow(() ->
                new IllegalStateException("the instance " + mi.name() + " trusts no certificate with the thumbprint of "
                        + current.name() + " (0x" + current.thumbprintHex() + "), the one endpoint " + endpoint.name()
                        + " presents, so its links cannot connect now: 'milink link plan' shows the upload that "
                        + "fixes it; rotate once they are connected"));
        List<String> links = sql.groups().stream().filter(SqlServerObservation.Group::distributed)
                .map(SqlServerObservation.Group::name).toList();
        if (links.isEmpty()) {
            throw new IllegalStateException("SQL Server has no distributed availability group, so no link that could "
                    + "prove a new certificate works; the certificate " + current.name() + " is used by no link: "
                    + "'milink link create' makes one with a new certificate");
        }
        String newName = LinkCertificateName.forRotation(sql.serverName(), today);
        if (sql.certificate(newName).isPresent()) {
            throw new IllegalStateException("a certificate named " + newName + " is already in master (a rotation "
                    + "begun today and not finished?): finish that rotation with its script, or drop " + newName
                    + " if the endpoint does not use it, then ask again");
        }
        if (mi.trustCertificates().stream().anyMatch(t -> t.name().equalsIgnoreCase(newName))) {
            throw new IllegalStateException("the instance " + mi.name() + " already has a trust certificate named "
                    + newName + ": finish the rotation that uploaded it, or delete it (az sql mi partner-cert delete) "
                    + "if nothing uses it, then ask again");
        }
        String auth = endpoint.connectionAuth().toUpperCase(Locale.ROOT);
        // Other availability groups on the endpoint may authenticate with Windows: keep it (scripts page §3.7).
        boolean keepWindows = auth.contains("NEGOTIATE") || auth.contains("NTLM") || auth.contains("KERBEROS");
        return new RotationRequest(current.name(), newName, newExpiry, endpoint.name(), keepWindows, links, mi.ref(),
                trusted.name(), newName);
    }
}
