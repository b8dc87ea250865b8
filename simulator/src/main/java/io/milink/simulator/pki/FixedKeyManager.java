package io.milink.simulator.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS server's key manager that holds one key and its certificate in memory. The twins used to put them into a
 * PKCS#12 key store for a KeyManagerFactory, which protects the key with 10,000 rounds of PBKDF2 on the way in and
 * again on the way out: a quarter of the CPU of a whole rehearsal, for a key that never leaves the process. Like the
 * JDK's SunX509 key manager, it offers the key for the key type the handshake asks for when the key is of that type.
 */
public final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "twin";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    public FixedKeyManager(PrivateKey key, X509Certificate... chain) {
        if (chain.length == 0) {
            throw new IllegalArgumentException("a key manager needs the key's certificate");
        }
        this.key = key;
        this.chain = chain.clone();
    }

    public static FixedKeyManager of(IssuedCertificate certificate) {
        return new FixedKeyManager(certificate.privateKey(), certificate.certificate());
    }

    private String aliasFor(String keyType) {
        return key.getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    /** A server's key only: the twins never authenticate as a TLS client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
