package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.milink.simulator.engine.EngineSession;

/** Broken T-SQL is answered with SQL Server errors, never with a Java exception (which would be a twin bug). */
class MalformedInputTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"SELECT", "SELECT FROM", "SELECT * FROM", "IF", "IF 1 = 1", "BEGIN", "BEGIN SELECT 1",
            "EXEC", "EXEC @x = ", "DECLARE", "DECLARE @x", "DECLARE @x int =", "SET", "SET @", "SET NOCOUNT", "USE",
            "DBCC", "DBCC TRACESTATUS(", "DBCC TRACEON('x')", "CREATE", "CREATE CERTIFICATE", "CREATE CERTIFICATE x",
            "CREATE CERTIFICATE x WITH", "CREATE CERTIFICATE x WITH SUBJECT", "CREATE CERTIFICATE x FROM BINARY =",
            "CREATE CERTIFICATE x WITH SUBJECT = 'x', START_DATE = 'garbage'", "CREATE MASTER KEY",
            "BACKUP", "BACKUP DATABASE", "BACKUP DATABASE Sales", "BACKUP DATABASE Sales TO",
            "BACKUP DATABASE Sales TO DISK = 'x' WITH STATS = 'a'", "RAISERROR", "RAISERROR(", "RAISERROR('x')",
            "RAISERROR('x', 'y', 1)", "THROW", "THROW 1", "PRINT", "WAITFOR", "WAITFOR DELAY 'soon'",
            "ALTER DATABASE", "ALTER DATABASE Sales SET", "ALTER DATABASE Sales SET RECOVERY", "DROP", "DROP CERTIFICATE",
            "SELECT ((1)", "SELECT 1)", "SELECT CAST(1 AS)", "SELECT CONVERT(int)", "SELECT IIF(1)",
            "SELECT SERVERPROPERTY(name) FROM sys.databases", "SELECT OBJECT_ID()", "SELECT DATEDIFF()",
            "SELECT CERT_ID()", "SELECT * FROM a.b.c.d.e", "SELECT @@NOPE", "SELECT N'", "SELECT [x", "/* open",
            "SELECT 1 UNION", ";;;", "ELSE", "END", "COMMIT TRAN x y z", "SELECT 0x", "SELECT 1e", "EXEC sp_executesql",
            "EXEC sp_executesql N'SELECT @a', N'@a int'", "EXEC sp_certificate_add_issuer", "EXEC sp_unprepare 'x'",
            "SELECT TOP FROM sys.databases", "SELECT x = FROM sys.databases", "SELECT @v = 1, 2"})
    void answersWithAnErrorNotAnException(String sql) {
        RecordingSink r = new RecordingSink();
        assertThatCode(() -> session.executeBatch(sql, r, io.milink.simulator.engine.Cancellation.NEVER))
                .doesNotThrowAnyException();
        assertThat(r.dones).as(sql).isNotEmpty();
        assertThat(r.messages).as(sql).noneMatch(m -> m.text().contains("Exception") || m.text().contains("H2"));
    }
}
