package io.milink.core.sql;

import io.milink.core.UnreadableFile;
import io.milink.core.spec.SpecException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * The certificate a user pins for strict encryption ({@code --server-certificate}, a spec's
 * {@code serverCertificate}), checked to be one before a connection is tried: the driver would otherwise fail the
 * TLS handshake with a message that prints the server's own certificate, and never say that the file was wrong.
 */
public final class PinnedCertificate {

    private PinnedCertificate() {
    }

    /**
     * @param named how the user named the file, for the message ("--server-certificate")
     * @throws SpecException when the file cannot be read or holds no X.509 certificate (PEM or DER, as the driver
     *                       reads it)
     */
    public static void check(Path file, String named) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpecException(named + ": " + UnreadableFile.message("the certificate", file, e));
        }
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(content));
        } catch (CertificateException e) {
            throw new SpecException(named + ": " + file + " is not a certificate (an X.509 certificate in PEM or "
                    + "DER); give the file of the SQL Server's own TLS certificate");
        }
    }
}
