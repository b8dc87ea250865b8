package io.milink.preflight.check;

import static io.milink.preflight.check.FactsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.cert.ManagedInstanceChainCheck;
import io.milink.preflight.facts.CertificateFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.IssuerFact;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.pki.IssuedCertificate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cert.mi.chain} on hand-built facts: real certificate chains (root, intermediate, leaf) as Azure issues
 * them, against what SQL Server holds and has registered as issuer.
 */
class ManagedInstanceChainCheckTest {

    private static final String FQDN = "mi-target-01.abc123def456.database.windows.net";
    private static final Instant NOW = FactsFixture.COLLECTED;

    private static EndpointCertificateChain healthy;
    private static EndpointCertificateChain otherHierarchy;

    private final FactsFixture fixture = new FactsFixture();
    private final ManagedInstanceChainCheck check = new ManagedInstanceChainCheck();

    @BeforeAll
    static void issueChains() {
        healthy = EndpointCertificateChain.issue(FQDN, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(300)));
        otherHierarchy = EndpointCertificateChain.issue(FQDN, NOW.minus(Duration.ofDays(30)),
                NOW.plus(Duration.ofDays(300)));
    }

    private Finding evaluate(EndpointCertificateChain chain) {
        return evaluate(chain.leaf());
    }

    private Finding evaluate(IssuedCertificate leaf) {
        ManagedInstanceFacts mi = new ManagedInstanceFacts("/subscriptions/x/resourceGroups/rg/providers/"
                + "Microsoft.Sql/managedInstances/mi-target-01", null, null, null, "Ready", FQDN,
                "SQL_Latin1_General_CP1_CI_AS", "SQLServer2022", "GeneralPurpose", 8, 256, List.of(), null,
                hex(leaf.certificate()), null, null, null, null, null, null, null, null, null, null);
        Facts facts = fixture.facts().withManagedInstance(mi);
        return only(check, facts);
    }

    private void imported(int id, String name, X509Certificate certificate, String registeredFor) {
        fixture.certificates.add(new CertificateFact(id, name, certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), "00", "NA", hex(certificate)));
        if (registeredFor != null) {
            fixture.issuers.add(new IssuerFact(id, registeredFor));
        }
    }

    private static String hex(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDocumentedSetupPassesAndSaysWhichHopItCouldNotVerify() {
        // Azure roots registered (the fixture), the leaf's intermediate not in master: what the scripts page makes.
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).as(finding.evidence()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("milink ARM twin Issuing CA 01").contains("not verified offline")
                .contains("'DigiCertPKI'").contains("'MicrosoftPKI'");
    }

    @Test
    void aFullPathToARegisteredRootPassesNamingTheRoot() {
        imported(300, "TwinRoot", healthy.root().certificate(), "*.database.windows.net");
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), null);
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).as(finding.evidence()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).startsWith("VALID").contains("root 'TwinRoot'");
    }

    @Test
    void aRegisteredIntermediateIsATrustAnchorToo() {
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), "*.database.windows.net");
        assertThat(evaluate(healthy).evidence()).startsWith("VALID").contains("root 'TwinIntermediate'");
    }

    @Test
    void aCertificateExpiringWithin30DaysWarnsWithOrWithoutThePath() {
        EndpointCertificateChain soon = EndpointCertificateChain.issue(FQDN, NOW.minus(Duration.ofDays(300)),
                NOW.plus(Duration.ofDays(10)));
        Finding withoutPath = evaluate(soon);
        assertThat(withoutPath.status()).as(withoutPath.evidence()).isEqualTo(Status.WARN);
        assertThat(withoutPath.evidence()).contains("in 10 days");
        imported(300, "TwinRoot", soon.root().certificate(), "*.database.windows.net");
        imported(301, "TwinIntermediate", soon.intermediate().certificate(), null);
        assertThat(evaluate(soon).status()).isEqualTo(Status.WARN);
    }

    @Test
    void anExpiredCertificateFails() {
        EndpointCertificateChain expired = EndpointCertificateChain.issue(FQDN, NOW.minus(Duration.ofDays(400)),
                NOW.minus(Duration.ofDays(2)));
        Finding withoutPath = evaluate(expired);
        assertThat(withoutPath.status()).isEqualTo(Status.FAIL);
        assertThat(withoutPath.evidence()).contains("expired at");
        imported(300, "TwinRoot", expired.root().certificate(), "*.database.windows.net");
        imported(301, "TwinIntermediate", expired.intermediate().certificate(), null);
        Finding withPath = evaluate(expired);
        assertThat(withPath.status()).isEqualTo(Status.FAIL);
        assertThat(withPath.evidence()).startsWith("EXPIRED");
    }

    @Test
    void aNotYetValidCertificateFailsPointingAtTheClock() {
        EndpointCertificateChain future = EndpointCertificateChain.issue(FQDN, NOW.plus(Duration.ofDays(2)),
                NOW.plus(Duration.ofDays(400)));
        Finding finding = evaluate(future);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("not valid before");
        assertThat(finding.remediation().script()).contains("clock");
    }

    @Test
    void aPathToARootInMasterThatIsNotRegisteredFailsWithTheRegistration() {
        imported(300, "TwinRoot", healthy.root().certificate(), null);
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), null);
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("'TwinRoot' is not registered as issuer for " + FQDN);
        assertThat(finding.remediation().script()).contains("CERT_ID(N'TwinRoot')")
                .contains("sp_certificate_add_issuer").doesNotContain("CREATE CERTIFICATE");
    }

    @Test
    void aPathToAnotherRootFails() {
        // The intermediate is in master, but what it chains to is not trusted: the wrong root.
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), null);
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("does not chain to a certificate SQL Server trusts")
                .contains("milink ARM twin Root CA");
    }

    @Test
    void aRegisteredRootWithTheRightNameButAnotherKeyIsNotTheRoot() {
        imported(300, "TwinRoot", otherHierarchy.root().certificate(), "*.database.windows.net");
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), null);
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("a different CA with the same name");
    }

    @Test
    void rootsRegisteredOnlyForOtherNamesLeaveNothingTrustedAndFail() {
        fixture.issuers.clear();
        fixture.issuers.add(new IssuerFact(101, "*.contoso.com"));
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("SQL Server trusts no certificate for " + FQDN);
    }

    @Test
    void withoutVisibleRegistrationsEveryRootCountsAndTheFindingSaysSo() {
        fixture.issuers = null;
        imported(300, "TwinRoot", healthy.root().certificate(), null);
        imported(301, "TwinIntermediate", healthy.intermediate().certificate(), null);
        Finding finding = evaluate(healthy);
        assertThat(finding.status()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("root 'TwinRoot'").contains("without confirming its registration");
    }
}
