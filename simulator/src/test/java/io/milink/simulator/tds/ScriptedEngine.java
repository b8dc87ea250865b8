package io.milink.simulator.tds;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.milink.simulator.engine.Cancellation;
import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.EnvChange;
import io.milink.simulator.engine.LoginFailedException;
import io.milink.simulator.engine.LoginRequest;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.ResultSink;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.ServerIdentity;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.engine.TsqlEngine;

/**
 * A test-only engine that answers a handful of exact statements, enough to drive every protocol path with the
 * real driver. It records what the protocol layer called so tests can assert the path taken.
 */
final class ScriptedEngine implements TsqlEngine {
    static final String USER = "sa";
    static final String PASSWORD = "Tw1n#Secret";
    static final String LOGIN_DATABASE = "tempdb";

    static final UUID GUID = UUID.fromString("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    static final LocalDateTime DATETIME = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000);
    static final LocalDateTime DATETIME2 = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_700);
    static final LocalDate DATE = LocalDate.of(1999, 12, 31);

    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger closedSessions = new AtomicInteger();
    /** Calls the protocol layer made, e.g. {@code executeSql}, {@code prepare}, {@code execute 1}, {@code unprepare 1}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Parameter> lastParameters = new CopyOnWriteArrayList<>();
    private final String collation;

    ScriptedEngine() {
        this("SQL_Latin1_General_CP1_CI_AS");
    }

    ScriptedEngine(String collation) {
        this.collation = collation;
    }

    @Override
    public ServerIdentity identity() {
        return new ServerIdentity("16.0.4135.4", "Microsoft SQL Server", collation, "TWIN01");
    }

    @Override
    public EngineSession login(LoginRequest request) throws LoginFailedException {
        if (!USER.equals(request.userName()) || !PASSWORD.equals(request.password())) {
            throw new LoginFailedException(List.of(ServerMessage.error(18456, 1, 14,
                    "Login failed for user '" + request.userName() + "'.")));
        }
        logins.incrementAndGet();
        return new Session();
    }

    private final class Session implements EngineSession {
        private String database = LOGIN_DATABASE;
        private boolean implicitTransactions;
        private long transaction;
        private long nextTransaction = 0x100;
        private final AtomicInteger handles = new AtomicInteger();
        private final Map<Integer, String> prepared = new ConcurrentHashMap<>();
        private final int spid = 50 + logins.get();

        @Override
        public int spid() {
            return spid;
        }

        @Override
        public String database() {
            return database;
        }

        @Override
        public String language() {
            return "us_english";
        }

        @Override
        public void executeBatch(String sql, ResultSink sink, Cancellation cancel) {
            calls.add("batch " + sql);
            run(sql, List.of(), sink, cancel);
        }

        @Override
        public void executeSql(String sql, String parameterDefinitions, List<Parameter> values, ResultSink sink,
                               Cancellation cancel) {
            calls.add("executeSql");
            run(sql, values, sink, cancel);
        }

        @Override
        public int prepare(String parameterDefinitions, String sql) {
            int handle = handles.incrementAndGet();
            prepared.put(handle, sql);
            calls.add("prepare " + handle);
            return handle;
        }

        @Override
        public void execute(int handle, List<Parameter> values, ResultSink sink, Cancellation cancel) {
            calls.add("execute " + handle);
            String sql = prepared.get(handle);
            if (sql == null) {
                sink.message(ServerMessage.error(8179, 4, 16,
                        "Could not find prepared statement with handle " + handle + "."));
                sink.statementDone(StatementKind.EXECUTE, -1, true);
                return;
            }
            run(sql, values, sink, cancel);
        }

        @Override
        public void unprepare(int handle) {
            calls.add("unprepare " + handle);
            prepared.remove(handle);
        }

        @Override
        public int executeProcedure(String name, List<Parameter> values, ResultSink sink, Cancellation cancel) {
            calls.add("procedure " + name);
            if (name.equalsIgnoreCase("sp_twin_echo")) {
                echo(values, sink);
                return 7;
            }
            sink.message(ServerMessage.error(2812, 62, 16, "Could not find stored procedure '" + name + "'."));
            sink.statementDone(StatementKind.EXECUTE, -1, true);
            return 0;
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            database = LOGIN_DATABASE;
            implicitTransactions = false;
            transaction = 0;
        }

        @Override
        public void close() {
            closedSessions.incrementAndGet();
        }

        private static final Pattern USE = Pattern.compile("(?i)use \\[?(\\w+)]?");
        private static final Pattern WAITFOR = Pattern.compile("(?i)WAITFOR DELAY '00:00:(\\d+)'");

        private void run(String sql, List<Parameter> values, ResultSink sink, Cancellation cancel) {
            String s = sql.trim();
            lastParameters.clear();
            lastParameters.addAll(values);
            Matcher use = USE.matcher(s);
            Matcher waitFor = WAITFOR.matcher(s);
            if (s.isEmpty()) {
                return;
            } else if (s.equals("SELECT 1")) {
                select(sink, List.of(new Column("", SqlType.integer(), false)), new Object[] {1});
            } else if (s.equals("SELECT 1 AS a; SELECT N'two' AS b, 2 AS c")) {
                select(sink, List.of(new Column("a", SqlType.integer(), false)), new Object[] {1});
                select(sink, List.of(new Column("b", SqlType.nvarchar(3), false), new Column("c", SqlType.integer(), false)),
                        new Object[] {"two", 2});
            } else if (s.equals("SELECT all_types")) {
                select(sink, AllTypes.COLUMNS, AllTypes.values());
            } else if (s.equals("SELECT all_nulls")) {
                select(sink, AllTypes.COLUMNS, new Object[AllTypes.COLUMNS.size()]);
            } else if (s.equals("SELECT variants")) {
                select(sink, AllTypes.VARIANT_COLUMNS, AllTypes.variants());
            } else if (s.equals("SELECT big")) {
                select(sink, List.of(new Column("s", SqlType.nvarcharMax(), true), new Column("b", SqlType.varbinaryMax(), true)),
                        new Object[] {"x".repeat(50_000), new byte[200_000]});
            } else if (s.equals("SELECT DB_NAME()")) {
                select(sink, List.of(new Column("", SqlType.SYSNAME, true)), new Object[] {database});
            } else if (s.equals("SELECT @@TRANCOUNT")) {
                select(sink, List.of(new Column("", SqlType.integer(), false)), new Object[] {transaction == 0 ? 0 : 1});
            } else if (s.startsWith("SELECT @P0")) {
                echo(values, sink);
            } else if (s.equals("RAISERROR(15578,16,1)")) {
                sink.message(new ServerMessage(15578, 1, 16, "Twin error 15578.", "", 1));
                sink.statementDone(StatementKind.OTHER, -1, true);
            } else if (s.startsWith("PRINT")) {
                sink.message(new ServerMessage(0, 1, 0, "hello from PRINT", "", 1));
                sink.statementDone(StatementKind.OTHER, -1, false);
            } else if (s.startsWith("DBCC")) {
                sink.message(new ServerMessage(2528, 1, 0,
                        "DBCC execution completed. If DBCC printed error messages, contact your system administrator.", "", 1));
                sink.statementDone(StatementKind.DBCC, -1, false);
            } else if (use.matches()) {
                String old = database;
                database = use.group(1);
                sink.envChange(new EnvChange.Database(old, database));
                sink.message(new ServerMessage(5701, 2, 0, "Changed database context to '" + database + "'.", "", 1));
                sink.statementDone(StatementKind.OTHER, -1, false);
            } else if (waitFor.matches()) {
                try {
                    if (!cancel.sleep(Long.parseLong(waitFor.group(1)) * 1000)) {
                        return; // cancelled: the protocol layer ends the reply
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sink.statementDone(StatementKind.OTHER, -1, false);
            } else if (s.toUpperCase().startsWith("INSERT INTO T")) {
                beginImplicitTransaction(sink);
                sink.statementDone(StatementKind.INSERT, 1, false);
            } else if (s.equals("UPDATE t SET a = 1")) {
                beginImplicitTransaction(sink);
                sink.statementDone(StatementKind.UPDATE, 3, false);
            } else if (s.equals("set implicit_transactions on")) {
                implicitTransactions = true;
                sink.statementDone(StatementKind.OTHER, -1, false);
            } else if (s.equals("IF @@TRANCOUNT > 0 COMMIT TRAN")) {
                endTransaction(sink, true);
            } else if (s.equals("IF @@TRANCOUNT > 0 ROLLBACK TRAN")) {
                endTransaction(sink, false);
            } else if (s.equals("set implicit_transactions off IF @@TRANCOUNT > 0 COMMIT TRAN")) {
                implicitTransactions = false;
                sink.statementDone(StatementKind.OTHER, -1, false);
                endTransaction(sink, true);
            } else if (s.equals("BOOM")) {
                throw new IllegalStateException("scripted engine bug");
            } else {
                sink.message(ServerMessage.error(102, 1, 15, "Incorrect syntax near '" + s + "'."));
                sink.statementDone(StatementKind.OTHER, -1, true);
            }
        }

        private void beginImplicitTransaction(ResultSink sink) {
            if (implicitTransactions && transaction == 0) {
                transaction = nextTransaction++;
                sink.envChange(new EnvChange.BeginTransaction(transaction));
            }
        }

        private void endTransaction(ResultSink sink, boolean commit) {
            if (transaction != 0) {
                sink.envChange(commit ? new EnvChange.CommitTransaction(transaction)
                        : new EnvChange.RollbackTransaction(transaction));
                calls.add(commit ? "commit" : "rollback");
                transaction = 0;
            }
            sink.statementDone(StatementKind.OTHER, -1, false);
        }
    }

    private static void echo(List<Parameter> values, ResultSink sink) {
        List<Column> columns = new ArrayList<>();
        Object[] row = new Object[values.size()];
        for (int i = 0; i < values.size(); i++) {
            columns.add(new Column("p" + i, values.get(i).type(), true));
            row[i] = values.get(i).value();
        }
        select(sink, columns, row);
    }

    private static void select(ResultSink sink, List<Column> columns, Object[] row) {
        sink.table(new ResultTable(columns, List.<Object[]>of(row)));
        sink.statementDone(StatementKind.SELECT, 1, false);
    }

    /** One column of every SqlTypeKind, with values that exercise signs, scales and non-ASCII text. */
    static final class AllTypes {
        static final List<Column> COLUMNS = List.of(
                new Column("ti", SqlType.tinyint(), true),
                new Column("si", SqlType.smallint(), true),
                new Column("i", SqlType.integer(), true),
                new Column("bi", SqlType.bigint(), true),
                new Column("b", SqlType.bit(), true),
                new Column("d", SqlType.decimal(18, 4), true),
                new Column("dbig", SqlType.decimal(38, 10), true),
                new Column("dsmall", SqlType.decimal(5, 2), true),
                new Column("f", SqlType.floatType(), true),
                new Column("nv", SqlType.nvarchar(20), true),
                new Column("nvmax", SqlType.nvarcharMax(), true),
                new Column("v", SqlType.varchar(20), true),
                new Column("vmax", SqlType.varcharMax(), true),
                new Column("vb", SqlType.varbinary(10), true),
                new Column("vbmax", SqlType.varbinaryMax(), true),
                new Column("dt", SqlType.date(), true),
                new Column("dtm", SqlType.datetime(), true),
                new Column("dt2", SqlType.datetime2(7), true),
                new Column("dt2s0", SqlType.datetime2(0), true),
                new Column("g", SqlType.uniqueidentifier(), true),
                new Column("sv", SqlType.sqlVariant(), true));

        static Object[] values() {
            return new Object[] {
                    (short) 255, (short) -12345, -2_000_000_000, 9_000_000_000_000_000_000L, true,
                    new BigDecimal("12345.6789"), new BigDecimal("-1234567890123456789012345678.0123456789"),
                    new BigDecimal("-999.99"), 3.14159, "héllo ✓", "max text ✓", "café", "varchar max",
                    new byte[] {1, 2, 3}, new byte[] {9, 8, 7, 6}, DATE, DATETIME, DATETIME2,
                    LocalDateTime.of(2001, 1, 2, 3, 4, 5), GUID,
                    new SqlVariant(SqlType.nvarchar(128), "16.0.4135.4")};
        }

        static final List<Column> VARIANT_COLUMNS = List.of(
                new Column("nv", SqlType.sqlVariant(), true),
                new Column("i", SqlType.sqlVariant(), true),
                new Column("bi", SqlType.sqlVariant(), true),
                new Column("b", SqlType.sqlVariant(), true),
                new Column("ti", SqlType.sqlVariant(), true),
                new Column("si", SqlType.sqlVariant(), true),
                new Column("d", SqlType.sqlVariant(), true),
                new Column("dtm", SqlType.sqlVariant(), true),
                new Column("g", SqlType.sqlVariant(), true),
                new Column("vb", SqlType.sqlVariant(), true),
                new Column("nul", SqlType.sqlVariant(), true),
                new Column("f", SqlType.sqlVariant(), true),
                new Column("dt", SqlType.sqlVariant(), true),
                new Column("dt2", SqlType.sqlVariant(), true),
                new Column("v", SqlType.sqlVariant(), true));

        static Object[] variants() {
            return new Object[] {
                    new SqlVariant(SqlType.nvarchar(128), "Enterprise Edition"),
                    new SqlVariant(SqlType.integer(), 42),
                    new SqlVariant(SqlType.bigint(), 1L << 40),
                    new SqlVariant(SqlType.bit(), true),
                    new SqlVariant(SqlType.tinyint(), (short) 200),
                    new SqlVariant(SqlType.smallint(), (short) -300),
                    new SqlVariant(SqlType.decimal(10, 3), new BigDecimal("-1234.567")),
                    new SqlVariant(SqlType.datetime(), DATETIME),
                    new SqlVariant(SqlType.uniqueidentifier(), GUID),
                    new SqlVariant(SqlType.varbinary(8), new byte[] {(byte) 0xCA, (byte) 0xFE}),
                    null,
                    new SqlVariant(SqlType.floatType(), 2.75),
                    new SqlVariant(SqlType.date(), DATE),
                    new SqlVariant(SqlType.datetime2(3), LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000)),
                    new SqlVariant(SqlType.varchar(30), "café")};
        }
    }
}
