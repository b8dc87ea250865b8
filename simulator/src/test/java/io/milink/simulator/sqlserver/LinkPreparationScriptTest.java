package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.sqlserver.tsql.SelectTranslator;

/** The documented script sequence of mi-link-workflow §3.1–3.5 on a server that has none of it yet. */
class LinkPreparationScriptTest {

    private static final String BARE = """
            sqlServer:
              serverName: SQL02
              productVersion: 16.0.4135.4
              productUpdateLevel: CU14
              edition: Enterprise Edition (64-bit)
              hadrEnabled: true
              logins: [ { name: sa, password: "x" } , { name: milink, password: "y", sysadmin: true } ]
              databases: [ { name: Sales, recoveryModel: SIMPLE } ]
            """;

    @Test
    void scriptsRunInOrderAndAreSafeToRerunWithGuards() {
        try (SqlServerInstance instance = SqlServerInstance.fromScenario(BARE)) {
            EngineSession s = TwinFixture.login(instance, "milink", "y", "master");
            String script = """
                    IF NOT EXISTS (SELECT * FROM sys.symmetric_keys WHERE symmetric_key_id = 101)
                        CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'Str0ng!Dmk#Passw0rd';
                    DECLARE @name sysname = N'Cert_' + REPLACE(@@SERVERNAME, '\\', '_') + N'_endpoint';
                    IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = @name)
                    BEGIN
                        PRINT 'creating ' + @name;
                        CREATE CERTIFICATE [Cert_SQL02_endpoint] WITH SUBJECT = N'Certificate for Cert_SQL02_endpoint',
                            EXPIRY_DATE = '2036-01-01';
                    END
                    SELECT name, pvt_key_encryption_type FROM sys.certificates WHERE name = @name;
                    ALTER DATABASE [Sales] SET RECOVERY FULL;
                    BACKUP DATABASE [Sales] TO DISK = N'/var/opt/mssql/backup/Sales.bak' WITH CHECKSUM, INIT;
                    """;
            RecordingSink first = TwinFixture.run(s, script);
            assertThat(first.errors()).isEmpty();
            assertThat(first.messages).extracting(m -> m.text()).contains("creating Cert_SQL02_endpoint");
            assertThat(first.tables.get(0).rows().get(0)).containsExactly("Cert_SQL02_endpoint", "MK");
            RecordingSink again = TwinFixture.run(s, script);
            assertThat(again.errors()).isEmpty();
            assertThat(again.messages).extracting(m -> m.text()).doesNotContain("creating Cert_SQL02_endpoint");

            byte[] publicKey = (byte[]) TwinFixture.run(s, "SELECT CERTENCODED(CERT_ID(N'Cert_SQL02_endpoint'))").scalar();
            assertThat(publicKey).isNotEmpty();

            byte[] miCert = CertificateIssuer.selfSigned("mi1.abc.database.windows.net", Instant.now(),
                    Instant.now().plus(90, ChronoUnit.DAYS)).der();
            assertThat(TwinFixture.run(s, "CREATE CERTIFICATE [mi1.abc.database.windows.net] FROM BINARY = 0x"
                    + SelectTranslator.hex(miCert)).errors()).isEmpty();
            assertThat(TwinFixture.run(s, "SELECT pvt_key_encryption_type_desc FROM sys.certificates"
                    + " WHERE name = N'mi1.abc.database.windows.net'").scalar()).isEqualTo("NO_PRIVATE_KEY");

            RecordingSink call = TwinFixture.runSql(s, "EXEC sp_certificate_add_issuer @P0, @P1", "@P0 int,@P1 nvarchar(4000)",
                    List.of(new Parameter("", SqlType.integer(), 257, false),
                            new Parameter("", SqlType.nvarchar(4000), "*.database.windows.net", false)));
            assertThat(call.errors()).isEmpty();
            assertThat(TwinFixture.run(s, "SELECT TOP 1 type, has_backup_checksums FROM msdb.dbo.backupset"
                    + " WHERE database_name = N'Sales' ORDER BY backup_finish_date DESC").onlyTable().rows().get(0))
                    .containsExactly("D", true);
        }
    }
}
