package io.milink.certs;

import static io.milink.certs.TestPki.NOW;
import static io.milink.certs.TestPki.days;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.certs.ChainProblem.Kind;
import io.milink.certs.ChainValidation.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainValidatorTest {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private final TestPki.Issued root = TestPki.root("Fake Azure Root G2");
    private final TestPki.Issued intermediate = TestPki.intermediate(root, "Fake Azure TLS Issuing CA 05");
    private final TestPki.Issued leaf = TestPki.leaf(intermediate);
    private final TrustedRoot trusted = new TrustedRoot("FakePKI", root.certificate());

    private ChainValidation validate(DerCertificate cert, List<DerCertificate> intermediates, List<TrustedRoot> roots,
                                     Instant at) {
        return ChainValidator.validate(cert, intermediates, roots, at, THIRTY_DAYS);
    }

    @Test
    void aLeafIssuedThroughAnIntermediateChainsToItsRoot() {
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.VALID);
        assertThat(v.pathFound()).isTrue();
        assertThat(v.validNow()).isTrue();
        assertThat(v.validThroughHorizon()).isTrue();
        assertThat(v.root()).contains(trusted);
        assertThat(v.path()).containsExactly(leaf.certificate(), intermediate.certificate());
        assertThat(v.validUntil()).contains(days(335)); // the leaf ends first
        assertThat(v.problems()).isEmpty();
        assertThat(v.summary()).startsWith("VALID: '" + TestPki.MI_FQDN + "' <- 'Fake Azure TLS Issuing CA 05' <- root 'FakePKI'");
    }

    @Test
    void namesWhichOfSeveralRootsTheCertificateNeeds() {
        TrustedRoot other = new TrustedRoot("OtherPKI", TestPki.root("Other Root").certificate());
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()), List.of(other, trusted), NOW);
        assertThat(v.root()).map(TrustedRoot::label).contains("FakePKI");
    }

    @Test
    void warnsWhenSomethingOnThePathExpiresWithinTheHorizon() {
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()), List.of(trusted),
                days(320));
        assertThat(v.status()).isEqualTo(Status.EXPIRES_WITHIN_HORIZON);
        assertThat(v.validNow()).isTrue();
        assertThat(v.validThroughHorizon()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.EXPIRES_WITHIN_HORIZON);
            assertThat(p.thumbprint()).isEqualTo(leaf.certificate().thumbprint());
            assertThat(p.message()).contains("in 15 days", "30-day horizon");
        });
    }

    @Test
    void anExpiredLeafIsExpiredEvenThoughThePathExists() {
        DerCertificate expired = TestPki.leaf(intermediate, days(-400), days(-1), null).certificate();
        ChainValidation v = validate(expired, List.of(intermediate.certificate()), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.EXPIRED);
        assertThat(v.pathFound()).isTrue();
        assertThat(v.validNow()).isFalse();
        assertThat(v.problems(Kind.EXPIRED)).singleElement()
                .satisfies(p -> assertThat(p.thumbprint()).isEqualTo(expired.thumbprint()));
        assertThat(v.problems(Kind.REJECTED_BY_PKIX)).isEmpty();
    }

    @Test
    void aNotYetValidLeafIsReportedAsSuch() {
        DerCertificate future = TestPki.leaf(intermediate, days(2), days(300), null).certificate();
        ChainValidation v = validate(future, List.of(intermediate.certificate()), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.NOT_YET_VALID);
        assertThat(v.problems(Kind.NOT_YET_VALID)).hasSize(1);
    }

    @Test
    void anExpiredIntermediateOrRootFailsTheLeafToo() {
        TestPki.Issued oldIntermediate = TestPki.intermediate(root, "Old Issuing CA", days(-900), days(-10));
        DerCertificate leafOfOld = TestPki.leaf(oldIntermediate, days(-30), days(300), null).certificate();
        ChainValidation v = validate(leafOfOld, List.of(oldIntermediate.certificate()), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.EXPIRED);
        assertThat(v.problems(Kind.EXPIRED)).singleElement()
                .satisfies(p -> assertThat(p.subject()).contains("Old Issuing CA"));

        TestPki.Issued expiredRoot = TestPki.root("Expired Root", TestPki.ec(), days(-4000), days(-5));
        DerCertificate child = TestPki.leaf(expiredRoot, days(-30), days(300), null).certificate();
        ChainValidation viaRoot = validate(child, List.of(), List.of(new TrustedRoot("Expired", expiredRoot.certificate())), NOW);
        assertThat(viaRoot.status()).isEqualTo(Status.EXPIRED);
        assertThat(viaRoot.validUntil()).contains(days(-5));
    }

    @Test
    void aLeafUnderAnotherRootHasNoPathAndSaysWhichIssuerIsMissing() {
        TestPki.Issued otherRoot = TestPki.root("Unrelated Root");
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()),
                List.of(new TrustedRoot("Unrelated", otherRoot.certificate())), NOW);
        assertThat(v.status()).isEqualTo(Status.NO_PATH);
        assertThat(v.pathFound()).isFalse();
        assertThat(v.validNow()).isFalse();
        assertThat(v.root()).isEmpty();
        assertThat(v.validUntil()).isEmpty();
        assertThat(v.missingIssuer()).contains("CN=Fake Azure Root G2,O=Test PKI,C=US");
        assertThat(v.problems(Kind.ISSUER_NOT_FOUND)).singleElement()
                .satisfies(p -> assertThat(p.subject()).contains("Fake Azure TLS Issuing CA 05"));
    }

    @Test
    void aRootWithTheRightNameButAnotherKeyIsCaughtAsASignatureMismatch() {
        TestPki.Issued impostor = TestPki.root("Fake Azure Root G2"); // same DN, different key
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()),
                List.of(new TrustedRoot("ImpostorPKI", impostor.certificate())), NOW);
        assertThat(v.status()).isEqualTo(Status.NO_PATH);
        assertThat(v.problems(Kind.SIGNATURE_MISMATCH)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ImpostorPKI", "not name"));
    }

    @Test
    void aMissingIntermediateIsReportedWithItsPublishedUrlAndNothingIsFetched() {
        String url = "http://www.microsoft.com/pkiops/certs/Fake%20Azure%20TLS%20Issuing%20CA%2005.crt";
        DerCertificate leafWithAia = TestPki.leaf(intermediate, days(-30), days(300), url).certificate();
        ChainValidation v = validate(leafWithAia, List.of(), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.NO_PATH);
        assertThat(v.missingIssuer()).contains("CN=Fake Azure TLS Issuing CA 05,O=Microsoft Corporation,C=US");
        assertThat(v.issuerUrl()).contains(url);
        assertThat(v.summary()).contains("needs issuer", url);
        assertThat(v.problems(Kind.ISSUER_NOT_FOUND)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("does not fetch"));
    }

    @Test
    void aSelfSignedCertificateIsNotTrustedUnlessItIsOneOfTheRoots() {
        DerCertificate self = TestPki.selfSigned(TestPki.MI_FQDN, TestPki.ec(), days(-1), days(300)).certificate();
        ChainValidation v = validate(self, List.of(), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.NO_PATH);
        assertThat(v.problems(Kind.SELF_SIGNED_NOT_TRUSTED)).hasSize(1);
    }

    @Test
    void aDirectlyIssuedLeafNeedsNoIntermediate() {
        DerCertificate direct = TestPki.leaf(root).certificate();
        ChainValidation v = validate(direct, List.of(), List.of(trusted), NOW);
        assertThat(v.status()).isEqualTo(Status.VALID);
        assertThat(v.path()).containsExactly(direct);
    }

    @Test
    void anIssuerThatIsNotACaIsRejectedByPkix() {
        // A leaf (basicConstraints not CA) under the trusted root that went on to sign another certificate: names
        // and signatures chain, but RFC 5280 forbids an end entity from issuing.
        TestPki.Issued endEntity = new TestPki.Issued(TestPki.leaf(root).certificate(), TestPki.sharedEc());
        DerCertificate issuedByEndEntity = TestPki.leaf(endEntity, days(-1), days(100), null).certificate();
        ChainValidation v = validate(issuedByEndEntity, List.of(endEntity.certificate()), List.of(trusted), NOW);
        assertThat(v.pathFound()).isTrue();
        assertThat(v.status()).isEqualTo(Status.REJECTED);
        assertThat(v.validNow()).isFalse();
        assertThat(v.problems(Kind.REJECTED_BY_PKIX)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("PKIX rejects"));
    }

    @Test
    void theBundledRealRootsAreRecognisedAsTrustedRootsThemselves() {
        AzureRootBundle bundle = AzureRootBundle.load();
        for (AzureRootCa ca : bundle.roots()) {
            ChainValidation v = ChainValidator.validate(ca.certificate(), List.of(), bundle.trustedRoots(), NOW,
                    Duration.ofDays(365));
            assertThat(v.status()).as(ca.id()).isEqualTo(Status.VALID);
            assertThat(v.root()).map(TrustedRoot::label).contains(ca.id());
            assertThat(v.path()).isEmpty();
            assertThat(v.validUntil()).contains(ca.notAfter());
        }
    }

    @Test
    void theBundledRootsWarnTheYearBeforeTheyExpire() {
        AzureRootBundle bundle = AzureRootBundle.load();
        AzureRootCa digicert = bundle.find("digicert-global-root-g2").orElseThrow();
        ChainValidation v = ChainValidator.validate(digicert.certificate(), List.of(), bundle.trustedRoots(),
                Instant.parse("2037-06-01T00:00:00Z"), Duration.ofDays(365));
        assertThat(v.status()).isEqualTo(Status.EXPIRES_WITHIN_HORIZON);
    }

    @Test
    void rootsReadFromSqlServerWorkAndNonCaEntriesAreIgnored() {
        // What the inventory reads: every row of master.sys.certificates with CERTENCODED, including the imported
        // managed instance certificate itself and the SQL Server link certificate.
        DerCertificate linkCert = TestPki.selfSigned("Cert_SQL01_endpoint", TestPki.ec(), days(-10), days(300))
                .certificate();
        List<TrustedRoot> onSqlServer = List.of(
                TrustedRoot.fromSqlServer(TestPki.MI_FQDN, leaf.certificate().der()),
                TrustedRoot.fromSqlServer("Cert_SQL01_endpoint", linkCert.der()),
                TrustedRoot.fromSqlServer("FakePKI", root.certificate().der()));
        ChainValidation v = validate(leaf.certificate(), List.of(intermediate.certificate()), onSqlServer, NOW);
        assertThat(v.status()).isEqualTo(Status.VALID);
        assertThat(v.root()).map(TrustedRoot::label).contains("FakePKI");
    }

    @Test
    void theBundleNamesTheRootSqlServerLacks() {
        // Against what SQL Server has: no path. Against the bundle: the root it needs.
        List<TrustedRoot> sqlServerHasNothing = List.of();
        ChainValidation onServer = validate(leaf.certificate(), List.of(intermediate.certificate()), sqlServerHasNothing, NOW);
        ChainValidation withBundle = validate(leaf.certificate(), List.of(intermediate.certificate()),
                List.of(new TrustedRoot("fake-bundle-root", root.certificate())), NOW);
        assertThat(onServer.status()).isEqualTo(Status.NO_PATH);
        assertThat(withBundle.root()).map(TrustedRoot::label).contains("fake-bundle-root");
    }
}
