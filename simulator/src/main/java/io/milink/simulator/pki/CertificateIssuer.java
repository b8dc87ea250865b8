package io.milink.simulator.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the X.509 certificates the twins need, with Bouncy Castle: self-signed certificates as SQL Server's
 * {@code CREATE CERTIFICATE ... WITH SUBJECT} makes them, TLS server certificates for the twins' endpoints, and
 * certificates signed by a twin's own CA.
 */
public final class CertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    /**
     * An RSA key pair this process has not handed out before. SQL Server's {@code CREATE CERTIFICATE} makes 2048-bit
     * RSA keys; those come from {@link TwinKeyPool}, which reuses keys across runs because generating them is most
     * of a rehearsal's CPU time.
     */
    public static KeyPair newRsaKeyPair(int bits) {
        return bits == 2048 ? TwinKeyPool.shared().next() : freshRsaKeyPair(bits);
    }

    /** A newly generated RSA key pair. */
    static KeyPair freshRsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    /**
     * A self-signed certificate with subject {@code CN=<commonName>}, as {@code CREATE CERTIFICATE [x] WITH
     * SUBJECT = 'commonName', START_DATE = …, EXPIRY_DATE = …} makes.
     */
    public static IssuedCertificate selfSigned(String commonName, Instant notBefore, Instant notAfter) {
        return selfSigned(commonName, notBefore, notAfter, newRsaKeyPair(2048));
    }

    /** As above, with the key given. */
    static IssuedCertificate selfSigned(String commonName, Instant notBefore, Instant notAfter, KeyPair keys) {
        X500Name name = commonName(commonName);
        return new IssuedCertificate(build(name, keys, name, keys, notBefore, notAfter, List.of(), false), keys);
    }

    /**
     * A self-signed TLS server certificate for loopback use: CN and DNS SANs from {@code hostNames}, and IP SANs
     * for 127.0.0.1 and ::1, valid from an hour ago for {@code days} days.
     */
    public static IssuedCertificate tlsServer(List<String> hostNames, int days) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a TLS certificate needs at least one host name");
        }
        return tlsServer(hostNames, days, newRsaKeyPair(2048), Instant.now());
    }

    /** As above, with the key given and as of {@code now}. */
    static IssuedCertificate tlsServer(List<String> hostNames, int days, KeyPair keys, Instant now) {
        X500Name name = commonName(hostNames.get(0));
        List<GeneralName> sans = new ArrayList<>();
        for (String host : hostNames) {
            sans.add(new GeneralName(GeneralName.dNSName, host));
        }
        sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        sans.add(new GeneralName(GeneralName.iPAddress, "::1"));
        X509Certificate cert = build(name, keys, name, keys, now.minusSeconds(3600),
                now.plusSeconds(days * 86_400L), sans, true);
        return new IssuedCertificate(cert, keys);
    }

    /**
     * A twin's own TLS server certificate, as {@link #tlsServer} issues it, reused from an earlier run for up to a day
     * ({@link TwinCertificateCache}): for the twins only, never for a certificate milink itself presents.
     */
    public static IssuedCertificate twinTlsServer(List<String> hostNames, int days) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a TLS certificate needs at least one host name");
        }
        String description = "tls-server names=" + String.join(",", hostNames) + " days=" + days + " code="
                + TwinCertificateCache.codeIdentity(CertificateIssuer.class);
        return TwinCertificateCache.shared().certificates("tls-server", description, 1,
                stored -> issuedFor(stored.get(0).certificate(), hostNames), () -> newRsaKeyPair(2048),
                (keys, now) -> List.of(tlsServer(hostNames, days, keys.get(0), now))).get(0);
    }

    /** Whether a TLS server certificate says what {@link #tlsServer} puts in one for these names. */
    static boolean issuedFor(X509Certificate certificate, List<String> hostNames) {
        try {
            if (!certificate.getSubjectX500Principal().equals(
                    new javax.security.auth.x500.X500Principal(commonName(hostNames.get(0)).getEncoded()))) {
                return false;
            }
            List<String> expected = new ArrayList<>(hostNames);
            expected.add("127.0.0.1");
            expected.add("0:0:0:0:0:0:0:1");
            List<String> actual = new ArrayList<>();
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    actual.add(String.valueOf(san.get(1)));
                }
            }
            return actual.equals(expected);
        } catch (java.security.cert.CertificateParsingException | java.io.IOException e) {
            return false;
        }
    }

    /** The host names a loopback TLS certificate should carry: localhost and this machine's name. */
    public static List<String> loopbackHostNames() {
        List<String> names = new ArrayList<>(List.of("localhost"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!names.contains(host)) {
                names.add(host);
            }
        } catch (UnknownHostException e) {
            // A machine without a resolvable name still serves localhost.
        }
        return names;
    }

    /** A certificate for {@code subjectCommonName} signed by {@code issuer}, e.g. a twin's CA. */
    public static IssuedCertificate signedBy(IssuedCertificate issuer, String subjectCommonName, List<String> dnsNames,
                                             Instant notBefore, Instant notAfter) {
        KeyPair keys = newRsaKeyPair(2048);
        List<GeneralName> sans = new ArrayList<>();
        for (String dns : dnsNames) {
            sans.add(new GeneralName(GeneralName.dNSName, dns));
        }
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509Certificate cert = build(commonName(subjectCommonName), keys, issuerName, issuer.keyPair(), notBefore,
                notAfter, sans, !dnsNames.isEmpty());
        return new IssuedCertificate(cert, keys);
    }

    /** A CA certificate (basic constraints CA=true) for a twin's own test hierarchy. */
    public static IssuedCertificate certificateAuthority(String commonName, Instant notBefore, Instant notAfter) {
        return certificateAuthority(commonName, notBefore, notAfter, newRsaKeyPair(2048));
    }

    /** As above, with the CA's keys given. */
    public static IssuedCertificate certificateAuthority(String commonName, Instant notBefore, Instant notAfter,
                                                         KeyPair keys) {
        X500Name name = commonName(commonName);
        try {
            X509v3CertificateBuilder builder = builder(name, keys, name, notBefore, notAfter);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new IssuedCertificate(sign(builder, keys), keys);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode certificate extensions", e);
        }
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                         Instant notBefore, Instant notAfter, List<GeneralName> sans,
                                         boolean tlsServer) {
        try {
            X509v3CertificateBuilder builder = builder(subject, subjectKeys, issuer, notBefore, notAfter);
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            if (tlsServer) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            return sign(builder, issuerKeys);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode certificate extensions", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys, X500Name issuer,
                                                    Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("expiry " + notAfter + " is not after start " + notBefore);
        }
        BigInteger serial = new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signerKeys) {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(signerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }
}
