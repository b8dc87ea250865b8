package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.SqlType;

/** General SELECTs beyond the probe set run with SQL Server's meaning and types. */
class QueryTranslationTest {

    private static SqlServerInstance instance;
    private static EngineSession session;

    @BeforeAll
    static void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    private static ResultTable table(String sql) {
        RecordingSink r = TwinFixture.run(session, sql);
        assertThat(r.errors()).as(sql).isEmpty();
        return r.onlyTable();
    }

    @Test
    void functionsTakeColumnsOfTheOuterQuery() {
        ResultTable t = table("SELECT DB_NAME(database_id) AS db, encryption_state FROM sys.dm_database_encryption_keys ORDER BY db");
        assertThat(t.rows()).extracting(r -> r[0]).containsExactly("Staging", "tempdb");
        assertThat(table("SELECT name FROM sys.certificates WHERE CERT_ID(name) = certificate_id").rows()).hasSize(2);
        assertThat(table("SELECT COUNT(*) FROM sys.databases WHERE DB_ID(name) = database_id").rows().get(0)[0]).isEqualTo(7);
    }

    @Test
    void namesAndStringsCompareCaseInsensitivelyLikeTheCiCollation() {
        assertThat(table("select NAME from SYS.DATABASES where name = 'SALES'").rows().get(0)[0]).isEqualTo("Sales");
        assertThat(table("select NAME from SYS.DATABASES where name = 'SALES'").columns().get(0).name()).isEqualTo("NAME");
    }

    @Test
    void hintsCollateUnionAndSubqueriesAreAccepted() {
        assertThat(table("SELECT c.name FROM sys.certificates c WITH (NOLOCK) WHERE c.issuer_name LIKE '%Microsoft Corporation%'")
                .rows()).extracting(r -> r[0]).containsExactly("MicrosoftPKI");
        assertThat(table("SELECT name FROM sys.databases WHERE name = N'msdb' COLLATE Latin1_General_CI_AS").rows()).hasSize(1);
        assertThat(table("SELECT 1 AS x UNION ALL SELECT 2").rows()).hasSize(2);
        assertThat(table("SELECT name FROM sys.databases WHERE database_id IN (SELECT database_id FROM sys.master_files"
                + " WHERE type = 1 GROUP BY database_id HAVING COUNT(*) > 1)").rows()).extracting(r -> r[0]).containsExactly("Staging");
    }

    @Test
    void joinsMixWithCommaSeparatedTables() {
        ResultTable t = table("SELECT d.name, f.type_desc, e.name AS endpoint FROM sys.databases d JOIN sys.master_files f"
                + " ON f.database_id = d.database_id AND f.type IN (0, 1), sys.database_mirroring_endpoints e"
                + " WHERE d.name = N'Sales' ORDER BY f.type_desc");
        assertThat(t.rows()).extracting(r -> List.of(r)).containsExactly(List.of("Sales", "LOG", "Hadr_endpoint"),
                List.of("Sales", "ROWS", "Hadr_endpoint"));
        assertThat(t.columns()).extracting(c -> c.name()).containsExactly("name", "type_desc", "endpoint");
    }

    @Test
    void binaryStylesOfConvert() {
        assertThat(table("SELECT CONVERT(varchar(64), thumbprint, 2) FROM sys.certificates WHERE name = 'MicrosoftPKI'")
                .rows().get(0)[0]).isEqualTo("73A5E64A3BFF8316FF0EDCCC618A906E4EAE4D74");
    }

    @Test
    void dateFunctionsHaveSqlServerTypes() {
        ResultTable t = table("SELECT GETDATE() AS now, SYSUTCDATETIME() AS utc");
        assertThat(t.columns()).extracting(c -> c.type()).containsExactly(SqlType.datetime(), SqlType.datetime2(7));
    }

    @Test
    void literalsHaveSqlServerTypes() {
        ResultTable t = table("SELECT NULL AS n, 1.5 AS d, N'x' AS s, 3000000000 AS b");
        assertThat(t.columns()).extracting(c -> c.type()).containsExactly(SqlType.integer(), SqlType.decimal(2, 1),
                SqlType.nvarchar(1), SqlType.decimal(10, 0));
        assertThat(t.rows().get(0)[0]).isNull();
    }

    @Test
    void stringFunctionsReturnInts() {
        ResultTable t = table("SELECT LEN(N'abc'), CHARINDEX('b', 'abc'), SUBSTRING('abc', 2, 1)");
        assertThat(List.of(t.rows().get(0))).containsExactly(3, 2, "b");
        assertThat(t.columns().get(0).type()).isEqualTo(SqlType.integer());
    }

    @Test
    void spExecutesqlInsideABatch() {
        RecordingSink r = TwinFixture.run(session, "EXEC sp_executesql N'SELECT @a + 1', N'@a int', @a = 4");
        assertThat(r.scalar()).isEqualTo(5);
    }
}
