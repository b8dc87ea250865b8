package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.spi.tls.DefaultSslContextFactory;
import io.vertx.core.spi.tls.SslContextFactory;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;

/** The ARM twin's server TLS engines are configured as Vert.x's default factory configures them. */
class ServerTlsEngineOptionsTest {

    private static final IssuedCertificate TLS = CertificateIssuer.tlsServer(List.of("localhost"), 1);

    private static KeyManagerFactory keyManagers() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("twin", TLS.privateKey(), "p".toCharArray(), new Certificate[] {TLS.certificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, "p".toCharArray());
        return factory;
    }

    /** Configures a factory as Vert.x does for an HTTPS server with default options. */
    private static SslContext server(SslContextFactory factory, boolean alpn) throws Exception {
        return factory.forClient(false).keyMananagerFactory(keyManagers()).enabledCipherSuites(Set.of())
                .useAlpn(alpn).applicationProtocols(List.of("h2", "http/1.1")).clientAuth(ClientAuth.NONE)
                .create();
    }

    @Test
    void aServerEngineHasTheDefaultFactorysProtocolsCipherSuitesAndClientAuthentication() throws Exception {
        for (boolean alpn : new boolean[] {false, true}) {
            SslContext twin = server(new ServerTlsEngineOptions().sslContextFactory(), alpn);
            SslContext vertx = server(new DefaultSslContextFactory(SslProvider.JDK, false), alpn);

            assertThat(twin).isExactlyInstanceOf(JdkSslContext.class);
            assertThat(twin.isServer()).isTrue();
            assertThat(twin.cipherSuites()).isEqualTo(vertx.cipherSuites());
            assertThat(twin.applicationProtocolNegotiator().protocols())
                    .isEqualTo(vertx.applicationProtocolNegotiator().protocols());
            SSLEngine twinEngine = twin.newEngine(ByteBufAllocator.DEFAULT);
            SSLEngine vertxEngine = vertx.newEngine(ByteBufAllocator.DEFAULT);
            assertThat(twinEngine.getUseClientMode()).isFalse();
            assertThat(twinEngine.getEnabledProtocols()).containsExactly(vertxEngine.getEnabledProtocols());
            assertThat(twinEngine.getEnabledCipherSuites()).containsExactly(vertxEngine.getEnabledCipherSuites());
            assertThat(twinEngine.getNeedClientAuth()).isEqualTo(vertxEngine.getNeedClientAuth()).isFalse();
            assertThat(twinEngine.getWantClientAuth()).isEqualTo(vertxEngine.getWantClientAuth()).isFalse();
        }
    }

    @Test
    void aServerThatAuthenticatesClientsOrAClientIsLeftToTheDefaultFactory() throws Exception {
        SslContext requiring = new ServerTlsEngineOptions().sslContextFactory().forClient(false)
                .keyMananagerFactory(keyManagers()).clientAuth(ClientAuth.REQUIRE).create();
        assertThat(requiring.getClass()).isNotEqualTo(JdkSslContext.class);
        assertThat(requiring.newEngine(ByteBufAllocator.DEFAULT).getNeedClientAuth()).isTrue();

        SslContext client = new ServerTlsEngineOptions().sslContextFactory().forClient(true).create();
        assertThat(client.isClient()).isTrue();
    }

    @Test
    void aCopyKeepsTheTwinsFactory() {
        assertThat(new ServerTlsEngineOptions().copy()).isInstanceOf(ServerTlsEngineOptions.class);
    }
}
