package io.milink.api.service;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collections;

/**
 * A server certificate the operator configured instead of the generated self-signed one: a PEM certificate (chain)
 * with its PEM private key, or a PKCS#12 keystore. {@link #load} reads and checks the files before the server starts,
 * so a wrong path or password is a one-line error rather than a stack trace from deep inside Netty.
 */
public final class ServerCertificate {

    /** A configured certificate that cannot be used; the message says which file and what to do. */
    public static final class Unusable extends RuntimeException {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KeyCertOptions options;
    private final String description;

    private ServerCertificate(KeyCertOptions options, String description) {
        this.options = options;
        this.description = description;
    }

    /** A PEM certificate file (the server's certificate first, then any intermediates) and its PEM private key. */
    public static ServerCertificate pem(Path certificateFile, Path keyFile) {
        byte[] certificate = read(certificateFile, "--tls-cert");
        byte[] key = read(keyFile, "--tls-key");
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(
                    new java.io.ByteArrayInputStream(certificate)).isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
        } catch (CertificateException e) {
            throw new Unusable("--tls-cert " + certificateFile + " is not a PEM certificate (" + e.getMessage()
                    + "); give the server certificate in PEM, '-----BEGIN CERTIFICATE-----'", e);
        }
        String keyText = new String(key, java.nio.charset.StandardCharsets.US_ASCII);
        if (!keyText.contains("PRIVATE KEY-----")) {
            throw new Unusable("--tls-key " + keyFile + " holds no PEM private key; give the unencrypted key in PEM "
                    + "('-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----' or EC)", null);
        }
        if (keyText.contains("ENCRYPTED PRIVATE KEY-----")) {
            throw new Unusable("--tls-key " + keyFile + " is encrypted, which PEM keys here cannot be; use a PKCS#12 "
                    + "keystore with --tls-keystore and a password instead", null);
        }
        return new ServerCertificate(new PemKeyCertOptions().addCertValue(Buffer.buffer(certificate))
                .addKeyValue(Buffer.buffer(key)), "PEM " + certificateFile);
    }

    /** A PKCS#12 keystore holding one private key with its certificate chain. */
    public static ServerCertificate pkcs12(Path keystoreFile, char[] password) {
        byte[] bytes = read(keystoreFile, "--tls-keystore");
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new Unusable("--tls-keystore " + keystoreFile + " holds no private key; export the "
                        + "certificate together with its key", null);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new Unusable("cannot open --tls-keystore " + keystoreFile + " as PKCS#12 (" + e.getMessage()
                    + "); check the file and the password in the variable or file you named", e);
        }
        return new ServerCertificate(new PfxOptions().setValue(Buffer.buffer(bytes))
                .setPassword(new String(password)), "PKCS#12 " + keystoreFile);
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Unusable(option + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the path and its permissions", e);
        }
    }

    public KeyCertOptions keyCertOptions() {
        return options;
    }

    /**
     * The options, once Vert.x has built its key manager from them: a key it cannot parse fails here, with a
     * message naming the files, instead of at the first TLS handshake.
     */
    public KeyCertOptions checkedKeyCertOptions(io.vertx.core.Vertx vertx) {
        try {
            options.getKeyManagerFactory(vertx);
            return options;
        } catch (Exception e) {
            throw new Unusable("cannot use the configured certificate (" + description + "): " + e.getMessage()
                    + "; give an unencrypted PEM key (PKCS#8 or PKCS#1) that belongs to the certificate", e);
        }
    }

    /** Where it came from, for the start-up line (never the key or password). */
    public String description() {
        return description;
    }
}
