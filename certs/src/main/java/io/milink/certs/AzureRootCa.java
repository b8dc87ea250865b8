package io.milink.certs;

import java.time.Instant;
import java.util.Objects;

/**
 * One Azure root certificate authority from the bundle, with the facts the data file states about it.
 *
 * @param id            stable id used in check ids and reports, e.g. {@code digicert-global-root-g2}
 * @param sqlServerName the name Microsoft's link scripts give it on SQL Server ({@code DigiCertPKI},
 *                      {@code MicrosoftPKI}); the generated T-SQL uses it, the checks never rely on it
 * @param certificate   the certificate, already verified against {@code thumbprint} and {@code notAfter}
 * @param source        where the file was copied from
 */
public record AzureRootCa(String id, String sqlServerName, DerCertificate certificate, String source) {

    public AzureRootCa {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sqlServerName, "sqlServerName");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(source, "source");
    }

    public Thumbprint thumbprint() {
        return certificate.thumbprint();
    }

    public Instant notAfter() {
        return certificate.x509().getNotAfter().toInstant();
    }

    public TrustedRoot asTrustedRoot() {
        return new TrustedRoot(id, certificate);
    }
}
