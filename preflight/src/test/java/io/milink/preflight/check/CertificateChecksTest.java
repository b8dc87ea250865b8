package io.milink.preflight.check;

import static io.milink.preflight.check.FactsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.certs.AzureRootBundle;
import io.milink.preflight.check.cert.LinkCertificateCheck;
import io.milink.preflight.check.cert.RootCaCheck;
import io.milink.preflight.check.cert.RootCaExpiryCheck;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.IssuerFact;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CertificateChecksTest {

    private static final AzureRootBundle ROOTS = AzureRootBundle.load();
    private final FactsFixture fixture = new FactsFixture();
    private final RootCaCheck digicert = new RootCaCheck("cert.rootCa.digicertGlobalRootG2", "DigiCert trusted",
            ROOTS.find("digicert-global-root-g2").orElseThrow());

    @Test
    void aRootInMasterRegisteredForTheAzureDomainPasses() {
        Finding finding = only(digicert, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("'DigiCertPKI'").contains("registered as issuer");
    }

    @Test
    void theRootIsFoundByThumbprintWhateverItsName() {
        fixture.certificates.set(0, FactsFixture.root(101, "DigiCert Global Root G2", "digicert-global-root-g2"));
        assertThat(only(digicert, fixture.facts()).status()).isEqualTo(Status.PASS);
        // A certificate with the expected name but another key is not the root.
        fixture.certificates.set(0, FactsFixture.root(101, "DigiCertPKI", "microsoft-rsa-root-2017"));
        fixture.certificates.remove(1);
        assertThat(only(digicert, fixture.facts()).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aMissingRootFailsWithTheGuardedImportAndIssuerRegistration() {
        fixture.certificates.remove(0);
        Finding finding = only(digicert, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("DF3C24F9BFD666761B268073FE06D1CC8D4F82A4");
        assertThat(finding.remediation().script()).contains("IF NOT EXISTS").contains("FROM BINARY = 0x3082")
                .contains("sp_certificate_add_issuer").contains("N'*.database.windows.net'");
    }

    @Test
    void aRootPresentButNotRegisteredFailsWithTheRegistrationOnly() {
        fixture.issuers.removeIf(i -> i.certificateId() == 101);
        fixture.issuers.add(new IssuerFact(101, "*.contoso.com"));
        Finding finding = only(digicert, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("not registered").contains("*.contoso.com");
        assertThat(finding.remediation().script()).contains("CERT_ID(N'DigiCertPKI')")
                .doesNotContain("CREATE CERTIFICATE");
    }

    @Test
    void whenTheBuildDoesNotListRegistrationsTheFindingSaysSoInsteadOfGuessing() {
        fixture.issuers = null;
        Finding finding = only(digicert, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("could not be confirmed");
    }

    @Test
    void rootExpiryWarnsWithinAYearOfTheRootsEnd() {
        RootCaExpiryCheck check = new RootCaExpiryCheck(ROOTS);
        assertThat(only(check, fixture.facts()).status()).isEqualTo(Status.PASS);
        Facts in2037 = new Facts(Facts.SCHEMA_VERSION, Instant.parse("2037-06-01T00:00:00Z"), "sql22", java.util.List.of(),
                ConnectionOutcome.success(), fixture.server());
        Finding finding = only(check, in2037);
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("'DigiCertPKI' (digicert-global-root-g2) until 2038-01-15")
                .doesNotContain("microsoft-rsa-root-2017");
    }

    @Test
    void anExpiredRootNextToAValidOneWarnsAndOnlyExpiredRootsFail() {
        RootCaExpiryCheck check = new RootCaExpiryCheck(ROOTS);
        Facts in2039 = new Facts(Facts.SCHEMA_VERSION, Instant.parse("2039-06-01T00:00:00Z"), "sql22",
                java.util.List.of(), ConnectionOutcome.success(), fixture.server());
        Finding oneLeft = only(check, in2039);
        assertThat(oneLeft.status()).isEqualTo(Status.WARN);
        assertThat(oneLeft.evidence()).contains("EXPIRED, validates nothing: 'DigiCertPKI'")
                .contains("still valid: 'MicrosoftPKI'");
        Facts in2043 = new Facts(Facts.SCHEMA_VERSION, Instant.parse("2043-01-01T00:00:00Z"), "sql22",
                java.util.List.of(), ConnectionOutcome.success(), fixture.server());
        Finding none = only(check, in2043);
        assertThat(none.status()).isEqualTo(Status.FAIL);
        assertThat(none.evidence()).contains("no valid Azure root is left");
    }

    @Test
    void aNonBundledCertificateRegisteredForTheAzureDomainCountsAsARoot() {
        fixture.certificates.add(new CertificateFact(103, "BaltimorePKI", "CN=Baltimore CyberTrust Root",
                "CN=Baltimore CyberTrust Root", Instant.parse("2000-05-12T18:46:00Z"),
                Instant.parse("2025-05-12T23:59:00Z"), "D4DE20D05E66FC53FE1A50882C78DB2852CAE474", "NA", "00"));
        fixture.issuers.add(new IssuerFact(103, "*.database.windows.net"));
        Finding finding = only(new RootCaExpiryCheck(ROOTS), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("'BaltimorePKI' until 2025-05-12");
    }

    private void linkCertificate(String protection, Instant start, Instant expiry) {
        fixture.certificates.add(new CertificateFact(260, "SQL22_link", "SQL22 link", "SQL22 link", start, expiry,
                "00", protection, "00"));
        fixture.endpoints.add(new EndpointFact("Hadr_endpoint", "STARTED", 5022, "NEGOTIATE CERTIFICATE", true, "AES",
                "SQL22_link", "ALL"));
    }

    @Test
    void noLinkCertificateYetPassesBecauseMilinkCreatesIt() {
        assertThat(only(new LinkCertificateCheck(), fixture.facts()).evidence()).contains("milink creates");
    }

    @Test
    void aValidMasterKeyProtectedLinkCertificatePasses() {
        linkCertificate("MK", FactsFixture.COLLECTED.minus(Duration.ofDays(10)),
                FactsFixture.COLLECTED.plus(Duration.ofDays(300)));
        assertThat(only(new LinkCertificateCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aLinkCertificateExpiringWithin30DaysWarnsAndAnExpiredOneFails() {
        linkCertificate("MK", FactsFixture.COLLECTED.minus(Duration.ofDays(300)),
                FactsFixture.COLLECTED.plus(Duration.ofDays(12)));
        Finding soon = only(new LinkCertificateCheck(), fixture.facts());
        assertThat(soon.status()).isEqualTo(Status.WARN);
        assertThat(soon.evidence()).contains("expires in 12 days");
        fixture.certificates.remove(fixture.certificates.size() - 1);
        fixture.endpoints.clear();
        linkCertificate("MK", FactsFixture.COLLECTED.minus(Duration.ofDays(400)),
                FactsFixture.COLLECTED.minus(Duration.ofDays(1)));
        Finding expired = only(new LinkCertificateCheck(), fixture.facts());
        assertThat(expired.status()).isEqualTo(Status.FAIL);
        assertThat(expired.evidence()).contains("EXPIRED");
    }

    @Test
    void aPasswordProtectedKeyFailsWith28055() {
        linkCertificate("PW", FactsFixture.COLLECTED.minus(Duration.ofDays(1)),
                FactsFixture.COLLECTED.plus(Duration.ofDays(300)));
        Finding finding = only(new LinkCertificateCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("28055").contains("password");
    }

    @Test
    void aNotYetValidCertificateFailsAndAnEndpointNamingAMissingOneIsAnError() {
        linkCertificate("MK", FactsFixture.COLLECTED.plus(Duration.ofDays(1)),
                FactsFixture.COLLECTED.plus(Duration.ofDays(300)));
        assertThat(only(new LinkCertificateCheck(), fixture.facts()).evidence()).contains("not valid yet");
        fixture.certificates.remove(fixture.certificates.size() - 1);
        assertThat(only(new LinkCertificateCheck(), fixture.facts()).status()).isEqualTo(Status.ERROR);
    }
}
