package io.milink.simulator.tds;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.milink.simulator.pki.IssuedCertificate;

/** Builds the server {@link SSLContext} from an issued certificate, through an in-memory key store. */
final class TlsContexts {
    private static final char[] IN_MEMORY_PASSWORD = "tds-twin".toCharArray();

    private TlsContexts() {
    }

    static SSLContext serverContext(IssuedCertificate certificate) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tds", certificate.privateKey(), IN_MEMORY_PASSWORD,
                    new Certificate[] {certificate.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS context from the configured certificate", e);
        }
    }
}
