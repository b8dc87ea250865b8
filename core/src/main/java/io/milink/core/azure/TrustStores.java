package io.milink.core.azure;

import io.milink.core.UnreadableFile;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SpecException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the trust store a Resource Manager endpoint of its own is trusted with: a PEM file of one or more CA or
 * server certificates (what a private cloud's operator hands out), a single DER certificate, or a PKCS#12 file.
 */
public final class TrustStores {

    private TrustStores() {
    }

    /**
     * @param password  a PKCS#12 file's password, or null
     * @param variables where the password's environment variable is looked up
     * @throws IllegalArgumentException naming the file and what to give instead; never a password
     */
    public static KeyStore load(Path file, SecretSource password, Map<String, String> variables) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(UnreadableFile.message("the trust store", file, e), e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return pkcs12(file, content, password, variables);
        }
        if (password != null) {
            throw new IllegalArgumentException("the trust store " + file + " is read as PEM certificates, which "
                    + "have no password; a password applies to a .p12/.pfx file only");
        }
        return certificates(file, content);
    }

    private static KeyStore certificates(Path file, byte[] content) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = new ByteArrayInputStream(content)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException | IOException e) {
            certificates = Collections.emptyList();
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the trust store " + file + " holds no certificate; give a PEM file "
                    + "of the CA or server certificates (-----BEGIN CERTIFICATE-----), or a .p12/.pfx file");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store", e);
        }
    }

    private static KeyStore pkcs12(Path file, byte[] content, SecretSource password, Map<String, String> variables) {
        char[] secret = null;
        if (password != null) {
            try {
                secret = password.resolve(variables).toCharArray();
            } catch (SpecException e) {
                throw new IllegalArgumentException("the trust store password is not available from "
                        + password.describe(), e);
            }
        }
        try (InputStream in = new ByteArrayInputStream(content)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot open the PKCS#12 trust store " + file + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")" + (password == null
                    ? "; if it has a password, name where it is (trustStorePasswordEnv or trustStorePasswordFile)"
                    : "; check its password"), e);
        } finally {
            if (secret != null) {
                java.util.Arrays.fill(secret, '\0');
            }
        }
        throw new IllegalArgumentException("the PKCS#12 trust store " + file + " holds no trusted certificate"
                + (password == null ? " readable without a password; name where its password is "
                + "(trustStorePasswordEnv or trustStorePasswordFile)" : ""));
    }
}
