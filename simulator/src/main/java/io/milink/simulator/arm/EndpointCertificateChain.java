package io.milink.simulator.arm;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import io.milink.simulator.pki.TwinCertificateCache;

/**
 * The managed instance's DATABASE_MIRRORING endpoint certificate and the chain above it: root → intermediate →
 * leaf for the instance's FQDN, generated when the twin starts.
 *
 * <p>Azure chains the real certificate to a public Microsoft/DigiCert root. The twin cannot sign with those roots'
 * keys, so its chain ends at a twin-generated root whose subject says so; clients that validate the chain must
 * add {@link #root()} as a trust anchor (docs/simulator-arm.md).
 */
public record EndpointCertificateChain(IssuedCertificate root, IssuedCertificate intermediate,
                                       IssuedCertificate leaf) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A chain whose leaf is valid from an hour ago for a year, as a freshly rotated Azure certificate is. */
    public static EndpointCertificateChain issue(String fqdn) {
        Instant now = Instant.now();
        return issue(fqdn, now.minusSeconds(3_600), now.plusSeconds(365 * 86_400L));
    }

    /**
     * A chain whose leaf is valid from {@code leafNotBefore} to {@code leafNotAfter}: an expired, not-yet-valid or
     * soon-expiring endpoint certificate. The root and intermediate span the leaf's window and a day either side,
     * so only the leaf's dates are at issue.
     */
    public static EndpointCertificateChain issue(String fqdn, Instant leafNotBefore, Instant leafNotAfter) {
        return issue(fqdn, leafNotBefore, leafNotAfter, Instant.now(), List.of(CertificateIssuer.newRsaKeyPair(2048),
                CertificateIssuer.newRsaKeyPair(2048), CertificateIssuer.newRsaKeyPair(2048)));
    }

    /**
     * As {@link #issue(String)}, reused from an earlier run for up to a day ({@link TwinCertificateCache}): the ARM
     * twin's chain, three RSA signatures a rehearsal need not repeat on every start. The leaf's dates are then those
     * of a chain issued at most a day ago, still valid for a year less a day.
     */
    public static EndpointCertificateChain issueForTwin(String fqdn) {
        String description = "arm-endpoint-chain fqdn=" + fqdn + " leaf=-1h+365d code="
                + TwinCertificateCache.codeIdentity(EndpointCertificateChain.class, CertificateIssuer.class);
        List<IssuedCertificate> chain = TwinCertificateCache.shared().certificates("arm-endpoint-chain", description,
                3, stored -> new EndpointCertificateChain(stored.get(0), stored.get(1), stored.get(2)).issuedFor(fqdn),
                () -> CertificateIssuer.newRsaKeyPair(2048), (keys, now) -> {
                    EndpointCertificateChain issued = issue(fqdn, now.minusSeconds(3_600),
                            now.plusSeconds(365 * 86_400L), now, keys);
                    return List.of(issued.root(), issued.intermediate(), issued.leaf());
                });
        return new EndpointCertificateChain(chain.get(0), chain.get(1), chain.get(2));
    }

    /** The chain as of {@code now}, with the keys of its root, intermediate and leaf in that order. */
    private static EndpointCertificateChain issue(String fqdn, Instant leafNotBefore, Instant leafNotAfter,
                                                  Instant now, List<KeyPair> keys) {
        Instant caStart = min(now, leafNotBefore).minusSeconds(86_400);
        Instant caEnd = max(now.plusSeconds(1_825 * 86_400L), leafNotAfter.plusSeconds(86_400));
        IssuedCertificate root = CertificateIssuer.certificateAuthority(
                "milink ARM twin Root CA (not an Azure root)", caStart, caEnd.plusSeconds(1_825 * 86_400L),
                keys.get(0));
        IssuedCertificate intermediate = intermediateCa(root, "milink ARM twin Issuing CA 01", caStart, caEnd,
                keys.get(1));
        IssuedCertificate leaf = leaf(intermediate, fqdn, leafNotBefore, leafNotAfter, keys.get(2));
        return new EndpointCertificateChain(root, intermediate, leaf);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The leaf's DER as ARM's {@code publicBlob}: upper-case hex with a {@code 0x} prefix (EndpointCertificatesGet example). */
    public String publicBlob() {
        return "0x" + HexFormat.of().withUpperCase().formatHex(leaf.der());
    }

    /** Whether the leaf was issued for {@code fqdn}. */
    public boolean issuedFor(String fqdn) {
        return leaf.certificate().getSubjectX500Principal().getName().equalsIgnoreCase("CN=" + fqdn);
    }

    /** Leaf first, root last. */
    public List<X509Certificate> certificates() {
        return List.of(leaf.certificate(), intermediate.certificate(), root.certificate());
    }

    /**
     * Where the leaf says its issuer is published (authorityInfoAccess caIssuers), as Azure's certificates do. The
     * {@code .invalid} host (RFC 2606) says it is a twin's: the twin does not serve it, and nothing should fetch it.
     */
    public static final String ISSUER_URL = "http://twin.invalid/milink-arm-twin-issuing-ca-01.crt";

    /** The leaf for {@code fqdn}: DNS SAN, TLS server and client use, and the caIssuers pointer to its issuer. */
    private static IssuedCertificate leaf(IssuedCertificate issuer, String fqdn, Instant notBefore, Instant notAfter,
                                          KeyPair keys) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + fqdn), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, fqdn)));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier,
                    ISSUER_URL)));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey());
            return new IssuedCertificate(new JcaX509CertificateConverter().getCertificate(builder.build(signer)), keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue the twin's endpoint certificate", e);
        }
    }

    /** CertificateIssuer makes self-signed CAs only; an intermediate needs a CA certificate signed by another. */
    private static IssuedCertificate intermediateCa(IssuedCertificate issuer, String commonName, Instant notBefore,
                                                    Instant notAfter, KeyPair keys) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + commonName), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey());
            return new IssuedCertificate(new JcaX509CertificateConverter().getCertificate(builder.build(signer)), keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue the twin's intermediate CA certificate", e);
        }
    }
}
