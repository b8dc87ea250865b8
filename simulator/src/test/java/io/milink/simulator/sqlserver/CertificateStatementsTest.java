package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.pki.BundledRootCertificates;
import io.milink.simulator.sqlserver.tsql.SelectTranslator;

/** DMK, CREATE/DROP CERTIFICATE and sp_certificate_add_issuer (mi-link-workflow §1.8, §3.1–3.4). */
class CertificateStatementsTest {

    private SqlServerInstance instance;
    private EngineSession session;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void certificateFunctionsAnswerNullWhenTheInstanceHasNoCertificateAtAll() {
        assertThat(TwinFixture.run(session, "DROP CERTIFICATE [DigiCertPKI]; DROP CERTIFICATE [MicrosoftPKI];")
                .errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM sys.certificates").scalar()).isEqualTo(0);
        RecordingSink r = TwinFixture.run(session,
                "SELECT CERT_ID(N'MicrosoftPKI') AS id, CERTENCODED(1) AS der");
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().rows().get(0)).containsExactly(null, null);
        RecordingSink rows = TwinFixture.run(session,
                "SELECT name, CERTENCODED(certificate_id) AS der FROM master.sys.certificates");
        assertThat(rows.errors()).isEmpty();
        assertThat(rows.onlyTable().rows()).isEmpty();
    }

    @Test
    void secondMasterKeyIs15578AndThePasswordIsNeverEchoed() {
        RecordingSink r = TwinFixture.run(session, "CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'S3cret!Passw0rd'");
        assertThat(r.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(15578);
            assertThat(m.text()).isEqualTo("There is already a master key in the database. Please drop it before performing this statement.");
        });
        assertThat(r.messages).noneMatch(m -> m.text().contains("S3cret"));
    }

    @Test
    void guardedMasterKeyCreationIsSilentWhenKeyExistsAndCreatesItOtherwise() {
        String script = "IF NOT EXISTS (SELECT * FROM sys.symmetric_keys WHERE symmetric_key_id = 101)"
                + " CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'S3cret!Passw0rd'";
        RecordingSink skipped = TwinFixture.run(session, script);
        assertThat(skipped.errors()).isEmpty();
        assertThat(skipped.dones).as("a batch always ends with a DONE").hasSize(1);
        assertThat(TwinFixture.run(session, "DROP MASTER KEY").errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM sys.symmetric_keys").scalar()).isEqualTo(0);
        assertThat(TwinFixture.run(session, script).errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT name FROM sys.symmetric_keys WHERE symmetric_key_id = 101").scalar())
                .isEqualTo("##MS_DatabaseMasterKey##");
    }

    @Test
    void createCertificateWithSubjectMakesAMasterKeyProtectedCertificate() {
        RecordingSink r = TwinFixture.run(session, "CREATE CERTIFICATE [Cert_SQL01_endpoint] WITH SUBJECT ="
                + " 'Certificate for Cert_SQL01_endpoint', EXPIRY_DATE = '03/30/2030'");
        assertThat(r.errors()).isEmpty();
        RecordingSink q = TwinFixture.run(session, "SELECT subject, issuer_name, pvt_key_encryption_type,"
                + " pvt_key_encryption_type_desc, expiry_date, key_length FROM sys.certificates WHERE name = 'Cert_SQL01_endpoint'");
        assertThat(q.onlyTable().rows().get(0)).containsExactly("Certificate for Cert_SQL01_endpoint",
                "Certificate for Cert_SQL01_endpoint", "MK", "ENCRYPTED_BY_MASTER_KEY", LocalDateTime.of(2030, 3, 30, 0, 0), 2048);
        assertThat(q.onlyTable().columns().get(2).type().kind()).isEqualTo(io.milink.simulator.engine.SqlTypeKind.VARCHAR);
    }

    @Test
    void certificateDefaultsToOneYearValidity() {
        TwinFixture.run(session, "CREATE CERTIFICATE c1 WITH SUBJECT = 'c1'");
        Object days = TwinFixture.run(session,
                "SELECT DATEDIFF(day, start_date, expiry_date) FROM sys.certificates WHERE name = 'c1'").scalar();
        assertThat(days).isEqualTo(365);
    }

    @Test
    void duplicateCertificateNameIs15232() {
        ServerMessage m = TwinFixture.run(session, "CREATE CERTIFICATE [MicrosoftPKI] WITH SUBJECT = 'x'").errors().get(0);
        assertThat(m.number()).isEqualTo(15232);
        assertThat(m.text()).isEqualTo("A certificate with name 'MicrosoftPKI' already exists or this certificate already has been added to the database.");
    }

    @Test
    void createFromBinaryImportsTheDerAndSameBlobTwiceIs15232() throws Exception {
        byte[] der = BundledRootCertificates.get("digicert-global-root-g2").getEncoded();
        TwinFixture.run(session, "DROP CERTIFICATE DigiCertPKI");
        RecordingSink r = TwinFixture.run(session, "CREATE CERTIFICATE [DigiCertPKI] FROM BINARY = 0x" + SelectTranslator.hex(der));
        assertThat(r.errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT CERTENCODED(CERT_ID('DigiCertPKI'))").scalar()).isEqualTo(der);
        RecordingSink again = TwinFixture.run(session, "CREATE CERTIFICATE [Other] FROM BINARY = 0x" + SelectTranslator.hex(der));
        assertThat(again.errors()).extracting(ServerMessage::number).containsExactly(15232);
    }

    @Test
    void createFromBadBinaryIs15468() {
        assertThat(TwinFixture.run(session, "CREATE CERTIFICATE bad FROM BINARY = 0x3082DEADBEEF").errors())
                .extracting(ServerMessage::number).containsExactly(15468);
    }

    @Test
    void createFromFileReadsDerOrPemAndMissingFileIs15208(@TempDir Path dir) throws Exception {
        Path der = dir.resolve("root.cer");
        Files.write(der, BundledRootCertificates.get("microsoft-rsa-root-2017").getEncoded());
        TwinFixture.run(session, "DROP CERTIFICATE MicrosoftPKI");
        assertThat(TwinFixture.run(session, "CREATE CERTIFICATE MicrosoftPKI FROM FILE = '" + der + "'").errors()).isEmpty();
        RecordingSink missing = TwinFixture.run(session, "CREATE CERTIFICATE m2 FROM FILE = '" + dir.resolve("none.cer") + "'");
        assertThat(missing.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(15208);
            assertThat(m.text()).isEqualTo("The certificate, asymmetric key, or private key file is not valid or does not exist; or you do not have permissions for it.");
        });
    }

    @Test
    void dropMissingCertificateIs15151() {
        ServerMessage m = TwinFixture.run(session, "DROP CERTIFICATE [nope]").errors().get(0);
        assertThat(m.number()).isEqualTo(15151);
        assertThat(m.text()).isEqualTo("Cannot drop the certificate 'nope', because it does not exist or you do not have permission.");
    }

    @Test
    void documentedIssuerScriptRegistersAndSecondRunFails() {
        TwinFixture.run(session, "CREATE CERTIFICATE [NewRoot] WITH SUBJECT = 'NewRoot'");
        String script = "DECLARE @id int = CERT_ID('NewRoot');\nEXEC sp_certificate_add_issuer @id, N'*.database.windows.net';";
        RecordingSink first = TwinFixture.run(session, script);
        assertThat(first.errors()).isEmpty();
        RecordingSink second = TwinFixture.run(session, script);
        assertThat(second.errors()).singleElement().satisfies(m -> assertThat(m.text())
                .isEqualTo("The certificate 'NewRoot' has been already added as a trusted issuer for DNS name '*.database.windows.net'"));
        RecordingSink list = TwinFixture.run(session, "IF OBJECT_ID('sys.sp_certificate_issuers') IS NOT NULL EXEC sys.sp_certificate_issuers");
        assertThat(list.columnNames(0)).containsExactly("certificateid", "dnsname");
        assertThat(list.onlyTable().rows()).hasSize(3);
    }

    @Test
    void theIssuerListReadIntoATableVariableGuardsARegistration() {
        TwinFixture.run(session, "CREATE CERTIFICATE [GuardedRoot] WITH SUBJECT = 'GuardedRoot'");
        // The idiom SQL LogScout uses to read sys.sp_certificate_issuers, turned into a guard: rerunning it is harmless.
        String guarded = """
                DECLARE @id int = CERT_ID(N'GuardedRoot');
                DECLARE @registered TABLE (certificateid int, dnsname nvarchar(128));
                INSERT INTO @registered EXEC sys.sp_certificate_issuers;
                IF NOT EXISTS (SELECT 1 FROM @registered WHERE certificateid = @id AND dnsname = N'*.database.windows.net')
                    EXEC sp_certificate_add_issuer @id, N'*.database.windows.net';
                SELECT COUNT(*) FROM @registered;
                """;
        RecordingSink first = TwinFixture.run(session, guarded);
        assertThat(first.errors()).isEmpty();
        assertThat(first.scalar()).isEqualTo(2); // the scenario's two roots, read before the registration
        RecordingSink second = TwinFixture.run(session, guarded);
        assertThat(second.errors()).isEmpty();
        assertThat(second.scalar()).isEqualTo(3);
    }

    @Test
    void tableVariablesAreBatchScopedAndCheckTheirShape() {
        RecordingSink undeclared = TwinFixture.run(session, "SELECT * FROM @nowhere");
        assertThat(undeclared.errors()).extracting(ServerMessage::text)
                .containsExactly("Must declare the table variable \"@nowhere\".");
        RecordingSink mismatch = TwinFixture.run(session,
                "DECLARE @one TABLE (certificateid int); INSERT @one EXEC sys.sp_certificate_issuers;");
        assertThat(mismatch.errors()).extracting(ServerMessage::number).containsExactly(213);
        RecordingSink other = TwinFixture.run(session,
                "DECLARE @t TABLE (a int); INSERT INTO @t VALUES (1);");
        assertThat(other.errors()).extracting(ServerMessage::number).containsExactly(50000);
    }

    @Test
    void issuerProcedureAsRpcByNameWithNamedParameters() {
        TwinFixture.run(session, "CREATE CERTIFICATE [RpcRoot] WITH SUBJECT = 'RpcRoot'");
        Object id = TwinFixture.run(session, "SELECT CERT_ID('RpcRoot')").scalar();
        RecordingSink r = new RecordingSink();
        int status = session.executeProcedure("[sys].[sp_certificate_add_issuer]", java.util.List.of(
                new io.milink.simulator.engine.Parameter("@certificate_id", io.milink.simulator.engine.SqlType.integer(), id, false),
                new io.milink.simulator.engine.Parameter("@dns_name", io.milink.simulator.engine.SqlType.nvarchar(128),
                        "*.database.windows.net", false)), r, io.milink.simulator.engine.Cancellation.NEVER);
        assertThat(status).isZero();
        assertThat(r.errors()).isEmpty();
        RecordingSink missing = new RecordingSink();
        session.executeProcedure("sp_nothing", java.util.List.of(), missing, io.milink.simulator.engine.Cancellation.NEVER);
        assertThat(missing.errors()).extracting(ServerMessage::number).containsExactly(2812);
    }

    @Test
    void scenarioIssuersAreAlreadyRegistered() {
        RecordingSink r = TwinFixture.run(session, "EXEC sp_certificate_add_issuer @certificate_id = 257, @dns_name = N'*.database.windows.net'");
        assertThat(r.errors()).extracting(ServerMessage::text).singleElement().asString().contains("'MicrosoftPKI'");
    }

    @Test
    void withoutIssuerProcedureItIsMissing() {
        try (SqlServerInstance old = TwinFixture.instance("sql2016.yaml")) {
            EngineSession s = TwinFixture.sa(old);
            assertThat(TwinFixture.run(s, "SELECT OBJECT_ID('sys.sp_certificate_add_issuer')").scalar()).isNull();
            assertThat(TwinFixture.run(s, "EXEC sp_certificate_add_issuer 256, N'*.database.windows.net'").errors())
                    .extracting(ServerMessage::text).containsExactly("Could not find stored procedure 'sp_certificate_add_issuer'.");
        }
    }

    @Test
    void certificateWithoutMasterKeyIs15581() {
        try (SqlServerInstance old = TwinFixture.instance("sql2016.yaml")) {
            EngineSession s = TwinFixture.sa(old);
            assertThat(TwinFixture.run(s, "CREATE CERTIFICATE c WITH SUBJECT = 'c'").errors())
                    .extracting(ServerMessage::number).containsExactly(15581);
            assertThat(TwinFixture.run(s, "CREATE CERTIFICATE c ENCRYPTION BY PASSWORD = 'Pw!12345678' WITH SUBJECT = 'c'").errors()).isEmpty();
            assertThat(TwinFixture.run(s, "SELECT pvt_key_encryption_type_desc FROM sys.certificates WHERE name = 'c'").scalar())
                    .isEqualTo("ENCRYPTED_BY_PASSWORD");
        }
    }

    @Test
    void userDatabaseSeesNoMasterCertificates() {
        TwinFixture.run(session, "USE Sales");
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM sys.certificates").scalar()).isEqualTo(0);
        assertThat(TwinFixture.run(session, "SELECT COUNT(*) FROM master.sys.certificates").scalar()).isEqualTo(2);
    }
}
