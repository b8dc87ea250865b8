package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {

    @Test
    void describesDigiCertGlobalRootG2AsOpensslAndSqlServerShowIt() {
        CertificateIdentity id = CertificateReaderTest.digicert().identity();
        // Values from `openssl x509 -noout -fingerprint -sha1 -sha256 -serial -dates` on Debian's copy.
        assertThat(id.thumbprint().hex()).isEqualTo("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
        assertThat(id.thumbprint().sqlServerLiteral()).isEqualTo("0xDF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
        assertThat(id.sha256Fingerprint().hex())
                .isEqualTo("CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F");
        assertThat(id.subject()).isEqualTo("CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US");
        assertThat(id.subjectCommonName()).isEqualTo("DigiCert Global Root G2");
        assertThat(id.issuer()).isEqualTo(id.subject());
        assertThat(id.serialHex()).isEqualTo("033AF1E6A711A9A0BB2864B11D09FAE5");
        assertThat(id.notBefore()).isEqualTo(Instant.parse("2013-08-01T12:00:00Z"));
        assertThat(id.notAfter()).isEqualTo(Instant.parse("2038-01-15T12:00:00Z"));
        assertThat(id.keyAlgorithm()).isEqualTo("RSA");
        assertThat(id.keySizeBits()).isEqualTo(2048);
        assertThat(id.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(id.certificateAuthority()).isTrue();
        assertThat(id.selfIssued()).isTrue();
        assertThat(id.dnsNames()).isEmpty();
    }

    @Test
    void describesMicrosoftRsaRoot2017WithItsFourKilobitKey() {
        CertificateIdentity id = CertificateReader.read(CertificateReaderTest.resource(
                "io/milink/certs/roots/microsoft-rsa-root-2017.pem")).identity();
        assertThat(id.thumbprint().hex()).isEqualTo("73A5E64A3BFF8316FF0EDCCC618A906E4EAE4D74");
        assertThat(id.serialHex()).isEqualTo("1ED397095FD8B4B347701EAABE7F45B3");
        assertThat(id.notAfter()).isEqualTo(Instant.parse("2042-07-18T23:00:23Z"));
        assertThat(id.keySizeBits()).isEqualTo(4096);
        assertThat(id.subjectCommonName()).isEqualTo("Microsoft RSA Root Certificate Authority 2017");
    }

    @Test
    void readsTheDnsNamesAndEcKeySizeOfAnEndpointLeaf() {
        CertificateIdentity id = TestPki.leaf(TestPki.root("Fake Root")).certificate().identity();
        assertThat(id.subjectCommonName()).isEqualTo(TestPki.MI_FQDN);
        assertThat(id.dnsNames()).containsExactly(TestPki.MI_FQDN, "*.73d19f36a420a.database.windows.net");
        assertThat(id.keyAlgorithm()).isEqualTo("EC");
        assertThat(id.keySizeBits()).isEqualTo(256);
        assertThat(id.certificateAuthority()).isFalse();
        assertThat(id.selfIssued()).isFalse();
    }

    @Test
    void measuresAnRsaLeafKey() {
        var cert = TestPki.selfSigned("Cert_SQL01_endpoint", TestPki.rsa2048(), TestPki.days(0), TestPki.days(365));
        assertThat(cert.certificate().identity().keySizeBits()).isEqualTo(2048);
        assertThat(cert.certificate().identity().signatureAlgorithm()).isEqualTo("SHA256withRSA");
    }

    @Test
    void validityWindowIncludesBothEnds() {
        CertificateIdentity id = TestPki.selfSigned("x", TestPki.sharedEc(), TestPki.days(0), TestPki.days(10))
                .certificate().identity();
        assertThat(id.isValidAt(id.notBefore())).isTrue();
        assertThat(id.isValidAt(id.notAfter())).isTrue();
        assertThat(id.isValidAt(id.notAfter().plusSeconds(1))).isFalse();
        assertThat(id.isValidAt(id.notBefore().minusSeconds(1))).isFalse();
        assertThat(id.remainingAt(TestPki.NOW)).isEqualTo(Duration.ofDays(10));
    }

    @Test
    void thumbprintsCopiedFromDifferentToolsAreEqual() {
        Thumbprint fromSsms = Thumbprint.parse("0xDF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
        Thumbprint fromOpenssl = Thumbprint.parse("DF:3C:24:F9:BF:D6:66:76:1B:26:80:73:FE:06:D1:CC:8D:4F:82:A4");
        Thumbprint fromWindows = Thumbprint.parse("df 3c 24 f9 bf d6 66 76 1b 26 80 73 fe 06 d1 cc 8d 4f 82 a4");
        assertThat(fromSsms).isEqualTo(fromOpenssl).isEqualTo(fromWindows)
                .isEqualTo(CertificateReaderTest.digicert().thumbprint());
        assertThatThrownBy(() -> Thumbprint.parse("DF3C24")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 hex digits");
        assertThatThrownBy(() -> Thumbprint.ofHash(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
