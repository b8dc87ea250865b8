package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.EnvChange;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.StatementKind;

/** Session-level statements and the statements drivers send by themselves (tds-protocol.md §6). */
class SessionStatementsTest {

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
    void selectOneHasOneUnnamedIntColumn() {
        RecordingSink r = TwinFixture.run(session, "SELECT 1");
        assertThat(r.onlyTable().columns()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEmpty();
            assertThat(c.type()).isEqualTo(SqlType.integer());
            assertThat(c.nullable()).isFalse();
        });
        assertThat(r.scalar()).isEqualTo(1);
        assertThat(r.dones).containsExactly(new RecordingSink.Done(StatementKind.SELECT, 1, false));
    }

    @Test
    void useChangesDatabaseWithEnvChangeAndMessage5701() {
        RecordingSink r = TwinFixture.run(session, "USE [Sales]");
        assertThat(r.events.get(0)).isEqualTo(new EnvChange.Database("master", "Sales"));
        assertThat(r.messages).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(5701);
            assertThat(m.text()).isEqualTo("Changed database context to 'Sales'.");
            assertThat(m.isError()).isFalse();
        });
        assertThat(session.database()).isEqualTo("Sales");
        assertThat(TwinFixture.run(session, "SELECT DB_NAME()").scalar()).isEqualTo("Sales");
    }

    @Test
    void useOfMissingDatabaseIs911() {
        RecordingSink r = TwinFixture.run(session, "USE nope");
        assertThat(r.errors()).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(911);
            assertThat(m.text()).isEqualTo("Database 'nope' does not exist. Make sure that the name is entered correctly.");
        });
        assertThat(session.database()).isEqualTo("master");
    }

    @Test
    void printIsInfoNumberZero() {
        RecordingSink r = TwinFixture.run(session, "PRINT N'hello ' + 'world'");
        assertThat(r.messages).containsExactly(new ServerMessage(0, 1, 0, "hello world", "", 1));
    }

    @Test
    void raiserrorWithTextIs50000AndContinuesTheBatch() {
        RecordingSink r = TwinFixture.run(session, "RAISERROR('bad %s %d', 16, 2, N'thing', 42); SELECT 2");
        assertThat(r.messages.get(0)).isEqualTo(new ServerMessage(50000, 2, 16, "bad thing 42", "", 1));
        assertThat(r.dones.get(0).failed()).isTrue();
        assertThat(r.scalar()).isEqualTo(2);
    }

    @Test
    void atAtErrorHoldsTheLastErrorNumber() {
        RecordingSink r = TwinFixture.run(session, "RAISERROR('x', 16, 1); SELECT @@ERROR; SELECT @@ERROR");
        assertThat(r.tables.get(0).rows().get(0)[0]).isEqualTo(50000);
        assertThat(r.tables.get(1).rows().get(0)[0]).isEqualTo(0);
        RecordingSink guarded = TwinFixture.run(session, "COMMIT; IF @@ERROR <> 0 PRINT 'failed'");
        assertThat(guarded.messages).extracting(ServerMessage::text).contains("failed");
    }

    @Test
    void raiserrorLowSeverityIsInformational() {
        RecordingSink r = TwinFixture.run(session, "RAISERROR('note', 10, 1) WITH NOWAIT");
        assertThat(r.messages.get(0).isError()).isFalse();
        assertThat(r.dones.get(0).failed()).isFalse();
    }

    @Test
    void raiserrorWithSystemNumberUsesItsText() {
        RecordingSink r = TwinFixture.run(session, "RAISERROR(15578, 16, 1)");
        assertThat(r.messages.get(0).number()).isEqualTo(15578);
        assertThat(r.messages.get(0).text()).startsWith("There is already a master key");
    }

    @Test
    void throwAbortsTheBatch() {
        RecordingSink r = TwinFixture.run(session, "THROW 50001, N'stop here', 3; SELECT 1");
        assertThat(r.messages).containsExactly(new ServerMessage(50001, 3, 16, "stop here", "", 1));
        assertThat(r.tables).isEmpty();
    }

    @Test
    void setOptionsAreAcceptedIncludingTediousLoginBatch() {
        RecordingSink r = TwinFixture.run(session, "set textsize 2147483647\nset quoted_identifier on\nset arithabort off\n"
                + "set numeric_roundabort off\nset ansi_warnings on\nset ansi_padding on\nset ansi_nulls on\n"
                + "set concat_null_yields_null on\nset cursor_close_on_commit off\nset implicit_transactions off\n"
                + "set language us_english\nset dateformat mdy\nset datefirst 7\n"
                + "set transaction isolation level read committed\nset xact_abort off");
        assertThat(r.errors()).isEmpty();
        assertThat(r.dones).hasSize(15);
        assertThat(r.envChanges).containsExactly(new EnvChange.Language("us_english", "us_english"));
    }

    @Test
    void unknownSetOptionIs195() {
        RecordingSink r = TwinFixture.run(session, "SET FOO ON");
        assertThat(r.errors()).singleElement().satisfies(m ->
                assertThat(m.text()).isEqualTo("'FOO' is not a recognized SET option."));
    }

    @Test
    void nocountHidesRowCounts() {
        RecordingSink r = TwinFixture.run(session, "SET NOCOUNT ON; SELECT 1");
        assertThat(r.dones.get(1)).isEqualTo(new RecordingSink.Done(StatementKind.SELECT, -1, false));
    }

    @Test
    void explicitTransactionsReportBeginAndCommitAndTrancount() {
        RecordingSink r = TwinFixture.run(session, "BEGIN TRAN; SELECT @@TRANCOUNT; COMMIT TRAN; SELECT @@TRANCOUNT");
        assertThat(r.envChanges).hasSize(2);
        long descriptor = ((EnvChange.BeginTransaction) r.envChanges.get(0)).descriptor();
        assertThat(r.envChanges.get(1)).isEqualTo(new EnvChange.CommitTransaction(descriptor));
        assertThat(r.tables.get(0).rows().get(0)[0]).isEqualTo(1);
        assertThat(r.tables.get(1).rows().get(0)[0]).isEqualTo(0);
    }

    @Test
    void commitWithoutBeginIs3902() {
        RecordingSink r = TwinFixture.run(session, "COMMIT");
        assertThat(r.errors()).extracting(ServerMessage::number).containsExactly(3902);
    }

    @Test
    void jdbcAutoCommitSequenceOpensImplicitTransactionAndCommitsIt() {
        assertThat(TwinFixture.run(session, "set implicit_transactions on ").errors()).isEmpty();
        RecordingSink select = TwinFixture.run(session, "SELECT name FROM sys.databases");
        assertThat(select.envChanges).singleElement().isInstanceOf(EnvChange.BeginTransaction.class);
        RecordingSink commit = TwinFixture.run(session, "IF @@TRANCOUNT > 0 COMMIT TRAN");
        assertThat(commit.envChanges).singleElement().isInstanceOf(EnvChange.CommitTransaction.class);
        TwinFixture.run(session, "SELECT name FROM sys.databases");
        RecordingSink off = TwinFixture.run(session, "set implicit_transactions off IF @@TRANCOUNT > 0 COMMIT TRAN ");
        assertThat(off.errors()).isEmpty();
        assertThat(off.dones).hasSize(2);
        assertThat(off.envChanges).singleElement().isInstanceOf(EnvChange.CommitTransaction.class);
        RecordingSink rollback = TwinFixture.run(session, "IF @@TRANCOUNT > 0 ROLLBACK TRAN");
        assertThat(rollback.errors()).isEmpty();
        assertThat(rollback.envChanges).isEmpty();
    }

    @Test
    void batchedUnprepareIsAccepted() {
        int handle = session.prepare("", "SELECT 1");
        RecordingSink r = TwinFixture.run(session, "EXEC sp_unprepare " + handle + ";EXEC sp_unprepare 2;");
        assertThat(r.errors()).isEmpty();
        RecordingSink after = new RecordingSink();
        session.execute(handle, List.of(), after, io.milink.simulator.engine.Cancellation.NEVER);
        assertThat(after.errors()).extracting(ServerMessage::number).containsExactly(8179);
    }

    @Test
    void preparedStatementBindsParameters() {
        int handle = session.prepare("@P0 nvarchar(4000)", "SELECT database_id FROM sys.databases WHERE name = @P0");
        RecordingSink r = new RecordingSink();
        session.execute(handle, List.of(new Parameter("", SqlType.nvarchar(4000), "SALES", false)), r,
                io.milink.simulator.engine.Cancellation.NEVER);
        assertThat(r.scalar()).isEqualTo(5);
    }

    @Test
    void executeSqlBindsPositionalAndNamedParameters() {
        RecordingSink r = TwinFixture.runSql(session, "SELECT @P0 + 1 AS a, @P1 AS b", "@P0 int,@P1 nvarchar(10)",
                List.of(new Parameter("", SqlType.integer(), 41, false), new Parameter("@P1", SqlType.nvarchar(10), "x", false)));
        assertThat(r.columnNames(0)).containsExactly("a", "b");
        assertThat(r.onlyTable().rows().get(0)).containsExactly(42, "x");
    }

    @Test
    void variablesDeclareSetSelectAssign() {
        RecordingSink r = TwinFixture.run(session, "DECLARE @id int = CERT_ID('MicrosoftPKI'), @n nvarchar(128);\n"
                + "SELECT @n = name FROM sys.certificates WHERE certificate_id = @id;\n"
                + "SET @id = @id + 1000;\nSELECT @n AS name, @id AS id");
        assertThat(r.errors()).isEmpty();
        assertThat(r.onlyTable().rows().get(0)).containsExactly("MicrosoftPKI", 1257);
    }

    @Test
    void undeclaredVariableIs137AndNothingRuns() {
        RecordingSink r = TwinFixture.run(session, "PRINT 'first'; SELECT @nope");
        assertThat(r.messages).singleElement().satisfies(m -> {
            assertThat(m.number()).isEqualTo(137);
            assertThat(m.text()).isEqualTo("Must declare the scalar variable \"@nope\".");
            assertThat(m.severity()).isEqualTo(15);
        });
    }

    @Test
    void ifNotExistsGuardsAStatementAndElseRuns() {
        RecordingSink r = TwinFixture.run(session, "IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = N'MicrosoftPKI')\n"
                + "  PRINT 'missing'\nELSE\nBEGIN\n  PRINT 'present'; PRINT 'twice'\nEND");
        assertThat(r.messages).extracting(ServerMessage::text).containsExactly("present", "twice");
    }

    @Test
    void caseIifConvertIsnullAndSubqueriesWork() {
        RecordingSink r = TwinFixture.run(session, "SELECT IIF(COUNT(*) > 3, 'many', 'few') AS a,"
                + " CASE WHEN MAX(database_id) > 4 THEN 1 ELSE 0 END AS b, CONVERT(varchar(10), 42) AS c,"
                + " ISNULL(NULL, 'dflt') AS d, (SELECT COUNT(*) FROM sys.databases WHERE database_id <= 4) AS e"
                + " FROM sys.databases");
        assertThat(r.onlyTable().rows().get(0)).containsExactly("many", 1, "42", "dflt", 4);
    }

    @Test
    void certEncodedReturnsTheDerAsVarbinaryMax() throws Exception {
        RecordingSink r = TwinFixture.run(session, "SELECT CERTENCODED(CERT_ID(N'DigiCertPKI'))");
        assertThat(r.onlyTable().columns().get(0).type()).isEqualTo(SqlType.varbinaryMax());
        assertThat((byte[]) r.scalar()).isEqualTo(
                io.milink.simulator.pki.BundledRootCertificates.get("digicert-global-root-g2").getEncoded());
    }

    @Test
    void builtInsReturnSessionFacts() {
        RecordingSink r = TwinFixture.run(session, "SELECT SUSER_SNAME() AS l, DB_ID('msdb') AS m, @@SPID AS s,"
                + " DB_NAME(5) AS n, CONVERT(varchar(max), 0x0A0B, 1) AS h");
        assertThat(r.onlyTable().rows().get(0)).containsExactly("sa", (short) 4, (short) 51, "Sales", "0x0A0B");
        assertThat(r.onlyTable().columns().get(1).type()).isEqualTo(SqlType.smallint());
    }

    @Test
    void waitforDelaySleepsAndStopsOnCancel() {
        long start = System.nanoTime();
        RecordingSink r = TwinFixture.run(session, "WAITFOR DELAY '00:00:00.200'; SELECT 1");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(190_000_000L);
        assertThat(r.tables).hasSize(1);
        RecordingSink cancelled = new RecordingSink();
        long t0 = System.nanoTime();
        session.executeBatch("WAITFOR DELAY '00:01:00'; SELECT 1", cancelled, () -> System.nanoTime() - t0 > 100_000_000L);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
        assertThat(cancelled.tables).isEmpty();
        assertThat(cancelled.dones).containsExactly(new RecordingSink.Done(StatementKind.OTHER, -1, true));
    }

    @Test
    void commentsAndOddLiteralsAreTokenized() {
        RecordingSink r = TwinFixture.run(session, "/* a /* nested */ comment */ SELECT 'it''s' AS [we]]ird], -- tail\n"
                + " \"quoted\" = N'x'");
        assertThat(r.columnNames(0)).containsExactly("we]ird", "quoted");
        assertThat(r.onlyTable().rows().get(0)).containsExactly("it's", "x");
    }

    @Test
    void traceOnAndOffGloballyAndPerSession() {
        RecordingSink on = TwinFixture.run(session, "DBCC TRACEON(12381, -1); DBCC TRACEON(3604)");
        assertThat(on.errors()).isEmpty();
        assertThat(on.messages).extracting(ServerMessage::number).containsExactly(2528, 2528);
        EngineSession other = TwinFixture.sa(instance);
        assertThat(TwinFixture.run(other, "DBCC TRACESTATUS(-1)").onlyTable().rows()).extracting(r -> r[0])
                .containsExactly((short) 1800, (short) 9567, (short) 12381);
        assertThat(TwinFixture.run(session, "DBCC TRACESTATUS(3604, 12381, 9999) WITH NO_INFOMSGS").onlyTable().rows())
                .extracting(r -> List.of(r)).containsExactly(List.of((short) 3604, (short) 1, (short) 0, (short) 1),
                        List.of((short) 9999, (short) 0, (short) 0, (short) 0),
                        List.of((short) 12381, (short) 1, (short) 1, (short) 0));
        TwinFixture.run(other, "DBCC TRACEOFF(12381, -1)");
        assertThat(TwinFixture.run(session, "DBCC TRACESTATUS(-1)").onlyTable().rows()).extracting(r -> r[0])
                .containsExactly((short) 1800, (short) 3604, (short) 9567);
    }

    @Test
    void xactAbortStopsTheBatchAndRollsBack() {
        RecordingSink r = TwinFixture.run(session, "SET XACT_ABORT ON; BEGIN TRAN; COMMIT; COMMIT; SELECT 1");
        assertThat(r.errors()).extracting(ServerMessage::number).containsExactly(3902);
        assertThat(r.tables).isEmpty();
    }

    @Test
    void resetRestoresLoginDatabaseAndOptions() {
        TwinFixture.run(session, "USE Sales; SET NOCOUNT ON; BEGIN TRAN");
        session.reset();
        assertThat(session.database()).isEqualTo("master");
        assertThat(TwinFixture.run(session, "SELECT @@TRANCOUNT").dones.get(0).rowCount()).isEqualTo(1);
    }
}
