package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void probes() {
        SqlServerInstance i = TwinFixture.instance("sql2019.yaml");
        var s = TwinFixture.sa(i);
        String[] probes = {
            "SELECT SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('Edition'), SERVERPROPERTY('EngineEdition'), SERVERPROPERTY('IsHadrEnabled'), SERVERPROPERTY('Collation'), @@SERVERNAME, @@VERSION;",
            "SELECT IS_SRVROLEMEMBER('sysadmin');",
            "DBCC TRACESTATUS(-1);",
            "SELECT value_data FROM sys.dm_server_registry WHERE value_name LIKE N'SQLArg%';",
            "SELECT 1 FROM sys.symmetric_keys WHERE symmetric_key_id = 101;",
            "SELECT OBJECT_ID('sys.sp_certificate_add_issuer');",
            "SELECT name, subject, issuer_name, start_date, expiry_date, pvt_key_encryption_type_desc, thumbprint FROM sys.certificates;",
            "SELECT e.name, e.state_desc, e.connection_auth_desc, e.is_encryption_enabled, e.encryption_algorithm_desc, e.certificate_id, t.port FROM sys.database_mirroring_endpoints e JOIN sys.tcp_endpoints t ON t.endpoint_id = e.endpoint_id;",
            "SELECT name, is_distributed, cluster_type_desc FROM sys.availability_groups;",
            "SELECT name, recovery_model_desc, is_broker_enabled, is_accelerated_database_recovery_on, group_database_id, state_desc, collation_name FROM sys.databases WHERE name = 'Sales';",
            "SELECT type, COUNT(*) FROM sys.master_files WHERE database_id = DB_ID('Sales') GROUP BY type;",
            "SELECT TOP 1 backup_finish_date, is_copy_only, has_backup_checksums FROM msdb.dbo.backupset WHERE database_name = 'Sales' AND type = 'D' ORDER BY backup_finish_date DESC;",
            "SELECT encryption_state FROM sys.dm_database_encryption_keys WHERE database_id = DB_ID('Staging');",
            "DBCC SQLPERF(LOGSPACE);",
        };
        for (String p : probes) {
            RecordingSink r = TwinFixture.run(s, p);
            System.out.println(p);
            System.out.println("  msgs=" + r.messages + " dones=" + r.dones);
            for (var t : r.tables) {
                System.out.println("  cols=" + t.columns());
                for (Object[] row : t.rows()) {
                    System.out.println("  row=" + java.util.Arrays.deepToString(row));
                }
            }
            assertThat(r.errors()).as(p).isEmpty();
        }
    }
}
