package io.milink.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds realistic certificate hierarchies for tests with Bouncy Castle: a root, an intermediate, a managed
 * instance endpoint leaf named like {@code sqlmi1.73d19f36a420a.database.windows.net}. EC P-256 keys by default
 * because they are generated in milliseconds on a 2-core CI box; {@link #rsa2048()} for the realistic key.
 */
final class TestPki {

    /** A fixed "now" so no test depends on the clock. */
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final String MI_FQDN = "sqlmi1.73d19f36a420a.database.windows.net";

    private static final AtomicLong SERIALS = new AtomicLong(0x1000);
    private static final KeyPair SHARED_EC = ec();

    /** A certificate together with the key that can sign children. */
    record Issued(DerCertificate certificate, KeyPair keys) {
        X500Name name() {
            return X500Name.getInstance(certificate.x509().getSubjectX500Principal().getEncoded());
        }
    }

    private TestPki() {
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair shared by tests that do not care about keys (saves generation time). */
    static KeyPair sharedEc() {
        return SHARED_EC;
    }

    static Instant days(long n) {
        return NOW.plus(n, ChronoUnit.DAYS);
    }

    // Names are written C, O, CN: Bouncy Castle keeps the written order in the DER, and real CAs encode the
    // country first, so the RFC 2253 form (CN first) then reads like a real certificate's.
    static Issued root(String cn, KeyPair keys, Instant notBefore, Instant notAfter) {
        X500Name name = new X500Name("C=US,O=Test PKI,CN=" + cn);
        return new Issued(build(name, keys, name, keys, notBefore, notAfter, true, List.of(), null), keys);
    }

    static Issued root(String cn) {
        return root(cn, ec(), days(-3650), days(3650));
    }

    static Issued intermediate(Issued parent, String cn, Instant notBefore, Instant notAfter) {
        KeyPair keys = ec();
        X500Name name = new X500Name("C=US,O=Microsoft Corporation,CN=" + cn);
        return new Issued(build(parent.name(), parent.keys(), name, keys, notBefore, notAfter, true, List.of(), null),
                keys);
    }

    static Issued intermediate(Issued parent, String cn) {
        return intermediate(parent, cn, days(-700), days(700));
    }

    /** A managed-instance-style endpoint leaf: CN and SAN are the FQDN, plus the wildcard Azure issues for. */
    static Issued leaf(Issued parent, Instant notBefore, Instant notAfter, String caIssuersUrl) {
        KeyPair keys = sharedEc();
        X500Name name = new X500Name("CN=" + MI_FQDN);
        return new Issued(build(parent.name(), parent.keys(), name, keys, notBefore, notAfter, false,
                List.of(MI_FQDN, "*.73d19f36a420a.database.windows.net"), caIssuersUrl), keys);
    }

    static Issued leaf(Issued parent) {
        return leaf(parent, days(-30), days(335), null);
    }

    /** A self-signed end-entity certificate, like the one CREATE CERTIFICATE ... WITH SUBJECT makes. */
    static Issued selfSigned(String cn, KeyPair keys, Instant notBefore, Instant notAfter) {
        X500Name name = new X500Name("CN=" + cn);
        return new Issued(build(name, keys, name, keys, notBefore, notAfter, false, List.of(), null), keys);
    }

    private static DerCertificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
                                        Instant notBefore, Instant notAfter, boolean ca, List<String> dnsNames,
                                        String caIssuersUrl) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            if (!dnsNames.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            if (caIssuersUrl != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl)));
            }
            String alg = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return DerCertificate.of(new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate()))));
        } catch (Exception e) {
            throw new IllegalStateException("test certificate could not be built: " + e.getMessage(), e);
        }
    }
}
