package io.milink.simulator.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A certificate the twin issued, with its key pair. */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate we just built", e);
        }
    }

    /** The certificate as PEM, for a client to pin or trust. */
    public String pem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
