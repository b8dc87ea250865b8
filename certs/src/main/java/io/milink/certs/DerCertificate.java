package io.milink.certs;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One X.509 certificate, kept as the exact DER bytes it was read from. Those bytes are what SQL Server stores
 * ({@code CREATE CERTIFICATE ... FROM BINARY}), returns ({@code CERTENCODED}) and hashes for
 * {@code sys.certificates.thumbprint}, so milink never re-encodes them. Two instances are equal when their bytes
 * are equal. Build one with {@link CertificateReader} or {@link #of(X509Certificate)}.
 */
public final class DerCertificate {

    private final byte[] der;
    private final X509Certificate x509;

    private DerCertificate(byte[] der, X509Certificate x509) {
        this.der = der;
        this.x509 = x509;
    }

    /** Wraps a JDK certificate (its {@code getEncoded()} bytes are kept). */
    public static DerCertificate of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return new DerCertificate(certificate.getEncoded(), certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Parses DER bytes already known to hold a certificate. {@link CertificateReader} classifies its input first
     * and calls this last, so its errors are the precise ones; this one only guards direct use.
     */
    static DerCertificate parseDer(byte[] der) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            return new DerCertificate(der.clone(), cert);
        } catch (CertificateException | ClassCastException e) {
            throw new CertificateFormatException(CertificateFormatException.Reason.NOT_A_CERTIFICATE,
                    "the bytes are DER but not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** A copy of the DER bytes. */
    public byte[] der() {
        return der.clone();
    }

    /** The parsed certificate, for JDK APIs (path building, signature checks). */
    public X509Certificate x509() {
        return x509;
    }

    /** SHA-1 of the DER bytes: what {@code sys.certificates.thumbprint} holds. */
    public Thumbprint thumbprint() {
        return Thumbprint.sha1(der);
    }

    /** Subject, issuer, serial, validity, key and hashes. */
    public CertificateIdentity identity() {
        return CertificateIdentity.of(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DerCertificate other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return x509.getSubjectX500Principal().getName() + " [sha1 " + thumbprint().hex() + "]";
    }
}
