package io.milink.core.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.spec.SpecException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file pinned as the server's certificate must be one: PEM and DER are, a text file or a missing file are not. */
class PinnedCertificateTest {

    @TempDir
    Path dir;

    /** Any certificate will do: the JDK's own trust store has plenty. */
    private static Certificate someCertificate() throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            roots.load(in, null);
        }
        return roots.getCertificate(roots.aliases().nextElement());
    }

    @Test
    void aPemOrDerCertificateIsAccepted() throws Exception {
        Certificate certificate = someCertificate();
        Path der = Files.write(dir.resolve("server.cer"), certificate.getEncoded());
        Path pem = Files.writeString(dir.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        assertThatCode(() -> PinnedCertificate.check(der, "--server-certificate")).doesNotThrowAnyException();
        assertThatCode(() -> PinnedCertificate.check(pem, "--server-certificate")).doesNotThrowAnyException();
    }

    @Test
    void aFileThatIsNotACertificateIsRefusedSayingSo() throws Exception {
        Path hostname = Files.writeString(dir.resolve("hostname"), "vm\n");
        assertThatThrownBy(() -> PinnedCertificate.check(hostname, "--server-certificate"))
                .isInstanceOf(SpecException.class)
                .hasMessage("--server-certificate: " + hostname + " is not a certificate (an X.509 certificate in PEM "
                        + "or DER); give the file of the SQL Server's own TLS certificate");
        assertThatThrownBy(() -> PinnedCertificate.check(dir.resolve("missing.pem"), "--server-certificate"))
                .hasMessage("--server-certificate: cannot read the certificate " + dir.resolve("missing.pem")
                        + ": no such file; check the path");
    }
}
