package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.SqlType;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sys.filegroups and sys.database_files show the rows of the database they are read in, as on SQL Server. */
class PerDatabaseViewsTest {

    private static final String SCENARIO = """
            sqlServer:
              serverName: SQLFG
              productVersion: 16.0.4265.3
              productLevel: RTM
              edition: Enterprise Edition (64-bit)
              hostPlatform: Windows
              collation: SQL_Latin1_General_CP1_CI_AS
              hadrEnabled: true
              traceFlags: { global: [], startup: [] }
              masterKey: true
              certificateIssuerProcedure: true
              logins: [ { name: sa, password: "Str0ng!Passw0rd", sysadmin: true } ]
              certificates: []
              endpoints: []
              databases:
                - { name: Plain, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: false, inMemoryOltp: false, tde: false, backups: [] }
                - { name: Docs, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: true, inMemoryOltp: false, tde: false, backups: [] }
                - { name: Hot, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: false, inMemoryOltp: true, tde: false, backups: [] }
            """;

    private static SqlServerInstance instance;
    private static EngineSession session;

    @BeforeAll
    static void start() {
        instance = SqlServerInstance.fromScenario(SCENARIO);
        session = TwinFixture.sa(instance);
    }

    @AfterAll
    static void stop() {
        session.close();
        instance.close();
    }

    private static List<Object> column(String sql) {
        RecordingSink r = TwinFixture.run(session, sql);
        assertThat(r.errors()).as(sql).isEmpty();
        return r.onlyTable().rows().stream().map(row -> row[0]).toList();
    }

    @Test
    void threePartNamesShowThatDatabasesFilegroupsTellingFilestreamFromMemoryOptimized() {
        assertThat(column("SELECT type FROM [Plain].sys.filegroups ORDER BY data_space_id")).containsExactly("FG");
        assertThat(column("SELECT type FROM [Docs].sys.filegroups ORDER BY data_space_id")).containsExactly("FG", "FD");
        assertThat(column("SELECT type FROM Hot.sys.filegroups ORDER BY data_space_id")).containsExactly("FG", "FX");
        // sys.master_files cannot tell them apart: both containers are type 2 (FILESTREAM).
        assertThat(column("SELECT COUNT(*) FROM sys.master_files WHERE type = 2 AND database_id IN "
                + "(DB_ID(N'Docs'), DB_ID(N'Hot'))")).containsExactly(2);
    }

    @Test
    void unqualifiedNamesFollowTheCurrentDatabase() {
        RecordingSink use = TwinFixture.run(session, "USE [Hot]; SELECT type_desc FROM sys.filegroups WHERE type = 'FX'; "
                + "SELECT COUNT(*) FROM sys.database_files WHERE type = 2; USE [master];");
        assertThat(use.errors()).isEmpty();
        assertThat(use.tables.get(0).rows().get(0)[0]).isEqualTo("MEMORY_OPTIMIZED_DATA_FILEGROUP");
        assertThat(use.tables.get(1).rows().get(0)[0]).isEqualTo(1);
    }

    @Test
    void databaseFilesAreThatDatabasesRowsOfMasterFiles() {
        assertThat(column("SELECT name FROM [Docs].sys.database_files ORDER BY file_id"))
                .containsExactly("Docs", "Docs_log", "Docs_fs");
    }

    @Test
    void columnsHaveSqlServersTypes() {
        RecordingSink r = TwinFixture.run(session, "SELECT name, type_desc, data_space_id FROM [Docs].sys.filegroups");
        assertThat(r.onlyTable().columns().get(0).type()).isEqualTo(SqlType.SYSNAME);
        assertThat(r.onlyTable().columns().get(1).type()).isEqualTo(SqlType.nvarchar(60));
        assertThat(r.onlyTable().columns().get(2).type()).isEqualTo(SqlType.integer());
    }

    @Test
    void anUnknownDatabaseIsInvalidObjectName208() {
        RecordingSink r = TwinFixture.run(session, "SELECT * FROM [Nope].sys.filegroups");
        assertThat(r.errors()).extracting(m -> m.number()).containsExactly(208);
    }

    @Test
    void milinksGuardedPerDatabaseQueryRunsThroughSpExecutesql() {
        RecordingSink r = TwinFixture.run(session, "IF DB_ID(N'Docs') IS NOT NULL EXEC sys.sp_executesql "
                + "N'SELECT fg.type, COUNT(*) AS files FROM [Docs].sys.filegroups AS fg JOIN [Docs].sys.database_files "
                + "AS f ON f.data_space_id = fg.data_space_id WHERE fg.type IN (''FD'', ''FX'') GROUP BY fg.type';");
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().rows()).hasSize(1);
        assertThat(r.onlyTable().rows().get(0)).containsExactly("FD", 1);
    }
}
