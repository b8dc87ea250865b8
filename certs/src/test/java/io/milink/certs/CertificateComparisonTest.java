package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.certs.CertificateComparison.Relation;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateComparisonTest {

    @Test
    void theSameBytesAreTheSameCertificate() {
        DerCertificate a = CertificateReaderTest.digicert();
        DerCertificate b = CertificateReader.read(CertificateFormat.SQL_SERVER_HEX.encode(a));
        assertThat(CertificateComparison.relate(a, b)).isEqualTo(Relation.SAME_CERTIFICATE);
    }

    @Test
    void aCertificateReissuedWithTheSameKeyIsRecognisedByItsKey() {
        KeyPair keys = TestPki.ec();
        DerCertificate old = TestPki.selfSigned("Cert_SQL01_endpoint", keys, TestPki.days(-400), TestPki.days(-35))
                .certificate();
        DerCertificate renewed = TestPki.selfSigned("Cert_SQL01_endpoint", keys, TestPki.days(-35), TestPki.days(330))
                .certificate();
        assertThat(CertificateComparison.relate(old, renewed)).isEqualTo(Relation.SAME_KEY_DIFFERENT_CERTIFICATE);
        assertThat(CertificateComparison.samePublicKey(old, renewed)).isTrue();
    }

    @Test
    void anEqualNameMeansNothing() {
        // A stale copy of the managed instance certificate keeps its FQDN name after Azure rotates it.
        TestPki.Issued root = TestPki.root("Fake Root");
        DerCertificate before = TestPki.leaf(root).certificate();
        DerCertificate rotated = TestPki.leaf(TestPki.root("Fake Root", TestPki.ec(), TestPki.days(-1), TestPki.days(9)))
                .certificate();
        DerCertificate sameNameOtherKey = TestPki.selfSigned(TestPki.MI_FQDN, TestPki.ec(), TestPki.days(-1),
                TestPki.days(9)).certificate();
        assertThat(CertificateComparison.relate(before, sameNameOtherKey)).isEqualTo(Relation.DIFFERENT);
        // Same key (TestPki leaves share one) but a different certificate: still not SAME_CERTIFICATE.
        assertThat(CertificateComparison.relate(before, rotated)).isEqualTo(Relation.SAME_KEY_DIFFERENT_CERTIFICATE);
    }

    @Test
    void findsARootByThumbprintWhateverItIsCalledOnSqlServer() {
        DerCertificate digicert = CertificateReaderTest.digicert();
        List<DerCertificate> onSqlServer = List.of(TestPki.root("Something").certificate(), digicert);
        assertThat(CertificateComparison.findByThumbprint(onSqlServer,
                Thumbprint.parse("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4"))).contains(digicert);
        assertThat(CertificateComparison.findByThumbprint(List.of(TestPki.root("x").certificate()),
                digicert.thumbprint())).isEmpty();
        assertThat(CertificateComparison.findByPublicKey(onSqlServer, digicert)).contains(digicert);
    }
}
