package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.pki.BundledRootCertificates;

/** The read-only preflight probe set of mi-link-workflow.md §1.10, run unchanged. */
class PreflightProbeTest {

    private static SqlServerInstance instance;
    private static EngineSession session;

    @BeforeAll
    static void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterAll
    static void stop() {
        session.close();
        instance.close();
    }

    @Test
    void serverPropertiesComeBackAsSqlVariantsWithBaseTypesAndEmptyNames() {
        RecordingSink r = TwinFixture.run(session, "SELECT SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('Edition'),"
                + " SERVERPROPERTY('EngineEdition'),\n SERVERPROPERTY('IsHadrEnabled'), SERVERPROPERTY('Collation'),"
                + " @@SERVERNAME, @@VERSION;");
        ResultTable t = r.onlyTable();
        assertThat(r.columnNames(0)).containsOnly("");
        for (int c = 0; c < 5; c++) {
            assertThat(t.columns().get(c).type()).isEqualTo(SqlType.sqlVariant());
        }
        Object[] row = t.rows().get(0);
        assertThat(row[0]).isEqualTo(new SqlVariant(SqlType.nvarchar(128), "15.0.4312.2"));
        assertThat(row[1]).isEqualTo(new SqlVariant(SqlType.nvarchar(128), "Enterprise Edition (64-bit)"));
        assertThat(row[2]).isEqualTo(new SqlVariant(SqlType.integer(), 3));
        assertThat(row[3]).isEqualTo(new SqlVariant(SqlType.integer(), 1));
        assertThat(row[4]).isEqualTo(new SqlVariant(SqlType.nvarchar(128), "SQL_Latin1_General_CP1_CI_AS"));
        assertThat(row[5]).isEqualTo("SQL01");
        assertThat(t.columns().get(5).type()).isEqualTo(SqlType.nvarchar(128));
        assertThat((String) row[6]).startsWith("Microsoft SQL Server 2019 (RTM-CU20) - 15.0.4312.2 (X64)")
                .contains("Enterprise Edition (64-bit) on Windows");
        assertThat(r.dones).containsExactly(new RecordingSink.Done(StatementKind.SELECT, 1, false));
    }

    @Test
    void serverPropertyWrappedInCastHasTheCastType() {
        RecordingSink r = TwinFixture.run(session,
                "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS v, CONVERT(int, SERVERPROPERTY('EngineEdition')) e,"
                        + " SERVERPROPERTY('ProductUpdateLevel') AS cu, SERVERPROPERTY('InstanceName') AS inst");
        ResultTable t = r.onlyTable();
        assertThat(r.columnNames(0)).containsExactly("v", "e", "cu", "inst");
        assertThat(t.columns().get(0).type()).isEqualTo(SqlType.nvarchar(128));
        assertThat(t.columns().get(1).type()).isEqualTo(SqlType.integer());
        assertThat(t.rows().get(0)).containsExactly("15.0.4312.2", 3, new SqlVariant(SqlType.nvarchar(128), "CU20"), null);
    }

    @Test
    void isSrvRoleMemberIsOneForSysadmin() {
        RecordingSink r = TwinFixture.run(session, "SELECT IS_SRVROLEMEMBER('sysadmin');");
        assertThat(r.scalar()).isEqualTo(1);
        assertThat(r.onlyTable().columns().get(0).type()).isEqualTo(SqlType.integer());
    }

    @Test
    void traceStatusListsGlobalFlagsAndEndsWithMessage2528() {
        RecordingSink r = TwinFixture.run(session, "DBCC TRACESTATUS(-1);");
        ResultTable t = r.onlyTable();
        assertThat(r.columnNames(0)).containsExactly("TraceFlag", "Status", "Global", "Session");
        assertThat(t.rows()).extracting(row -> List.of(row)).containsExactly(
                List.of((short) 1800, (short) 1, (short) 1, (short) 0), List.of((short) 9567, (short) 1, (short) 1, (short) 0));
        assertThat(r.messages).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(2528);
            assertThat(m.severity()).isZero().isLessThanOrEqualTo(10);
            assertThat(m.text()).isEqualTo("DBCC execution completed. If DBCC printed error messages, contact your system administrator.");
        });
        assertThat(r.dones).containsExactly(new RecordingSink.Done(StatementKind.DBCC, -1, false));
    }

    @Test
    void registryStartupArgumentsShowStartupTraceFlagsAsSqlVariant() {
        RecordingSink r = TwinFixture.run(session,
                "SELECT value_data FROM sys.dm_server_registry WHERE value_name LIKE N'SQLArg%';");
        ResultTable t = r.onlyTable();
        assertThat(t.columns().get(0).type()).isEqualTo(SqlType.sqlVariant());
        assertThat(t.rows()).extracting(row -> ((SqlVariant) row[0]).value())
                .contains("-T1800", "-T9567").anyMatch(v -> v.toString().startsWith("-d"));
    }

    @Test
    void masterKeyProbeFindsKey101() {
        RecordingSink r = TwinFixture.run(session, "SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101;");
        assertThat(r.scalar()).isEqualTo(1);
        RecordingSink byName = TwinFixture.run(session,
                "SELECT name FROM master.sys.symmetric_keys WHERE name LIKE '%DatabaseMasterKey%'");
        assertThat(byName.scalar()).isEqualTo("##MS_DatabaseMasterKey##");
    }

    @Test
    void objectIdOfIssuerProcedureIsNotNull() {
        RecordingSink r = TwinFixture.run(session, "SELECT OBJECT_ID('sys.sp_certificate_add_issuer');");
        assertThat(r.scalar()).isNotNull();
        assertThat(TwinFixture.run(session, "SELECT OBJECT_ID('sys.no_such_thing')").scalar()).isNull();
    }

    @Test
    void certificatesShowBundledRootsWithSha1Thumbprints() throws Exception {
        RecordingSink r = TwinFixture.run(session, "SELECT name, subject, issuer_name, start_date, expiry_date,"
                + " pvt_key_encryption_type_desc, thumbprint\n  FROM sys.certificates;");
        ResultTable t = r.onlyTable();
        assertThat(r.columnNames(0)).containsExactly("name", "subject", "issuer_name", "start_date", "expiry_date",
                "pvt_key_encryption_type_desc", "thumbprint");
        assertThat(t.columns()).extracting(c -> c.type()).containsExactly(SqlType.SYSNAME, SqlType.nvarchar(4000),
                SqlType.nvarchar(442), SqlType.datetime(), SqlType.datetime(), SqlType.nvarchar(60), SqlType.varbinary(32));
        Object[] ms = t.rows().stream().filter(row -> row[0].equals("MicrosoftPKI")).findFirst().orElseThrow();
        assertThat((String) ms[2]).contains("Microsoft Corporation");
        assertThat(ms[4]).isEqualTo(LocalDateTime.of(2042, 7, 18, 23, 0, 23));
        assertThat(ms[5]).isEqualTo("NO_PRIVATE_KEY");
        byte[] der = BundledRootCertificates.get("microsoft-rsa-root-2017").getEncoded();
        assertThat((byte[]) ms[6]).isEqualTo(MessageDigest.getInstance("SHA-1").digest(der));
    }

    @Test
    void mirroringEndpointJoinsTcpEndpoint() {
        RecordingSink r = TwinFixture.run(session, "SELECT e.name, e.state_desc, e.connection_auth_desc, e.is_encryption_enabled,"
                + " e.encryption_algorithm_desc,\n       e.certificate_id, t.port FROM sys.database_mirroring_endpoints e\n"
                + "  JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id;");
        ResultTable t = r.onlyTable();
        assertThat(t.rows()).singleElement().satisfies(row ->
                assertThat(row).containsExactly("Hadr_endpoint", "STARTED", "NEGOTIATE", true, "AES", null, 5022));
        assertThat(t.columns().get(3).type()).isEqualTo(SqlType.bit());
    }

    @Test
    void availabilityGroupsAreEmptyWithClusterTypeOn2019() {
        RecordingSink r = TwinFixture.run(session, "SELECT name, is_distributed, cluster_type_desc FROM sys.availability_groups;");
        assertThat(r.onlyTable().rows()).isEmpty();
        assertThat(r.columnNames(0)).containsExactly("name", "is_distributed", "cluster_type_desc");
        assertThat(r.dones).containsExactly(new RecordingSink.Done(StatementKind.SELECT, 0, false));
    }

    @Test
    void databaseProbeReturnsRecoveryAndAdrColumns() {
        RecordingSink r = TwinFixture.run(session, "SELECT name, recovery_model_desc, is_broker_enabled,"
                + " is_accelerated_database_recovery_on, group_database_id,\n       state_desc, collation_name FROM"
                + " sys.databases WHERE name = 'Sales';");
        ResultTable t = r.onlyTable();
        assertThat(t.rows().get(0)).containsExactly("Sales", "FULL", false, false, null, "ONLINE",
                "SQL_Latin1_General_CP1_CI_AS");
        assertThat(t.columns().get(4).type()).isEqualTo(SqlType.uniqueidentifier());
    }

    @Test
    void masterFilesGroupedByTypeCountsLogFiles() {
        RecordingSink r = TwinFixture.run(session,
                "SELECT type, COUNT(*) FROM sys.master_files WHERE database_id = DB_ID('Staging') GROUP BY type ORDER BY type;");
        ResultTable t = r.onlyTable();
        assertThat(r.columnNames(0)).containsExactly("type", "");
        assertThat(t.columns()).extracting(c -> c.type()).containsExactly(SqlType.tinyint(), SqlType.integer());
        assertThat(t.rows()).extracting(row -> List.of(row)).containsExactly(List.of((short) 0, 1), List.of((short) 1, 2));
    }

    @Test
    void lastFullBackupComesFromMsdbBackupset() {
        RecordingSink r = TwinFixture.run(session, "SELECT TOP 1 backup_finish_date, is_copy_only, has_backup_checksums"
                + " FROM msdb.dbo.backupset\n  WHERE database_name = 'Sales' AND type = 'D' ORDER BY backup_finish_date DESC;");
        assertThat(r.onlyTable().rows().get(0)).containsExactly(LocalDateTime.of(2026, 11, 20, 1, 0), false, false);
    }

    @Test
    void encryptionStateIsThreeForTdeDatabase() {
        assertThat(TwinFixture.run(session, "SELECT encryption_state FROM sys.dm_database_encryption_keys"
                + " WHERE database_id = DB_ID('Staging');").scalar()).isEqualTo(3);
        assertThat(TwinFixture.run(session, "SELECT encryption_state FROM sys.dm_database_encryption_keys"
                + " WHERE database_id = DB_ID('Sales');").onlyTable().rows()).isEmpty();
    }

    @Test
    void sqlperfLogspaceHasDocumentedColumns() {
        RecordingSink r = TwinFixture.run(session, "DBCC SQLPERF(LOGSPACE);");
        assertThat(r.columnNames(0)).containsExactly("Database Name", "Log Size (MB)", "Log Space Used (%)", "Status");
        assertThat(r.onlyTable().rows()).anySatisfy(row -> assertThat(row).containsExactly("Sales", 256.0, 12.5, 0));
        assertThat(r.messages).extracting(m -> m.number()).containsExactly(2528);
    }

    @Test
    void wholeProbeSetRunsAsOneBatchWithoutErrors() {
        RecordingSink r = TwinFixture.run(session, """
                SELECT SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('Edition'), SERVERPROPERTY('EngineEdition'),
                       SERVERPROPERTY('IsHadrEnabled'), SERVERPROPERTY('Collation'), @@SERVERNAME, @@VERSION;
                SELECT IS_SRVROLEMEMBER('sysadmin');
                DBCC TRACESTATUS(-1);                                   -- TraceFlag, Status, Global, Session
                SELECT value_data FROM sys.dm_server_registry WHERE value_name LIKE N'SQLArg%';   -- Windows only
                SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101;                   -- DMK
                SELECT OBJECT_ID('sys.sp_certificate_add_issuer');                                -- servicing present?
                SELECT name, subject, issuer_name, start_date, expiry_date, pvt_key_encryption_type_desc, thumbprint
                  FROM sys.certificates;                                                          -- link cert, MI cert, roots
                SELECT e.name, e.state_desc, e.connection_auth_desc, e.is_encryption_enabled, e.encryption_algorithm_desc,
                       e.certificate_id, t.port FROM sys.database_mirroring_endpoints e
                  JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id;
                SELECT name, is_distributed, cluster_type_desc FROM sys.availability_groups;      -- cluster_type_desc: 2017+
                SELECT name, recovery_model_desc, is_broker_enabled, is_accelerated_database_recovery_on, group_database_id,
                       state_desc, collation_name FROM sys.databases WHERE name = 'Sales';        -- ADR column: 2019+
                SELECT type, COUNT(*) FROM sys.master_files WHERE database_id = DB_ID('Sales') GROUP BY type;
                SELECT TOP 1 backup_finish_date, is_copy_only, has_backup_checksums FROM msdb.dbo.backupset
                  WHERE database_name = 'Sales' AND type = 'D' ORDER BY backup_finish_date DESC;
                SELECT encryption_state FROM sys.dm_database_encryption_keys WHERE database_id = DB_ID('Sales');
                DBCC SQLPERF(LOGSPACE);
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.tables).hasSize(14);
        assertThat(r.dones).hasSize(14).noneMatch(RecordingSink.Done::failed);
    }
}
