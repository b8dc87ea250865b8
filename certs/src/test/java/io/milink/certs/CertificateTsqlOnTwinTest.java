package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.pki.CertificateIssuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The T-SQL {@link CertificateTsql} generates, run through the real driver on an unprepared SQL Server twin: it is
 * accepted, does what it says, and running it twice changes nothing the second time.
 */
class CertificateTsqlOnTwinTest {

    @TempDir
    Path dir;

    @Test
    void theLinkCertificateScriptsRunOnAnUnpreparedServerAndRerunHarmlessly() throws Exception {
        try (SqlServerTwin twin = SqlServerTwin.builder().builtInScenario("hadr-off-no-master-key").start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            var sa = twin.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                    sa.userName(), sa.password()); Statement s = c.createStatement()) {
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
                for (AzureRootCa root : roots.roots()) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sys.certificates WHERE thumbprint = "
                            + root.thumbprint().sqlServerLiteral())) {
                        rs.next();
                        assertThat(rs.getInt(1)).as(root.id()).isEqualTo(1);
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
}
