package io.milink.certs;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Everything a DBA (or a check) needs to recognise a certificate: the SHA-1 thumbprint SQL Server shows, the
 * SHA-256 fingerprint, names, serial, validity window and key. Names are for people; two certificates are the same
 * when their thumbprints are: a stale copy keeps its name after Azure rotates the original (error 28045).
 *
 * @param thumbprint         SHA-1 of the DER, as in {@code sys.certificates.thumbprint}
 * @param sha256Fingerprint  SHA-256 of the DER
 * @param subject            subject distinguished name, RFC 2253 form
 * @param subjectCommonName  the subject's CN, empty when it has none
 * @param issuer             issuer distinguished name, RFC 2253 form
 * @param serialHex          serial number in upper-case hex, as {@code openssl x509 -serial} prints it
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param keyAlgorithm       {@code RSA}, {@code EC}, ...
 * @param keySizeBits        RSA modulus or EC field size in bits; -1 when unknown
 * @param signatureAlgorithm e.g. {@code SHA256withRSA}
 * @param certificateAuthority true when basicConstraints says CA
 * @param selfIssued         subject equals issuer (a root, or a self-signed link certificate)
 * @param dnsNames           DNS names in subjectAltName
 */
public record CertificateIdentity(
        Thumbprint thumbprint,
        Thumbprint sha256Fingerprint,
        String subject,
        String subjectCommonName,
        String issuer,
        String serialHex,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keySizeBits,
        String signatureAlgorithm,
        boolean certificateAuthority,
        boolean selfIssued,
        List<String> dnsNames) {

    public CertificateIdentity {
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
        dnsNames = List.copyOf(dnsNames);
    }

    /** Reads the identity of a certificate. */
    public static CertificateIdentity of(DerCertificate certificate) {
        X509Certificate x = certificate.x509();
        byte[] der = certificate.der();
        X500Principal subject = x.getSubjectX500Principal();
        X500Principal issuer = x.getIssuerX500Principal();
        return new CertificateIdentity(
                Thumbprint.sha1(der),
                Thumbprint.sha256(der),
                subject.getName(X500Principal.RFC2253),
                commonName(subject),
                issuer.getName(X500Principal.RFC2253),
                serialHex(x.getSerialNumber()),
                x.getNotBefore().toInstant(),
                x.getNotAfter().toInstant(),
                x.getPublicKey().getAlgorithm(),
                keySize(x.getPublicKey()),
                x.getSigAlgName(),
                x.getBasicConstraints() >= 0,
                subject.equals(issuer),
                dnsNames(x));
    }

    /** True when {@code at} lies inside [notBefore, notAfter], both ends included as X.509 defines them. */
    public boolean isValidAt(Instant at) {
        return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }

    /** Time left until notAfter from {@code at}; negative once expired. */
    public Duration remainingAt(Instant at) {
        return Duration.between(at, notAfter);
    }

    static String commonName(X500Principal principal) {
        try {
            List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
            // LdapName lists RDNs right to left; the most specific CN is the last one in the list.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            // An X500Principal always yields a valid RFC 2253 name; fall through to "no CN".
        }
        return "";
    }

    private static String serialHex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static int keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        return -1;
    }

    private static List<String> dnsNames(X509Certificate x) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = x.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // GeneralName tag 2 = dNSName (RFC 5280 section 4.2.1.6).
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A malformed SAN extension leaves the list empty; the certificate itself is still usable.
        }
        return names;
    }
}
