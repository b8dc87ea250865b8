package io.milink.api.service;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The certificate {@code milink serve} makes at each start when none is configured: self-signed, for localhost,
 * this machine's name, 127.0.0.1 and ::1. Its PEM (public) is written to the data directory for clients to trust
 * (curl --cacert); the private key never leaves memory.
 */
final class SelfSignedTls {

    static final String CERTIFICATE_FILE = "tls/milink-serve-certificate.pem";

    private final IssuedCertificate certificate;

    private SelfSignedTls(IssuedCertificate certificate) {
        this.certificate = certificate;
    }

    static SelfSignedTls generate(String bindAddress) {
        List<String> names = new ArrayList<>(CertificateIssuer.loopbackHostNames());
        if (!bindAddress.isBlank() && !bindAddress.matches("[0-9.:]+") && !names.contains(bindAddress)) {
            names.add(bindAddress);
        }
        return new SelfSignedTls(CertificateIssuer.tlsServer(names, 365));
    }

    String certificatePem() {
        return certificate.pem();
    }

    PemKeyCertOptions keyCertOptions() {
        String key = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new PemKeyCertOptions()
                .addKeyValue(Buffer.buffer(key))
                .addCertValue(Buffer.buffer(certificate.pem()));
    }

    /** Writes the certificate (not the key) where operators and clients find it; returns the file. */
    Path writeCertificate(Path dataDirectory) {
        Path file = dataDirectory.resolve(CERTIFICATE_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, certificate.pem(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service certificate to " + file, e);
        }
    }
}
