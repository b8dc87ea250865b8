package io.milink.simulator.tds;

import java.io.IOException;
import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

import io.milink.simulator.pki.FixedKeyManager;
import io.milink.simulator.pki.IssuedCertificate;

/** Builds the server {@link SSLContext} from an issued certificate, held in memory ({@link FixedKeyManager}). */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext serverContext(IssuedCertificate certificate) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {FixedKeyManager.of(certificate)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS context from the configured certificate", e);
        }
    }
}
