package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateTsqlTest {

    private static final String HOSTILE = "a]; DROP DATABASE x--";
    private static final String FQDN = TestPki.MI_FQDN;

    private static String hex(DerCertificate c) {
        return "0x" + HexFormat.of().withUpperCase().formatHex(c.der());
    }

    @Test
    void createsTheLinkCertificateProtectedByTheMasterKeyWithALanguageIndependentDate() {
        assertThat(CertificateTsql.createLinkCertificate("Cert_SQL01_PROD_endpoint", LocalDate.of(2036, 11, 22)))
                .isEqualTo("""
                        USE [master];
                        IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'Cert_SQL01_PROD_endpoint')
                            CREATE CERTIFICATE [Cert_SQL01_PROD_endpoint]
                                WITH SUBJECT = N'Certificate for Cert_SQL01_PROD_endpoint',
                                EXPIRY_DATE = N'20361122';""");
    }

    @Test
    void quotesAHostileCertificateNameAndSubjectEverywhere() {
        assertThat(CertificateTsql.createLinkCertificate(HOSTILE, "it's " + HOSTILE, LocalDate.of(2030, 1, 2)))
                .isEqualTo("""
                        USE [master];
                        IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'a]; DROP DATABASE x--')
                            CREATE CERTIFICATE [a]]; DROP DATABASE x--]
                                WITH SUBJECT = N'it''s a]; DROP DATABASE x--',
                                EXPIRY_DATE = N'20300102';""");
    }

    @Test
    void exportsTheWholeCertificateWithCertEncoded() {
        assertThat(CertificateTsql.exportCertificate(HOSTILE)).isEqualTo("""
                USE [master];
                SELECT CERTENCODED(CERT_ID(N'a]; DROP DATABASE x--')) AS [certificate_der];""");
    }

    @Test
    void importsTheManagedInstanceCertificateUnderItsExactFqdn() {
        DerCertificate mi = TestPki.leaf(TestPki.root("Fake Root")).certificate();
        assertThat(CertificateTsql.importManagedInstanceCertificate(FQDN, mi)).isEqualTo("""
                USE [master];
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'%1$s')
                    CREATE CERTIFICATE [%1$s] FROM BINARY = %2$s;""".formatted(FQDN, hex(mi)));
    }

    @Test
    void refusesAnythingButAFullyQualifiedHostNameForTheManagedInstanceCertificate() {
        DerCertificate mi = TestPki.leaf(TestPki.root("Fake Root")).certificate();
        assertThatThrownBy(() -> CertificateTsql.importManagedInstanceCertificate("sqlmi1", mi))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("41974");
        assertThatThrownBy(() -> CertificateTsql.importManagedInstanceCertificate(HOSTILE, mi))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateTsql.dropManagedInstanceCertificate("x.y]; DROP DATABASE x--"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshDropsOnlyAStaleCopyBeforeImportingTheCurrentCertificate() {
        DerCertificate current = TestPki.leaf(TestPki.root("Fake Root")).certificate();
        assertThat(CertificateTsql.refreshManagedInstanceCertificate(FQDN, current)).isEqualTo("""
                USE [master];
                IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'%1$s' AND thumbprint <> 0x%3$s)
                    DROP CERTIFICATE [%1$s];
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'%1$s')
                    CREATE CERTIFICATE [%1$s] FROM BINARY = %2$s;""".formatted(FQDN, hex(current),
                current.thumbprint().hex()));
    }

    @Test
    void importsARootAndRegistersItAsIssuerInTheDocumentedShapeGuardedByNameAndThumbprint() {
        AzureRootCa digicert = AzureRootBundle.load().find("digicert-global-root-g2").orElseThrow();
        assertThat(CertificateTsql.importRootCa(digicert)).isEqualTo("""
                USE [master];
                DECLARE @id int = (SELECT certificate_id FROM sys.certificates WHERE thumbprint = 0xDF3C24F9BFD666761B268073FE06D1CC8D4F82A4);
                IF @id IS NULL AND EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'DigiCertPKI')
                    THROW 50000, N'A different certificate is already named DigiCertPKI; it is not the root with thumbprint DF3C24F9BFD666761B268073FE06D1CC8D4F82A4. Drop or rename it, or import the root under another name.', 1;
                IF @id IS NULL
                BEGIN
                    CREATE CERTIFICATE [DigiCertPKI] FROM BINARY = %s;
                    SET @id = CERT_ID(N'DigiCertPKI');
                    EXEC sp_certificate_add_issuer @id, N'*.database.windows.net';
                END
                ELSE IF OBJECT_ID(N'sys.sp_certificate_issuers') IS NOT NULL
                BEGIN
                    DECLARE @registered TABLE (certificateid int, dnsname nvarchar(128));
                    INSERT INTO @registered EXEC sys.sp_certificate_issuers;
                    IF NOT EXISTS (SELECT 1 FROM @registered WHERE certificateid = @id AND dnsname = N'*.database.windows.net')
                        EXEC sp_certificate_add_issuer @id, N'*.database.windows.net';
                END
                ELSE
                    PRINT N'The root with thumbprint DF3C24F9BFD666761B268073FE06D1CC8D4F82A4 is already in master; this build does not list issuer registrations (sys.sp_certificate_issuers), so its registration for *.database.windows.net was not checked.';""".formatted(hex(digicert.certificate())));
    }

    @Test
    void importsARootUnderAHostileName() {
        DerCertificate root = TestPki.root("Fake Root").certificate();
        String script = CertificateTsql.importRootCa(HOSTILE, root);
        assertThat(script).contains("CREATE CERTIFICATE [a]]; DROP DATABASE x--] FROM BINARY = " + hex(root) + ";")
                .contains("SET @id = CERT_ID(N'a]; DROP DATABASE x--');")
                .contains("WHERE name = N'a]; DROP DATABASE x--')")
                .contains("THROW 50000, N'A different certificate is already named a]; DROP DATABASE x--;")
                .contains("WHERE thumbprint = " + root.thumbprint().sqlServerLiteral() + ");");
    }

    @Test
    void registersAnExistingCertificateUnderItsOwnNameQuoted() {
        assertThat(CertificateTsql.registerIssuer(HOSTILE)).isEqualTo("""
                USE [master];
                DECLARE @id int = CERT_ID(N'a]; DROP DATABASE x--');
                IF @id IS NOT NULL
                    EXEC sp_certificate_add_issuer @id, N'*.database.windows.net';""");
    }

    @Test
    void theGeneratedRootImportCarriesTheSameBytesAsMicrosoftsScriptsPage() {
        // Learn's script embeds the DigiCert root as 0x...; ours must be byte-for-byte that blob.
        String learnBlob = CertificateReaderTest.resource("io/milink/certs/digicert-global-root-g2.learn-scripts-page.hex")
                .strip();
        assertThat(CertificateTsql.importRootCa(AzureRootBundle.load().roots().get(0)))
                .contains("FROM BINARY = " + learnBlob + ";");
    }

    @Test
    void dropsLinkCertificateOnlyOnceNoEndpointUsesIt() {
        assertThat(CertificateTsql.dropLinkCertificate(HOSTILE)).isEqualTo("""
                USE [master];
                IF EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints AS e JOIN sys.certificates AS c ON c.certificate_id = e.certificate_id WHERE c.name = N'a]; DROP DATABASE x--')
                    THROW 50000, N'The database mirroring endpoint still authenticates with certificate a]; DROP DATABASE x--; ALTER ENDPOINT to another certificate or DROP ENDPOINT first.', 1;
                IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'a]; DROP DATABASE x--')
                    DROP CERTIFICATE [a]]; DROP DATABASE x--];""");
    }

    @Test
    void dropsForLinkRemovalInTheSafeOrder() {
        List<String> batches = CertificateTsql.dropForLinkRemoval(FQDN, List.of("MicrosoftPKI", "DigiCertPKI"),
                "Cert_SQL01_endpoint");
        assertThat(batches).hasSize(4);
        assertThat(batches.get(0)).isEqualTo("""
                USE [master];
                IF EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'%1$s')
                    DROP CERTIFICATE [%1$s];""".formatted(FQDN));
        assertThat(batches.get(1)).endsWith("DROP CERTIFICATE [MicrosoftPKI];");
        assertThat(batches.get(2)).endsWith("DROP CERTIFICATE [DigiCertPKI];");
        assertThat(batches.get(3)).contains("THROW 50000").endsWith("DROP CERTIFICATE [Cert_SQL01_endpoint];");
        assertThat(CertificateTsql.dropForLinkRemoval(FQDN, List.of(), "Cert_SQL01_endpoint")).hasSize(2);
    }

    @Test
    void scriptSeparatesBatchesWithGo() {
        assertThat(CertificateTsql.script(List.of("SELECT 1;", "SELECT 2;"))).isEqualTo("SELECT 1;\nGO\nSELECT 2;\nGO\n");
    }

    @Test
    void refusesNamesSqlServerCannotHold() {
        assertThatThrownBy(() -> CertificateTsql.createLinkCertificate("x".repeat(129), LocalDate.of(2030, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
        assertThatThrownBy(() -> CertificateTsql.dropRootCa("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateTsql.createLinkCertificate("c", " ", LocalDate.of(2030, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
