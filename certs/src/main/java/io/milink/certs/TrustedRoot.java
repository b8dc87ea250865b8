package io.milink.certs;

import java.util.Objects;

/**
 * A certificate a validation may end at, with a label saying where it came from: the bundle id
 * ({@code digicert-global-root-g2}) or the {@code sys.certificates.name} on SQL Server ({@code DigiCertPKI}). The
 * label is for the report only; matching is by signature and key.
 */
public record TrustedRoot(String label, DerCertificate certificate) {

    public TrustedRoot {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * A row of {@code SELECT name, CERTENCODED(certificate_id) FROM master.sys.certificates}, as the inventory
     * batch reads it.
     */
    public static TrustedRoot fromSqlServer(String name, byte[] certEncoded) {
        return new TrustedRoot(name, CertificateReader.read(certEncoded));
    }
}
