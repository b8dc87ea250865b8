package io.milink.simulator.arm;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A server trust certificate uploaded to the instance (SQL Server's endpoint certificate or a root it chains to).
 *
 * @param thumbprint upper-case hex SHA-1 of the DER, as the ServerTrustCertificatesCreate example shows it
 */
record TrustCertificate(String name, X509Certificate certificate, String thumbprint) {

    /**
     * Parses {@code properties.publicBlob}: the hex of a DER X.509 certificate, with or without {@code 0x} (the
     * upload example sends it without). Anything else — not hex, a bare public key, garbage — is
     * {@code InvalidPublicBlob}.
     */
    static TrustCertificate parse(String name, String publicBlob) {
        if (publicBlob == null || publicBlob.isBlank()) {
            throw new ArmException(ArmError.missingPublicBlob());
        }
        String hex = publicBlob.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        byte[] der;
        try {
            der = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ArmException(ArmError.invalidPublicBlob("the blob is not hexadecimal"));
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new ArmException(ArmError.invalidPublicBlob("the blob is not an X.509 certificate"));
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(der);
            return new TrustCertificate(name, certificate, HexFormat.of().withUpperCase().formatHex(sha1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }
}
