package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.SqlType;

/** Catalog columns have SQL Server's types (Microsoft Learn pages of each view). */
class CatalogViewTypesTest {

    private static SqlServerInstance instance;
    private static EngineSession session;

    private static final Map<String, SqlType> TYPES = Map.ofEntries(
            Map.entry("sysname", SqlType.SYSNAME), Map.entry("desc", SqlType.nvarchar(60)),
            Map.entry("int", SqlType.integer()), Map.entry("smallint", SqlType.smallint()),
            Map.entry("tinyint", SqlType.tinyint()), Map.entry("bit", SqlType.bit()),
            Map.entry("bigint", SqlType.bigint()), Map.entry("datetime", SqlType.datetime()),
            Map.entry("guid", SqlType.uniqueidentifier()), Map.entry("thumbprint", SqlType.varbinary(32)),
            Map.entry("char2", SqlType.varchar(2)), Map.entry("char1", SqlType.varchar(1)),
            Map.entry("lsn", SqlType.decimal(25, 0)), Map.entry("nvarchar260", SqlType.nvarchar(260)),
            Map.entry("nvarchar45", SqlType.nvarchar(45)), Map.entry("nvarchar128", SqlType.nvarchar(128)),
            Map.entry("nvarchar256", SqlType.nvarchar(256)), Map.entry("varbinary85", SqlType.varbinary(85)));

    @BeforeAll
    static void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @ParameterizedTest(name = "{0}.{1} is {2}")
    @CsvSource({
            "sys.databases, name, sysname", "sys.databases, database_id, int", "sys.databases, state, tinyint",
            "sys.databases, state_desc, desc", "sys.databases, recovery_model, tinyint",
            "sys.databases, recovery_model_desc, desc", "sys.databases, is_broker_enabled, bit",
            "sys.databases, group_database_id, guid", "sys.databases, create_date, datetime",
            "sys.databases, compatibility_level, tinyint", "sys.databases, collation_name, sysname",
            "sys.databases, is_encrypted, bit", "sys.databases, owner_sid, varbinary85",
            "sys.master_files, size, int", "sys.master_files, type_desc, desc", "sys.master_files, physical_name, nvarchar260",
            "sys.symmetric_keys, symmetric_key_id, int", "sys.symmetric_keys, key_algorithm, char2",
            "sys.certificates, certificate_id, int", "sys.certificates, pvt_key_encryption_type, char2",
            "sys.certificates, thumbprint, thumbprint", "sys.certificates, string_sid, nvarchar128",
            "sys.endpoints, type_desc, desc", "sys.endpoints, endpoint_id, int",
            "sys.database_mirroring_endpoints, connection_auth_desc, desc",
            "sys.database_mirroring_endpoints, is_encryption_enabled, bit", "sys.tcp_endpoints, port, int",
            "sys.tcp_endpoints, ip_address, nvarchar45", "sys.tcp_endpoints, is_dynamic_port, bit",
            "sys.availability_groups, group_id, guid", "sys.availability_groups, cluster_type_desc, desc",
            "sys.availability_replicas, replica_server_name, nvarchar256",
            "sys.dm_database_encryption_keys, encryption_state, int", "sys.dm_os_host_info, host_platform, nvarchar256",
            "msdb.dbo.backupset, type, char1", "msdb.dbo.backupset, backup_finish_date, datetime",
            "msdb.dbo.backupset, is_copy_only, bit", "msdb.dbo.backupset, first_lsn, lsn",
            "msdb.dbo.backupset, database_name, nvarchar128", "sys.database_recovery_status, last_log_backup_lsn, lsn",
            "sys.dm_hadr_database_replica_states, synchronization_state_desc, desc",
    })
    void columnHasSqlServersType(String view, String column, String type) {
        RecordingSink r = TwinFixture.run(session, "SELECT " + column + " FROM " + view);
        assertThat(r.errors()).isEmpty();
        Column c = r.onlyTable().columns().get(0);
        assertThat(c.name()).isEqualTo(column);
        assertThat(c.type()).isEqualTo(TYPES.get(type));
    }

    /** Microsoft Learn, SUM (Transact-SQL), Return types: the table of expression type to return type. */
    @ParameterizedTest(name = "SUM of {0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "CAST(1 AS tinyint) | int", "CAST(1 AS smallint) | int", "CAST(size AS int) | int",
            "CAST(size AS bigint) | bigint", "CONVERT(bigint, size) | bigint", "DISTINCT CAST(size AS bigint) | bigint",
            "CAST(size AS decimal(10, 2)) | decimal(38,2)", "CAST(size AS money) | money",
            "CAST(size AS float) | float", "CAST(size AS real) | float"})
    void sumHasTheReturnTypeSqlServerDocuments(String argument, String expected) {
        RecordingSink r = TwinFixture.run(session, "SELECT SUM(" + argument + ") AS total FROM sys.master_files");
        assertThat(r.errors()).isEmpty();
        SqlType want = switch (expected) {
            case "int" -> SqlType.integer();
            case "bigint" -> SqlType.bigint();
            case "decimal(38,2)" -> SqlType.decimal(38, 2);
            // The twin models money as decimal(19,4) (DataTypes).
            case "money" -> SqlType.decimal(19, 4);
            default -> SqlType.floatType();
        };
        assertThat(r.onlyTable().columns().get(0).type()).isEqualTo(want);
        assertThat(r.onlyTable().rows()).hasSize(1);
        assertThat(r.onlyTable().rows().get(0)[0]).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void aSumOfBigintStaysBigintThroughArithmeticAsOnSqlServer() {
        // The inventory batch's size_mb shape: bigint * int / int is bigint on SQL Server.
        RecordingSink r = TwinFixture.run(session,
                "SELECT SUM(CAST(size AS bigint)) * 8 / 1024 AS size_mb FROM sys.master_files");
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().columns().get(0).type()).isEqualTo(SqlType.bigint());
    }

    @ParameterizedTest(name = "SELECT * FROM {0}")
    @CsvSource({"sys.databases, 7", "sys.master_files, 15", "sys.certificates, 2", "sys.endpoints, 6",
            "sys.tcp_endpoints, 3", "sys.database_mirroring_endpoints, 1", "msdb.dbo.backupset, 1",
            "[master].[sys].[databases], 7", "master.sys.symmetric_keys, 1"})
    void starSelectsWork(String view, int rows) {
        RecordingSink r = TwinFixture.run(session, "SELECT * FROM " + view);
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().rows()).hasSize(rows);
        assertThat(r.onlyTable().columns()).allSatisfy(c -> assertThat(c.name()).isNotBlank());
    }
}
