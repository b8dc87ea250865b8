package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;

/** Unknown statements, objects, columns, functions and procedures get SQL Server's errors, never H2's. */
class ErrorReportingTest {

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

    private ServerMessage onlyError(String sql) {
        RecordingSink r = TwinFixture.run(session, sql);
        assertThat(r.errors()).as(sql).hasSize(1);
        assertThat(r.dones).as(sql).anyMatch(RecordingSink.Done::failed);
        return r.errors().get(0);
    }

    @Test
    void syntaxErrorIs102AndFailsTheWholeBatchBeforeAnythingRuns() {
        RecordingSink r = TwinFixture.run(session, "PRINT 'runs?'\nFOO BAR");
        assertThat(r.messages).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(102);
            assertThat(m.severity()).isEqualTo(15);
            assertThat(m.text()).isEqualTo("Incorrect syntax near 'FOO'.");
            assertThat(m.line()).isEqualTo(2);
        });
    }

    @Test
    void keywordInWrongPlaceIs156() {
        assertThat(onlyError("SELECT 1\nFROM").number()).isIn(102, 156);
        ServerMessage m = onlyError("WHERE x = 1");
        assertThat(m.number()).isEqualTo(156);
        assertThat(m.text()).isEqualTo("Incorrect syntax near the keyword 'WHERE'.");
    }

    @Test
    void unknownObjectIs208WithTheNameAsWritten() {
        ServerMessage m = onlyError("SELECT * FROM [sys].[no_such_view]");
        assertThat(m.number()).isEqualTo(208);
        assertThat(m.text()).isEqualTo("Invalid object name 'sys.no_such_view'.");
        assertThat(onlyError("SELECT * FROM msdb.dbo.nothing").text()).isEqualTo("Invalid object name 'msdb.dbo.nothing'.");
        assertThat(onlyError("SELECT * FROM backupset").number()).isEqualTo(208);
    }

    @Test
    void unknownObjectAbortsTheRestOfTheBatch() {
        RecordingSink r = TwinFixture.run(session, "SELECT 1; SELECT * FROM dbo.nothing; SELECT 2");
        assertThat(r.tables).hasSize(1);
        assertThat(r.errors()).extracting(ServerMessage::number).containsExactly(208);
    }

    @Test
    void unknownColumnIs207() {
        ServerMessage m = onlyError("SELECT d.no_such_column FROM sys.databases d");
        assertThat(m.number()).isEqualTo(207);
        assertThat(m.text()).isEqualTo("Invalid column name 'no_such_column'.");
    }

    @Test
    void invalidColumnFailsTheBatchAtCompileTimeSoEarlierStatementsDoNotRun() {
        RecordingSink r = TwinFixture.run(session, "PRINT 'first'\nSELECT no_such_column FROM sys.databases");
        assertThat(r.messages).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(207);
            assertThat(m.line()).isEqualTo(2);
        });
    }

    @Test
    void unknownObjectIsDeferredSoEarlierStatementsRun() {
        RecordingSink r = TwinFixture.run(session, "PRINT 'first'; SELECT * FROM sys.no_such_view");
        assertThat(r.messages).extracting(ServerMessage::number).containsExactly(0, 208);
    }

    @Test
    void unknownFunctionIs195() {
        ServerMessage m = onlyError("SELECT NO_SUCH_FN(1)");
        assertThat(m.number()).isEqualTo(195);
        assertThat(m.text()).isEqualTo("'NO_SUCH_FN' is not a recognized built-in function name.");
    }

    @Test
    void unknownProcedureIs2812AndTheBatchContinues() {
        RecordingSink r = TwinFixture.run(session, "EXEC dbo.sp_nothing 1; SELECT 2");
        assertThat(r.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(2812);
            assertThat(m.text()).isEqualTo("Could not find stored procedure 'dbo.sp_nothing'.");
        });
        assertThat(r.tables).hasSize(1);
    }

    @Test
    void procedureNameAloneAsFirstStatementIsAnExec() {
        assertThat(onlyError("sp_nothing").number()).isEqualTo(2812);
    }

    @Test
    void unclosedQuoteIs105() {
        ServerMessage m = onlyError("SELECT 'abc");
        assertThat(m.number()).isEqualTo(105);
        assertThat(m.text()).isEqualTo("Unclosed quotation mark after the character string 'abc'.");
    }

    @Test
    void unsupportedStatementSaysSoWith50000() {
        ServerMessage m = onlyError("CREATE ENDPOINT x STATE = STARTED AS TCP (LISTENER_PORT = 4022) "
                + "FOR SERVICE_BROKER (AUTHENTICATION = WINDOWS)");
        assertThat(m.number()).isEqualTo(50000);
        assertThat(m.severity()).isEqualTo(16);
        assertThat(m.text()).contains("twin does not support").contains("CREATE ENDPOINT")
                .contains("a limitation of the twin, not a SQL Server error");
        assertThat(onlyError("CREATE OR ALTER PROCEDURE p AS SELECT 1").text()).contains("CREATE OR ALTER");
    }

    @Test
    void anUnknownObjectTypeIsSqlServers343NotTheTwinsLimitation() {
        for (String verb : new String[] {"CREATE", "DROP", "ALTER"}) {
            ServerMessage m = onlyError(verb + " WIDGET w");
            assertThat(m.number()).as(verb).isEqualTo(343);
            assertThat(m.severity()).isEqualTo(15);
            assertThat(m.text()).isEqualTo("Unknown object type 'WIDGET' used in a CREATE, DROP, or ALTER statement.");
        }
        assertThat(onlyError("DROP 5").number()).isEqualTo(102);
    }

    @Test
    void alterDatabaseTellsWrongSyntaxFromUnmodelledOptions() {
        ServerMessage wrongAction = onlyError("ALTER DATABASE [master] FROB x");
        assertThat(wrongAction.number()).isEqualTo(102);
        assertThat(wrongAction.text()).isEqualTo("Incorrect syntax near 'FROB'.");
        assertThat(onlyError("ALTER DATABASE [master] SET NO_SUCH_OPTION ON").number()).isEqualTo(102);
        assertThat(onlyError("ALTER DATABASE [master] SET SINGLE_USER").number()).isEqualTo(50000);
        assertThat(onlyError("ALTER DATABASE [master] MODIFY FILE (NAME = master, SIZE = 10MB)").number())
                .isEqualTo(50000);
        assertThat(onlyError("ALTER DATABASE SCOPED CONFIGURATION SET MAXDOP = 1").text())
                .contains("ALTER DATABASE SCOPED CONFIGURATION");
    }

    @Test
    void anUnknownDataTypeIsSqlServers2715Or243AndAnUnmodelledOneTheTwinsLimitation() {
        ServerMessage declared = onlyError("DECLARE @a int, @b widget");
        assertThat(declared.number()).isEqualTo(2715);
        assertThat(declared.text()).isEqualTo("Column, parameter, or variable #2: Cannot find data type widget.");
        ServerMessage cast = onlyError("SELECT CAST(1 AS widget)");
        assertThat(cast.number()).isEqualTo(243);
        assertThat(cast.text()).isEqualTo("Type widget is not a defined system type.");
        assertThat(onlyError("DECLARE @t datetimeoffset").number()).isEqualTo(50000);
        RecordingSink r = TwinFixture.runSql(session, "SELECT @p", "@p widget", java.util.List.of());
        assertThat(r.errors()).extracting(ServerMessage::number).containsExactly(2715);
    }

    @Test
    void documentedDbccCommandsAreTheTwinsLimitationAndUnknownOnes2526() {
        assertThat(onlyError("DBCC CHECKDB").number()).isEqualTo(50000);
        assertThat(onlyError("DBCC OPENTRAN").text()).contains("DBCC OPENTRAN");
        assertThat(onlyError("DBCC WIDGET").number()).isEqualTo(2526);
    }

    @Test
    void aCommonTableExpressionIsTheTwinsLimitationAndTheBatchGoesOn() {
        RecordingSink r = TwinFixture.run(session, "WITH c AS (SELECT 1 AS x) SELECT x FROM c; SELECT 2 AS y");
        assertThat(r.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(50000);
            assertThat(m.text()).contains("common table expression");
        });
        assertThat(r.tables).singleElement().satisfies(t -> assertThat(t.columns().get(0).name()).isEqualTo("y"));
    }

    @Test
    void aMisspelledKeywordFirstInTheBatchIsAProcedureCallAndLaterASyntaxError() {
        // "If the first statement in a batch is a procedure name, EXEC can be omitted" (Microsoft Learn, EXECUTE).
        ServerMessage first = onlyError("SELEC 1");
        assertThat(first.number()).isEqualTo(2812);
        assertThat(first.text()).isEqualTo("Could not find stored procedure 'SELEC'.");
        ServerMessage later = onlyError("SELECT 1;\nSELEC 1");
        assertThat(later.number()).isEqualTo(102);
        assertThat(later.text()).isEqualTo("Incorrect syntax near 'SELEC'.");
    }

    @Test
    void selectIntoAndForXmlAreReportedAsUnsupported() {
        assertThat(onlyError("SELECT name INTO #t FROM sys.databases").text()).contains("SELECT ... INTO");
        assertThat(onlyError("SELECT name FROM sys.databases FOR XML PATH").text()).contains("FOR XML");
    }

    @Test
    void knownButUnmodelledProceduresAreUnsupportedNotMissing() {
        assertThat(onlyError("EXEC sp_validate_certificate_ca_chain 256").number()).isEqualTo(50000);
    }

    @Test
    void h2MessagesNeverLeak() {
        for (String sql : new String[] {"SELECT name FROM sys.databases WHERE", "SELECT 1/0", "SELECT ,",
                "SELECT name FROM sys.databases GROUP BY"}) {
            RecordingSink r = TwinFixture.run(session, sql);
            assertThat(r.errors()).as(sql).isNotEmpty();
            assertThat(r.errors()).as(sql).noneMatch(m -> m.text().contains("H2") || m.text().contains("SQL statement")
                    || m.text().contains("[*]"));
        }
    }

    @Test
    void divideByZeroIs8134() {
        assertThat(onlyError("SELECT 1/0").number()).isEqualTo(8134);
    }

    @Test
    void duplicateDeclarationIs134() {
        assertThat(onlyError("DECLARE @a int; DECLARE @a int").number()).isEqualTo(134);
    }
}
