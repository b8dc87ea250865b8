package io.milink.simulator.arm;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.DefaultSslContextFactory;
import io.vertx.core.spi.tls.SslContextFactory;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Vert.x's JDK TLS engine for the ARM twin's HTTPS server, with Netty's server context made from a JDK
 * {@link SSLContext} directly ({@link JdkSslContext}) instead of through Netty's {@code JdkSslServerContext}. The
 * engines are configured the same (the JDK's default enabled cipher suites, as Vert.x's default factory takes them;
 * Netty's default protocols; no client authentication; ALPN only when asked for); what is left out is the class
 * {@code JdkSslServerContext}, whose static initialiser tests whether trust managers can be wrapped by building a
 * key store from a built-in PEM key (a Bouncy Castle parse with RSA key validation, then PBKDF2 into a PKCS#12 store
 * and out again). That test is for servers that verify client certificates, which the twin never asks for, and it
 * was the largest piece of the ARM twin's start-up in a rehearsal's profile (bench/README.md, StartupBench).
 * A client context, or a server that authenticates clients, is made by Vert.x's default factory as before.
 */
final class ServerTlsEngineOptions extends JdkSSLEngineOptions {

    ServerTlsEngineOptions() {
    }

    private ServerTlsEngineOptions(ServerTlsEngineOptions that) {
        super(that);
    }

    @Override
    public ServerTlsEngineOptions copy() {
        return new ServerTlsEngineOptions(this);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory(new DefaultSslContextFactory(SslProvider.JDK, false));
    }

    /** Records what Vert.x configures, and hands everything but a plain server context to Vert.x's factory. */
    static final class Factory implements SslContextFactory {

        private final SslContextFactory vertxDefault;
        private boolean useAlpn;
        private ClientAuth clientAuth;
        private boolean forClient;
        private KeyManagerFactory keyManagers;
        private TrustManagerFactory trustManagers;
        private Set<String> enabledCipherSuites;
        private List<String> applicationProtocols;

        Factory(SslContextFactory vertxDefault) {
            this.vertxDefault = vertxDefault;
        }

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            this.useAlpn = useAlpn;
            vertxDefault.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
            vertxDefault.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            this.forClient = forClient;
            vertxDefault.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
            this.keyManagers = kmf;
            vertxDefault.keyMananagerFactory(kmf);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
            this.trustManagers = tmf;
            vertxDefault.trustManagerFactory(tmf);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
            this.enabledCipherSuites = enabledCipherSuites;
            vertxDefault.enabledCipherSuites(enabledCipherSuites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
            this.applicationProtocols = applicationProtocols;
            vertxDefault.applicationProtocols(applicationProtocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String serverName) {
            vertxDefault.serverName(serverName);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            if (forClient || keyManagers == null || clientAuth != null && clientAuth != ClientAuth.NONE) {
                return vertxDefault.create();
            }
            try {
                // As Netty's server context does: the JDK's default trust managers when none are given.
                TrustManagerFactory trust = trustManagers;
                if (trust == null) {
                    trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    trust.init((KeyStore) null);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
                Collection<String> ciphers = enabledCipherSuites == null || enabledCipherSuites.isEmpty()
                        ? Arrays.asList(context.createSSLEngine().getEnabledCipherSuites()) : enabledCipherSuites;
                ApplicationProtocolConfig alpn = useAlpn && applicationProtocols != null
                        && !applicationProtocols.isEmpty()
                        ? new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, applicationProtocols)
                        : null;
                return new JdkSslContext(context, false, ciphers, IdentityCipherSuiteFilter.INSTANCE, alpn,
                        ClientAuth.NONE, null, false);
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot make the ARM twin's server TLS context", e);
            }
        }
    }
}
