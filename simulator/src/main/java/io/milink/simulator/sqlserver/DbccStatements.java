package io.milink.simulator.sqlserver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.tsql.Token;

/** DBCC TRACESTATUS / TRACEON / TRACEOFF / SQLPERF(LOGSPACE). Every DBCC ends with informational message 2528. */
final class DbccStatements {

    private final InstanceSession session;

    DbccStatements(InstanceSession session) {
        this.session = session;
    }

    /**
     * DBCC commands SQL Server documents (Microsoft Learn, DBCC (Transact-SQL)) that the twin does not model: its
     * "not supported", where an unknown command is SQL Server's 2526.
     */
    private static final java.util.Set<String> DOCUMENTED = java.util.Set.of("CHECKALLOC", "CHECKCATALOG",
            "CHECKCONSTRAINTS", "CHECKDB", "CHECKFILEGROUP", "CHECKIDENT", "CHECKTABLE", "CLEANTABLE",
            "CLONEDATABASE", "DBREINDEX", "DROPCLEANBUFFERS", "FREEPROCCACHE", "FREESESSIONCACHE", "FREESYSTEMCACHE",
            "HELP", "INDEXDEFRAG", "INPUTBUFFER", "OPENTRAN", "OUTPUTBUFFER", "PDW_SHOWSPACEUSED", "PROCCACHE",
            "SHOW_STATISTICS", "SHOWCONTIG", "SHRINKDATABASE", "SHRINKFILE", "UPDATEUSAGE", "USEROPTIONS");

    void run(int from, int to) {
        Token command = session.token(from);
        if (command.type() != Token.Type.WORD) {
            throw TsqlException.syntaxNear(command.text());
        }
        List<Object> args = new ArrayList<>();
        int i = from + 1;
        if (session.token(i).isSymbol("(")) {
            int close = i;
            while (!session.token(close).isSymbol(")")) {
                if (session.token(close).type() == Token.Type.EOF || close >= to) {
                    throw TsqlException.syntaxNear(session.token(close - 1).text());
                }
                close++;
            }
            for (int[] a : session.splitArguments(i + 1, close)) {
                if (a[1] - a[0] == 1 && session.token(a[0]).type() == Token.Type.WORD) {
                    args.add(session.token(a[0]).upper());
                } else {
                    args.add(session.evaluate(a[0], a[1]));
                }
            }
            i = close + 1;
        }
        boolean noInfo = false;
        if (session.token(i).isWord("WITH")) {
            for (int k = i + 1; k < to; k++) {
                if (session.token(k).isWord("NO_INFOMSGS")) {
                    noInfo = true;
                }
            }
        }
        switch (command.upper()) {
            case "TRACESTATUS" -> traceStatus(args);
            case "TRACEON", "TRACEOFF" -> trace(command.upper(), args);
            case "SQLPERF" -> {
                if (args.size() != 1 || !"LOGSPACE".equals(args.get(0))) {
                    throw TsqlException.statement(2526);
                }
                logSpace();
            }
            default -> {
                if (DOCUMENTED.contains(command.upper())) {
                    throw TsqlException.notSupported("DBCC " + command.upper());
                }
                throw TsqlException.statement(2526);
            }
        }
        if (!noInfo) {
            session.info(2528);
        }
        session.done(StatementKind.DBCC);
    }

    private static int flag(Object arg) {
        if (!(arg instanceof Number n)) {
            throw TsqlException.statement(2526);
        }
        return n.intValue();
    }

    /** Columns TraceFlag, Status, Global, Session (Microsoft Learn, DBCC TRACESTATUS), all smallint. */
    private void traceStatus(List<Object> args) {
        TreeSet<Integer> flags = new TreeSet<>();
        boolean all = args.isEmpty() || args.size() == 1 && flag(args.get(0)) == -1;
        if (all) {
            flags.addAll(session.state.globalTraceFlags);
            flags.addAll(session.sessionTraceFlags);
        } else {
            for (Object a : args) {
                if (flag(a) != -1) {
                    flags.add(flag(a));
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (int f : flags) {
            boolean global = session.state.globalTraceFlags.contains(f);
            boolean local = session.sessionTraceFlags.contains(f);
            rows.add(new Object[] {(short) f, (short) (global || local ? 1 : 0), (short) (global ? 1 : 0),
                    (short) (local ? 1 : 0)});
        }
        if (rows.isEmpty()) {
            // With no flag on, SQL Server returns no result set at all, only message 2528 (Glenn Berry's diagnostic
            // queries: "If no global trace flags are enabled, no results will be returned").
            return;
        }
        session.sink.table(new ResultTable(List.of(new Column("TraceFlag", SqlType.smallint(), false),
                new Column("Status", SqlType.smallint(), false), new Column("Global", SqlType.smallint(), false),
                new Column("Session", SqlType.smallint(), false)), rows));
    }

    private void trace(String command, List<Object> args) {
        if (!session.sysadmin) {
            throw TsqlException.statement(2571, session.login, command);
        }
        boolean global = args.stream().anyMatch(a -> a instanceof Number n && n.intValue() == -1);
        for (Object a : args) {
            int f = flag(a);
            if (f == -1) {
                continue;
            }
            if (command.equals("TRACEON")) {
                (global ? session.state.globalTraceFlags : session.sessionTraceFlags).add(f);
            } else {
                (global ? session.state.globalTraceFlags : session.sessionTraceFlags).remove(f);
            }
        }
        session.state.changed();
    }

    /** Columns "Database Name", "Log Size (MB)", "Log Space Used (%)", "Status" (Microsoft Learn, DBCC SQLPERF). */
    private void logSpace() {
        List<Object[]> rows = new ArrayList<>();
        for (InstanceState.DatabaseState d : session.state.databases.values()) {
            if (d.state != io.milink.simulator.sqlserver.scenario.Scenario.DatabaseState.ONLINE) {
                continue;
            }
            rows.add(new Object[] {d.name, d.logSizeMb, d.logUsedPercent, 0});
        }
        session.sink.table(new ResultTable(List.of(new Column("Database Name", SqlType.nvarchar(128), false),
                new Column("Log Size (MB)", SqlType.floatType(), false),
                new Column("Log Space Used (%)", SqlType.floatType(), false),
                new Column("Status", SqlType.integer(), false)), rows));
    }
}
