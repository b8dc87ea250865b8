package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;

/** SQL Server 2016 (13.x) lacks columns and views that later versions have; a named instance splits its name. */
class VersionDifferencesTest {

    private SqlServerInstance instance;
    private EngineSession session;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2016.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void adrColumnDoesNotExistBefore2019() {
        RecordingSink r = TwinFixture.run(session, "SELECT name, is_accelerated_database_recovery_on FROM sys.databases");
        assertThat(r.errors()).extracting(ServerMessage::text)
                .containsExactly("Invalid column name 'is_accelerated_database_recovery_on'.");
    }

    @Test
    void clusterTypeDoesNotExistOn2016() {
        assertThat(TwinFixture.run(session, "SELECT cluster_type_desc FROM sys.availability_groups").errors())
                .extracting(ServerMessage::number).containsExactly(207);
    }

    @Test
    void hostInfoViewArrivedIn2017() {
        assertThat(TwinFixture.run(session, "SELECT host_platform FROM sys.dm_os_host_info").errors())
                .extracting(ServerMessage::number).containsExactly(208);
        try (SqlServerInstance i2019 = TwinFixture.instance("sql2019.yaml")) {
            assertThat(TwinFixture.run(TwinFixture.sa(i2019), "SELECT host_platform FROM sys.dm_os_host_info").scalar())
                    .isEqualTo("Windows");
        }
    }

    @Test
    void namedInstanceSplitsMachineAndInstanceName() {
        RecordingSink r = TwinFixture.run(session, "SELECT SERVERPROPERTY('MachineName'), SERVERPROPERTY('InstanceName'),"
                + " SERVERPROPERTY('ServerName'), SERVERPROPERTY('ProductUpdateLevel'), SERVERPROPERTY('EngineEdition')");
        assertThat(r.onlyTable().rows().get(0)).containsExactly(new SqlVariant(SqlType.nvarchar(128), "HOST16"),
                new SqlVariant(SqlType.nvarchar(128), "INST1"), new SqlVariant(SqlType.nvarchar(128), "HOST16\\INST1"),
                null, new SqlVariant(SqlType.integer(), 2));
        assertThat((String) TwinFixture.run(session, "SELECT @@VERSION").scalar())
                .startsWith("Microsoft SQL Server 2016 (SP3) - 13.0.6300.2 (X64)");
    }

    @Test
    void traceStatusWithoutFlagsReturnsOnlyTheMessage() {
        RecordingSink r = TwinFixture.run(session, "DBCC TRACESTATUS(-1)");
        assertThat(r.tables).isEmpty();
        assertThat(r.messages).extracting(ServerMessage::number).containsExactly(2528);
    }

    @Test
    void registryShowsNamedInstanceKeyAndNoTraceFlags() {
        RecordingSink r = TwinFixture.run(session, "SELECT registry_key, value_data FROM sys.dm_server_registry WHERE value_name LIKE N'SQLArg%'");
        assertThat(r.onlyTable().rows()).hasSize(3).allSatisfy(row -> assertThat((String) row[0]).contains("MSSQL13.INST1"));
    }

    @Test
    void linuxHostHasNoRegistryRowsAndLinuxVersionText() {
        String yaml = """
                sqlServer:
                  serverName: lnx
                  productVersion: 16.0.4135.4
                  edition: Developer Edition (64-bit)
                  hostPlatform: Linux
                  traceFlags: { startup: [1800] }
                  logins: [ { name: sa, password: "x" } ]
                """;
        try (SqlServerInstance linux = SqlServerInstance.fromScenario(yaml)) {
            EngineSession s = TwinFixture.login(linux, "sa", "x", "");
            assertThat(TwinFixture.run(s, "SELECT COUNT(*) FROM sys.dm_server_registry").scalar()).isEqualTo(0);
            assertThat(TwinFixture.run(s, "SELECT host_platform FROM sys.dm_os_host_info").scalar()).isEqualTo("Linux");
            assertThat((String) TwinFixture.run(s, "SELECT @@VERSION").scalar()).contains("on Linux (");
            assertThat(TwinFixture.run(s, "SELECT IS_SRVROLEMEMBER('sysadmin')").scalar()).isEqualTo(0);
        }
    }
}
