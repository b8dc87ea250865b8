package io.milink.simulator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/** The in-memory key manager serves the twin's key to TLS 1.2 and 1.3 clients, for the key's own type only. */
class FixedKeyManagerTest {

    private final IssuedCertificate issued = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 30);
    private final FixedKeyManager keys = FixedKeyManager.of(issued);

    @Test
    void offersTheKeyOnlyForItsOwnType() {
        String type = issued.privateKey().getAlgorithm();
        String alias = keys.chooseServerAlias(type, null, null);
        assertThat(alias).isNotNull();
        assertThat(keys.chooseEngineServerAlias(type, null, null)).isEqualTo(alias);
        assertThat(keys.getServerAliases(type, null)).containsExactly(alias);
        assertThat(keys.getPrivateKey(alias)).isSameAs(issued.privateKey());
        assertThat(keys.getCertificateChain(alias)).containsExactly(issued.certificate());
        String other = type.equals("EC") ? "RSA" : "EC";
        assertThat(keys.chooseServerAlias(other, null, null)).isNull();
        assertThat(keys.getServerAliases(other, null)).isNull();
        assertThat(keys.getPrivateKey("another")).isNull();
        assertThat(keys.getCertificateChain("another")).isNull();
        assertThat(keys.chooseClientAlias(new String[] {type}, null, null)).isNull();
        assertThatThrownBy(() -> new FixedKeyManager(issued.privateKey())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientTrustingTheCertificateCompletesAHandshakeOverTls12AndTls13() throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {keys}, null, null);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("twin", issued.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
                CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                    try (SSLSocket accepted = (SSLSocket) listener.accept(); InputStream in = accepted.getInputStream()) {
                        return in.read();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                        listener.getLocalPort())) {
                    socket.setEnabledProtocols(new String[] {protocol});
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(issued.certificate());
                    OutputStream out = socket.getOutputStream();
                    out.write(42);
                    out.flush();
                }
                assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
    }
}
