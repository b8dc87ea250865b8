package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.core.Tsql;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T-SQL {@link CertificateTsql} generates, run through the real driver on an unprepared SQL Server twin: it is
 * accepted, does what it says, and running it twice changes nothing the second time.
 */
class CertificateTsqlOnTwinTest {

    /** One TLS certificate for the class's twins: RSA key generation is most of a twin's start-up. */
    private static final IssuedCertificate TLS = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);

    @TempDir
    Path dir;

    private static SqlServerTwin.Builder twin() {
        return SqlServerTwin.builder().tlsCertificate(TLS);
    }

    @Test
    void theLinkCertificateScriptsRunOnAnUnpreparedServerAndRerunHarmlessly() throws Exception {
        try (SqlServerTwin twin = twin().builtInScenario("hadr-off-no-master-key").start()) {
            try (Connection c = sysadmin(twin); Statement s = c.createStatement()) {
                AzureRootBundle roots = AzureRootBundle.load();
                String linkName = LinkCertificateName.forServer(twin.serverName());
                DerCertificate miCertificate = DerCertificate.of(CertificateIssuer.selfSigned(
                        "mi-target-01.abc123def456.database.windows.net", Instant.now().minusSeconds(60),
                        Instant.now().plusSeconds(86_400L * 365)).certificate());

                // Without a master key the link certificate cannot be created (error 15581).
                SQLException noKey = catchThrowableOfType(SQLException.class,
                        () -> s.execute(CertificateTsql.createLinkCertificate(linkName, LocalDate.now().plusYears(1))));
                assertThat(noKey.getErrorCode()).isEqualTo(15581);
                s.execute("CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'Tw1n!MasterKey'");

                List<String> batches = List.of(
                        CertificateTsql.createLinkCertificate(linkName, LocalDate.now().plusYears(1)),
                        CertificateTsql.importRootCa(roots.find("digicert-global-root-g2").orElseThrow()),
                        CertificateTsql.importRootCa(roots.find("microsoft-rsa-root-2017").orElseThrow()),
                        CertificateTsql.importManagedInstanceCertificate(
                                "mi-target-01.abc123def456.database.windows.net", miCertificate));
                for (int run = 1; run <= 2; run++) {
                    for (String batch : batches) {
                        s.execute(batch);
                    }
                }

                try (ResultSet rs = s.executeQuery("SELECT name, pvt_key_encryption_type FROM sys.certificates "
                        + "ORDER BY name")) {
                    StringBuilder names = new StringBuilder();
                    while (rs.next()) {
                        names.append(rs.getString(1)).append('/').append(rs.getString(2)).append(' ');
                    }
                    assertThat(names.toString()).contains(linkName + "/MK")
                            .contains("mi-target-01.abc123def456.database.windows.net/NA");
                }
                // Each root is in master exactly once, found by thumbprint, and registered as issuer once.
                Map<Integer, List<String>> registered = registrations(s);
                for (AzureRootCa root : roots.roots()) {
                    try (ResultSet rs = s.executeQuery("SELECT certificate_id FROM sys.certificates WHERE thumbprint = "
                            + root.thumbprint().sqlServerLiteral())) {
                        assertThat(rs.next()).as(root.id()).isTrue();
                        assertThat(registered.get(rs.getInt(1))).as(root.id())
                                .containsExactly(CertificateTsql.AZURE_DNS_PATTERN);
                        assertThat(rs.next()).as(root.id() + " twice").isFalse();
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT CERTENCODED(CERT_ID(N'"
                        + "mi-target-01.abc123def456.database.windows.net'))")) {
                    rs.next();
                    assertThat(CertificateReader.read(rs.getBytes(1))).isEqualTo(miCertificate);
                }
                try (ResultSet rs = s.executeQuery(CertificateTsql.exportCertificate(linkName).replace("USE [master];\n", ""))) {
                    rs.next();
                    assertThat(CertificateIdentity.of(CertificateReader.read(rs.getBytes(1))).subject())
                            .contains(linkName);
                }
                for (String drop : CertificateTsql.dropForLinkRemoval(
                        "mi-target-01.abc123def456.database.windows.net", List.of(), linkName)) {
                    s.execute(drop);
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.certificates")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    /** The twin's sysadmin over strict TLS, trusting the twin's own certificate. */
    private Connection sysadmin(SqlServerTwin twin) throws Exception {
        Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
        SqlServerTwin.Credentials sa = twin.sysadminCredentials();
        return DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem), sa.userName(),
                sa.password());
    }

    /** sys.sp_certificate_issuers as certificate id → DNS names registered for it. */
    private static Map<Integer, List<String>> registrations(Statement s) throws SQLException {
        Map<Integer, List<String>> registered = new HashMap<>();
        try (ResultSet rs = s.executeQuery("EXEC sys.sp_certificate_issuers")) {
            while (rs.next()) {
                registered.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return registered;
    }

    private static int certificateId(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT CERT_ID(" + Tsql.literal(name) + ")")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRootAlreadyImportedUnderAnotherNameGetsItsMissingRegistrationAndARerunChangesNothing() throws Exception {
        try (SqlServerTwin twin = twin().builtInScenario("hadr-off-no-master-key").start()) {
            try (Connection c = sysadmin(twin); Statement s = c.createStatement()) {
                AzureRootCa digicert = AzureRootBundle.load().find("digicert-global-root-g2").orElseThrow();
                // Imported by hand under the name the Arc page suggests, never registered.
                s.execute("CREATE CERTIFICATE [DigiCert Global Root G2] FROM BINARY = "
                        + Tsql.binaryLiteral(digicert.certificate().der()));
                int id = certificateId(s, "DigiCert Global Root G2");
                assertThat(registrations(s)).doesNotContainKey(id);

                s.execute(CertificateTsql.importRootCa(digicert));
                assertThat(registrations(s).get(id)).containsExactly(CertificateTsql.AZURE_DNS_PATTERN);
                s.execute(CertificateTsql.importRootCa(digicert)); // SQL Server would refuse a second registration
                assertThat(registrations(s).get(id)).containsExactly(CertificateTsql.AZURE_DNS_PATTERN);
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.certificates")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("no second copy under DigiCertPKI").isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aDifferentCertificateSquattingTheRootsNameStopsTheImportWithAClearError() throws Exception {
        try (SqlServerTwin twin = twin().builtInScenario("hadr-off-no-master-key").start()) {
            try (Connection c = sysadmin(twin); Statement s = c.createStatement()) {
                AzureRootBundle roots = AzureRootBundle.load();
                s.execute("CREATE CERTIFICATE [DigiCertPKI] FROM BINARY = " + Tsql.binaryLiteral(
                        roots.find("microsoft-rsa-root-2017").orElseThrow().certificate().der()));
                SQLException squatted = catchThrowableOfType(SQLException.class, () -> s.execute(
                        CertificateTsql.importRootCa(roots.find("digicert-global-root-g2").orElseThrow())));
                assertThat(squatted.getErrorCode()).isEqualTo(50000);
                assertThat(squatted.getMessage()).contains("A different certificate is already named DigiCertPKI");
            }
        }
    }

    @Test
    void onABuildThatCannotListRegistrationsAPresentRootIsLeftAloneAndTheBatchSaysSo() throws Exception {
        AzureRootCa digicert = AzureRootBundle.load().find("digicert-global-root-g2").orElseThrow();
        String sql2017 = """
                sqlServer:
                  serverName: SQL17
                  productVersion: 14.0.3456.2
                  productUpdateLevel: CU31
                  edition: Enterprise Edition (64-bit)
                  certificateIssuerProcedure: true
                  logins:
                    - { name: sa, password: "Twin-Passw0rd!", sysadmin: true }
                  certificates:
                    - { name: DigiCertPKI, bundled: digicert-global-root-g2 }
                """;
        try (SqlServerTwin twin = twin().scenarioYaml(sql2017, "2017 with the connect pack").start()) {
            try (Connection c = sysadmin(twin); Statement s = c.createStatement()) {
                s.execute(CertificateTsql.importRootCa(digicert));
                StringBuilder printed = new StringBuilder();
                for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                    printed.append(w.getMessage()).append('\n');
                }
                assertThat(printed.toString()).contains("does not list issuer registrations");
            }
        }
    }
}
