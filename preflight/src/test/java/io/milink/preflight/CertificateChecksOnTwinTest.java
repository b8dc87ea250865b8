package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.simulator.SqlServerTwin;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cert.link.expiry and cert.rootCa.expiry through the real driver against SQL Server twins whose certificates are
 * healthy, expired, not yet valid, password-protected, or whose only Azure root has expired. Each verdict comes
 * from what the twin's sys.certificates, sys.database_mirroring_endpoints and sys.sp_certificate_issuers say.
 */
class CertificateChecksOnTwinTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A SQL Server 2022 twin whose master holds {@code certificates} and whose endpoint uses {@code endpointCert}. */
    private Report preflight(String certificates, String endpointCert) throws Exception {
        String yaml = """
                sqlServer:
                  serverName: SQL22
                  productVersion: 16.0.4265.3
                  productUpdateLevel: CU26
                  edition: Enterprise Edition (64-bit)
                  hadrEnabled: true
                  traceFlags: { global: [1800, 9567], startup: [1800, 9567] }
                  masterKey: true
                  logins:
                    - { name: sa, password: "Twin-Passw0rd!", sysadmin: true }
                  certificates:
                %s
                  endpoints:
                    - { name: Hadr_endpoint, port: 5022, state: STARTED, authentication: "CERTIFICATE", encryption: REQUIRED, algorithm: AES%s }
                  databases:
                    - { name: Sales, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z } ] }
                """.formatted(certificates.indent(4).stripTrailing(),
                endpointCert == null ? "" : ", certificate: " + endpointCert);
        try (SqlServerTwin twin = TwinConnectors.twin().scenarioYaml(yaml, "certificates").start()) {
            Preflight preflight = Preflight.standard();
            return preflight.evaluate(preflight.collect(TwinConnectors.sysadmin(twin, dir), "SQL22",
                    List.of("Sales")));
        }
    }

    private static final String AZURE_ROOTS = """
            - { name: DigiCertPKI, bundled: digicert-global-root-g2, issuerFor: "*.database.windows.net" }
            - { name: MicrosoftPKI, bundled: microsoft-rsa-root-2017, issuerFor: "*.database.windows.net" }""";

    private static Finding finding(Report report, String id) {
        return report.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + report.findings()));
    }

    private Finding linkCertificate(String dates, String privateKey) throws Exception {
        return finding(preflight(AZURE_ROOTS + "\n- { name: Cert_SQL22_endpoint, subject: \"Certificate for "
                + "Cert_SQL22_endpoint\", " + dates + (privateKey == null ? "" : ", privateKey: " + privateKey)
                + " }", "Cert_SQL22_endpoint"), "cert.link.expiry");
    }

    @Test
    void aHealthyMasterKeyProtectedEndpointCertificatePasses() throws Exception {
        Finding finding = linkCertificate("startDate: " + TODAY.minusDays(30) + ", expiryDate: "
                + TODAY.plusYears(2), null);
        assertThat(finding.status()).as(finding.evidence()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("'Cert_SQL22_endpoint' (endpoint Hadr_endpoint)")
                .contains("protected by the master key");
    }

    @Test
    void anExpiredEndpointCertificateFails() throws Exception {
        Finding finding = linkCertificate("startDate: " + TODAY.minusYears(1) + ", expiryDate: "
                + TODAY.minusDays(1), null);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("EXPIRED");
        assertThat(finding.remediation().script()).contains("Rotate the link certificate");
    }

    @Test
    void aNotYetValidEndpointCertificateFails() throws Exception {
        Finding finding = linkCertificate("startDate: " + TODAY.plusDays(3) + ", expiryDate: "
                + TODAY.plusYears(1), null);
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("not valid yet");
    }

    @Test
    void aPasswordProtectedPrivateKeyFailsWithError28055() throws Exception {
        Finding finding = linkCertificate("startDate: " + TODAY.minusDays(30) + ", expiryDate: "
                + TODAY.plusYears(2), "PW");
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("protected by a password").contains("28055");
    }

    @Test
    void theAzureRootsPassRootExpiry() throws Exception {
        Finding finding = finding(preflight(AZURE_ROOTS, null), "cert.rootCa.expiry");
        assertThat(finding.status()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("'DigiCertPKI' (digicert-global-root-g2) until 2038-01-15");
    }

    @Test
    void anExpiredRootStillRegisteredWarnsNextToValidOnesAndFailsAlone() throws Exception {
        String baltimore = "- { name: BaltimorePKI, subject: \"Baltimore CyberTrust Root\", startDate: "
                + "2000-05-12T18:46:00Z, expiryDate: 2025-05-12T23:59:00Z, privateKey: NA, "
                + "issuerFor: \"*.database.windows.net\" }";
        Finding next = finding(preflight(AZURE_ROOTS + "\n" + baltimore, null), "cert.rootCa.expiry");
        assertThat(next.status()).as(next.evidence()).isEqualTo(Status.WARN);
        assertThat(next.evidence()).contains("EXPIRED, validates nothing: 'BaltimorePKI' until 2025-05-12");

        Finding alone = finding(preflight(baltimore, null), "cert.rootCa.expiry");
        assertThat(alone.status()).as(alone.evidence()).isEqualTo(Status.FAIL);
        assertThat(alone.evidence()).contains("no valid Azure root is left");
    }
}
