package io.milink.certs;

import io.milink.core.Tsql;
import io.milink.core.azure.ManagedInstanceRef;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a rotation of the SQL Server link certificate needs to know.
 *
 * @param oldCertificateName       the certificate the endpoint uses now ({@code sys.certificates.name})
 * @param newCertificateName       the certificate to create; see {@link LinkCertificateName#forRotation}
 * @param newExpiryDate            its expiry date
 * @param endpointName             the database mirroring endpoint ({@code sys.database_mirroring_endpoints.name})
 * @param keepWindowsAuthentication true when other availability groups on the endpoint use Windows authentication:
 *                                 the endpoint then keeps {@code WINDOWS NEGOTIATE CERTIFICATE}
 *                                 (mi-link-workflow.md section 3.7)
 * @param linkNames                the distributed availability groups on the endpoint whose connection proves the new
 *                                 certificate works: every one must reconnect before anything old is removed
 * @param managedInstance          where the trust certificates live in Azure
 * @param oldTrustCertificateName  the name the old certificate was uploaded under on the managed instance
 * @param newTrustCertificateName  the name to upload the new one under (Microsoft's scripts reuse the SQL Server name)
 */
public record RotationRequest(
        String oldCertificateName,
        String newCertificateName,
        LocalDate newExpiryDate,
        String endpointName,
        boolean keepWindowsAuthentication,
        List<String> linkNames,
        ManagedInstanceRef managedInstance,
        String oldTrustCertificateName,
        String newTrustCertificateName) {

    public RotationRequest {
        // quoteName validates: not empty, at most 128 characters, no control characters.
        Tsql.quoteName(Objects.requireNonNull(oldCertificateName, "oldCertificateName"));
        Tsql.quoteName(Objects.requireNonNull(newCertificateName, "newCertificateName"));
        Objects.requireNonNull(newExpiryDate, "newExpiryDate");
        Tsql.quoteName(Objects.requireNonNull(endpointName, "endpointName"));
        linkNames = List.copyOf(linkNames);
        if (linkNames.isEmpty()) {
            throw new IllegalArgumentException("name at least one link whose connection proves the new certificate");
        }
        linkNames.forEach(Tsql::quoteName);
        Objects.requireNonNull(managedInstance, "managedInstance");
        Tsql.quoteName(Objects.requireNonNull(oldTrustCertificateName, "oldTrustCertificateName"));
        Tsql.quoteName(Objects.requireNonNull(newTrustCertificateName, "newTrustCertificateName"));
        if (oldCertificateName.equals(newCertificateName)) {
            throw new IllegalArgumentException("the new certificate needs a name of its own: both are '"
                    + oldCertificateName + "', and the old one must stay until the new one is proven");
        }
        if (oldTrustCertificateName.equals(newTrustCertificateName)) {
            throw new IllegalArgumentException("the new trust certificate needs a name of its own on the managed"
                    + " instance: names are unique there (CertificateAlreadyExists) and the old one must stay until"
                    + " the new one is proven");
        }
    }
}
