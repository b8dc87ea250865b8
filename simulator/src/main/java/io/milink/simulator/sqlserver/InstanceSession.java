package io.milink.simulator.sqlserver;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.milink.simulator.engine.Cancellation;
import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.EnvChange;
import io.milink.simulator.engine.FaultPlan;
import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.ResultSink;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.catalog.CatalogObjects;
import io.milink.simulator.sqlserver.catalog.ResultTypes;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.HadrException;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.tsql.BatchParser;
import io.milink.simulator.sqlserver.tsql.DataTypes;
import io.milink.simulator.sqlserver.tsql.SelectTranslator;
import io.milink.simulator.sqlserver.tsql.Statement;
import io.milink.simulator.sqlserver.tsql.TableVariable;
import io.milink.simulator.sqlserver.tsql.Token;
import io.milink.simulator.sqlserver.tsql.TopLevelCommas;
import io.milink.simulator.sqlserver.tsql.Tokenizer;

/**
 * One connection's session: runs batches statement by statement, keeps the session's SET options, variables,
 * transaction count and prepared handles, and reports everything to the {@link ResultSink} as SQL Server would.
 */
final class InstanceSession implements EngineSession, SelectTranslator.Context {

    final SqlServerInstance instance;
    final InstanceState state;
    final String login;
    final boolean sysadmin;
    private final String loginDatabase;
    private final int spid;
    private final String host;
    private final String app;
    String database;
    private String language = "us_english";
    int trancount;
    private long transactionDescriptor;
    private boolean implicitTransactions;
    boolean nocount;
    private boolean xactAbort;
    final Set<Integer> sessionTraceFlags = new LinkedHashSet<>();
    private final Map<Integer, String[]> prepared = new HashMap<>();
    private int nextHandle = 1;
    private int rowcount;
    private int lastError;
    /** True while the batch is being compiled (see {@link #compileCheck}). */
    private boolean compiling;
    /** @@ERROR as the running statement sees it: the previous statement's error. */
    private int errorSeenByStatement;

    /** The running batch's state. */
    List<Token> tokens;
    private Map<String, SelectTranslator.Variable> variables = new HashMap<>();
    private Map<String, TableVariable> tableVariables = new HashMap<>();
    ResultSink sink;
    int line;

    private final CertificateStatements certificates = new CertificateStatements(this);
    private final DatabaseStatements databases = new DatabaseStatements(this);
    private final DbccStatements dbcc = new DbccStatements(this);
    private final AgentJobStatements agentJobs = new AgentJobStatements(this);
    private final EndpointStatements endpoints = new EndpointStatements(this);
    private final AvailabilityGroupStatements availabilityGroups = new AvailabilityGroupStatements(this);

    InstanceSession(SqlServerInstance instance, String login, boolean sysadmin, String database, int spid, String host,
                    String app) {
        this.instance = instance;
        this.state = instance.state();
        this.login = login;
        this.sysadmin = sysadmin;
        this.loginDatabase = database;
        this.database = database;
        this.spid = spid;
        this.host = host == null ? "" : host;
        this.app = app == null ? "" : app;
    }

    // ---------------------------------------------------------------- EngineSession

    @Override
    public String database() {
        return database;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public void executeBatch(String sql, ResultSink sink, Cancellation cancel) {
        runBatch(sql, new LinkedHashMap<>(), sink, cancel);
    }

    @Override
    public void executeSql(String sql, String parameterDefinitions, List<Parameter> values, ResultSink sink,
                           Cancellation cancel) {
        Map<String, SelectTranslator.Variable> params;
        try {
            params = bindParameters(sql, parameterDefinitions, values);
        } catch (TsqlException e) {
            sink.message(e.serverMessage());
            sink.statementDone(StatementKind.OTHER, -1, true);
            return;
        }
        runBatch(sql, params, sink, cancel);
    }

    @Override
    public int prepare(String parameterDefinitions, String sql) {
        int handle = nextHandle++;
        prepared.put(handle, new String[] {parameterDefinitions == null ? "" : parameterDefinitions, sql});
        return handle;
    }

    @Override
    public void execute(int handle, List<Parameter> values, ResultSink sink, Cancellation cancel) {
        String[] p = prepared.get(handle);
        if (p == null) {
            sink.message(ErrorCatalog.message(8179, handle));
            sink.statementDone(StatementKind.EXECUTE, -1, true);
            return;
        }
        executeSql(p[1], p[0], values, sink, cancel);
    }

    @Override
    public void unprepare(int handle) {
        prepared.remove(handle);
    }

    @Override
    public int executeProcedure(String name, List<Parameter> values, ResultSink sink, Cancellation cancel) {
        this.sink = sink;
        this.line = 1;
        List<Object> args = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (Parameter p : values) {
            Object v = p.value() instanceof SqlVariant sv ? sv.value() : p.value();
            if (p.name().isEmpty()) {
                args.add(v);
            } else {
                named.put(key(p.name().startsWith("@") ? p.name() : "@" + p.name()), v);
            }
        }
        List<String> parts = new ArrayList<>();
        for (Token t : Tokenizer.tokenize(name)) {
            if (t.isIdentifier()) {
                parts.add(t.value());
            }
        }
        if (parts.isEmpty()) {
            parts.add(name);
        }
        String written = String.join(".", parts);
        try {
            state.lock().lock();
            try {
                if (named.isEmpty()) {
                    procedure(written, parts, args, cancel);
                } else {
                    namedProcedure(written, parts, args, named, cancel);
                }
            } finally {
                state.lock().unlock();
            }
            return 0;
        } catch (TsqlException e) {
            sink.message(e.serverMessage());
            sink.statementDone(StatementKind.EXECUTE, -1, true);
            lastError = e.serverMessage().number();
            return -6;
        }
    }

    @Override
    public void reset() {
        if (trancount > 0) {
            trancount = 0;
        }
        database = loginDatabase;
        language = "us_english";
        implicitTransactions = false;
        nocount = false;
        xactAbort = false;
        sessionTraceFlags.clear();
    }

    @Override
    public void close() {
        trancount = 0;
        prepared.clear();
    }

    // ---------------------------------------------------------------- batches

    private Map<String, SelectTranslator.Variable> bindParameters(String sql, String definitions,
                                                                  List<Parameter> values) {
        Map<String, SelectTranslator.Variable> params = new LinkedHashMap<>();
        if (definitions == null || definitions.isBlank()) {
            return params;
        }
        List<Token> defs = Tokenizer.tokenize(definitions);
        List<String> order = new ArrayList<>();
        int i = 0;
        while (defs.get(i).type() != Token.Type.EOF) {
            Token name = defs.get(i);
            if (name.type() != Token.Type.VARIABLE) {
                throw TsqlException.syntaxNear(name.text());
            }
            DataTypes.Parsed type;
            try {
                type = DataTypes.parse(defs, i + 1);
            } catch (TsqlException e) {
                if (e.serverMessage().number() == DataTypes.UNKNOWN_TYPE) {
                    throw TsqlException.compile(2715, order.size() + 1, defs.get(i + 1).value());
                }
                throw e;
            }
            i += 1 + type.tokens();
            if (defs.get(i).isWord("OUTPUT") || defs.get(i).isWord("OUT")) {
                i++;
            }
            if (defs.get(i).isSymbol(",")) {
                i++;
            }
            params.put(key(name.text()), new SelectTranslator.Variable(name.text(), type.type(), type.h2(), null));
            order.add(key(name.text()));
        }
        int position = 0;
        Set<String> supplied = new java.util.HashSet<>();
        for (Parameter p : values) {
            String k = p.name().isEmpty() ? (position < order.size() ? order.get(position++) : null) : key(p.name());
            if (k == null || !params.containsKey(k)) {
                continue;
            }
            SelectTranslator.Variable v = params.get(k);
            Object raw = p.value() instanceof SqlVariant sv ? sv.value() : p.value();
            params.put(k, new SelectTranslator.Variable(v.name(), v.type(), v.h2Type(), ResultTypes.convert(raw, v.type())));
            supplied.add(k);
        }
        for (String k : order) {
            if (!supplied.contains(k)) {
                String shown = sql.length() > 100 ? sql.substring(0, 100) : sql;
                throw TsqlException.statement(8178, "(" + definitions + ")" + shown, params.get(k).name());
            }
        }
        return params;
    }

    /** Passes everything on and counts the statementDone calls. */
    private static final class DoneCountingSink implements ResultSink {
        private final ResultSink target;
        private int dones;

        DoneCountingSink(ResultSink target) {
            this.target = target;
        }

        @Override
        public void table(ResultTable table) {
            target.table(table);
        }

        @Override
        public void message(ServerMessage message) {
            target.message(message);
        }

        @Override
        public void envChange(EnvChange change) {
            target.envChange(change);
        }

        @Override
        public void statementDone(StatementKind kind, long rowCount, boolean failed) {
            dones++;
            target.statementDone(kind, rowCount, failed);
        }
    }

    static String key(String variable) {
        return variable.toLowerCase(Locale.ROOT);
    }

    private void runBatch(String sql, Map<String, SelectTranslator.Variable> params, ResultSink sink,
                          Cancellation cancel) {
        List<Token> saveTokens = tokens;
        Map<String, SelectTranslator.Variable> saveVariables = variables;
        Map<String, TableVariable> saveTableVariables = tableVariables;
        ResultSink saveSink = sink == this.sink ? sink : this.sink;
        try {
            List<Statement> statements;
            List<Token> batchTokens;
            try {
                batchTokens = Tokenizer.tokenize(sql);
                statements = BatchParser.parse(batchTokens, sql, params.keySet().stream()
                        .map(k -> params.get(k).name()).collect(java.util.stream.Collectors.toSet()));
            } catch (TsqlException e) {
                sink.message(e.serverMessage());
                sink.statementDone(StatementKind.OTHER, -1, true);
                lastError = e.serverMessage().number();
                return;
            } catch (RuntimeException e) {
                sink.message(internalError(e, 1).serverMessage());
                sink.statementDone(StatementKind.OTHER, -1, true);
                return;
            }
            if (statements.isEmpty()) {
                sink.statementDone(StatementKind.OTHER, -1, false);
                return;
            }
            this.tokens = batchTokens;
            this.variables = new HashMap<>(params);
            this.tableVariables = new HashMap<>();
            this.sink = sink;
            try {
                compileCheck(statements);
            } catch (TsqlException e) {
                sink.message(e.serverMessage());
                sink.statementDone(StatementKind.OTHER, -1, true);
                lastError = e.serverMessage().number();
                return;
            }
            DoneCountingSink counting = new DoneCountingSink(sink);
            this.sink = counting;
            for (Statement s : statements) {
                if (!run(s, cancel)) {
                    break;
                }
            }
            if (counting.dones == 0) {
                // e.g. a lone IF whose condition was false: the client still needs the batch to end with a DONE.
                sink.statementDone(StatementKind.OTHER, -1, false);
            }
        } finally {
            this.tokens = saveTokens;
            this.variables = saveVariables;
            this.tableVariables = saveTableVariables;
            this.sink = saveSink;
        }
    }

    /**
     * SQL Server binds the columns and functions of every query when it compiles the batch, so an invalid column
     * (207) or an unknown function (195) fails the whole batch before its first statement runs. Unknown tables (208)
     * are resolved late ("deferred name resolution") and stay runtime errors. The check translates each SELECT and
     * IF condition with placeholder variables and lets H2 prepare (not run) it.
     */
    private void compileCheck(List<Statement> statements) {
        for (Statement s : statements) {
            if (s instanceof Statement.Block b) {
                compileCheck(b.statements());
            } else if (s instanceof Statement.If f) {
                compileOne(() -> SelectTranslator.condition(tokens, f.conditionFrom(), f.conditionTo(), this), f.line());
                compileCheck(f.otherwise() == null ? List.of(f.then()) : List.of(f.then(), f.otherwise()));
            } else if (s instanceof Statement.Leaf l && l.head().equals("SELECT")) {
                compileOne(() -> SelectTranslator.select(tokens, l.from(), l.to(), this), l.line());
            }
        }
    }

    private void compileOne(java.util.function.Supplier<SelectTranslator.Translation> translate, int atLine) {
        state.lock().lock();
        compiling = true;
        try {
            SelectTranslator.Translation tr = translate.get();
            instance.catalog().sync(state);
            try (PreparedStatement ps = instance.catalog().connection().prepareStatement(tr.sql())) {
                // prepared only: H2 has now bound every column and function
            } catch (SQLException e) {
                TsqlException t = translate(e);
                int n = t.serverMessage().number();
                if (n == 207 || n == 195) {
                    throw new TsqlException(t.serverMessage(), TsqlException.Scope.COMPILE).atLine(atLine);
                }
            }
        } catch (TsqlException e) {
            int n = e.serverMessage().number();
            if (e.scope() == TsqlException.Scope.COMPILE || n == 195) {
                throw new TsqlException(e.serverMessage(), TsqlException.Scope.COMPILE).atLine(atLine);
            }
            // everything else (208, …) is reported when the statement runs
        } catch (RuntimeException e) {
            // reported, if it happens again, when the statement runs
        } finally {
            compiling = false;
            state.lock().unlock();
        }
    }

    /** Runs one statement; false when the rest of the batch must not run. */
    private boolean run(Statement statement, Cancellation cancel) {
        if (cancel.isCancelled()) {
            return false;
        }
        if (statement instanceof Statement.Block b) {
            for (Statement s : b.statements()) {
                if (!run(s, cancel)) {
                    return false;
                }
            }
            return true;
        }
        if (statement instanceof Statement.If f) {
            Boolean condition;
            try {
                line = f.line();
                state.lock().lock();
                try {
                    errorSeenByStatement = lastError;
                    lastError = 0;
                    Object v = evaluate(SelectTranslator.condition(tokens, f.conditionFrom(), f.conditionTo(), this));
                    condition = v != null && ((Number) v).intValue() == 1;
                } finally {
                    state.lock().unlock();
                }
            } catch (TsqlException e) {
                return fail(e.atLine(f.line()), StatementKind.SELECT);
            } catch (RuntimeException e) {
                return fail(internalError(e, f.line()), StatementKind.SELECT);
            }
            if (condition) {
                return run(f.then(), cancel);
            }
            return f.otherwise() == null || run(f.otherwise(), cancel);
        }
        Statement.Leaf leaf = (Statement.Leaf) statement;
        line = leaf.line();
        StatementKind kind = kindOf(leaf.head());
        for (FaultPlan.StatementFault fault : instance.faults().statementFaults()) {
            if (fault.pattern().matcher(leaf.text()).find()) {
                String text = fault.message() != null ? fault.message() : ErrorCatalog.textWithoutArguments(fault.errorNumber());
                sink.message(new ServerMessage(fault.errorNumber(), fault.state(), fault.severity(), text, "", leaf.line()));
                sink.statementDone(kind, -1, fault.severity() > 10);
                lastError = fault.errorNumber();
                return fault.severity() < 20;
            }
        }
        try {
            if (leaf.head().equals("WAITFOR")) {
                return waitFor(leaf, cancel);
            }
            state.lock().lock();
            try {
                errorSeenByStatement = lastError;
                lastError = 0;
                leaf(leaf, kind, cancel);
            } finally {
                state.lock().unlock();
            }
            return true;
        } catch (TsqlException e) {
            return fail(e.atLine(leaf.line()), kind);
        } catch (HadrException e) {
            // The replication behind a distributed availability group refused: its SQL Server error, for this
            // statement only.
            return fail(new TsqlException(new ServerMessage(e.number(), e.state(), e.severity(), e.text(), "",
                    leaf.line()), TsqlException.Scope.STATEMENT), kind);
        } catch (RuntimeException e) {
            return fail(internalError(e, leaf.line()), kind);
        }
    }

    /**
     * A twin bug. The client gets an error that ends the batch instead of a dropped connection; the text names the
     * Java exception type only (never its message, which could hold statement text or H2 internals).
     */
    private static TsqlException internalError(RuntimeException e, int atLine) {
        return new TsqlException(new ServerMessage(ErrorCatalog.NOT_SUPPORTED, 1, 16,
                "The SQL Server twin failed on this statement (internal error: " + e.getClass().getSimpleName() + ").",
                "", atLine), TsqlException.Scope.BATCH);
    }

    private boolean fail(TsqlException e, StatementKind kind) {
        sink.message(e.serverMessage());
        sink.statementDone(kind, -1, true);
        lastError = e.serverMessage().number();
        if (xactAbort && trancount > 0) {
            rollback();
            return false;
        }
        return e.scope() == TsqlException.Scope.STATEMENT && !xactAbort;
    }

    private static StatementKind kindOf(String head) {
        return switch (head) {
            case "SELECT" -> StatementKind.SELECT;
            case "INSERT" -> StatementKind.INSERT;
            case "UPDATE" -> StatementKind.UPDATE;
            case "DELETE" -> StatementKind.DELETE;
            case "DBCC" -> StatementKind.DBCC;
            case "EXEC", "EXECUTE" -> StatementKind.EXECUTE;
            default -> StatementKind.OTHER;
        };
    }

    void done(StatementKind kind) {
        sink.statementDone(kind, -1, false);
    }

    void info(int number, Object... args) {
        ServerMessage m = ErrorCatalog.message(number, args);
        sink.message(new ServerMessage(m.number(), m.state(), m.severity(), m.text(), "", line));
    }

    Token token(int i) {
        return tokens.get(i);
    }

    void requireSysadmin() {
        if (!sysadmin) {
            throw TsqlException.statement(15247);
        }
    }

    /** Under implicit_transactions, the first statement that touches data or objects opens a transaction. */
    void beginImplicitTransaction() {
        if (implicitTransactions && trancount == 0) {
            beginTransaction();
        }
    }

    private void beginTransaction() {
        if (trancount == 0) {
            transactionDescriptor = instance.nextTransactionDescriptor();
            sink.envChange(new EnvChange.BeginTransaction(transactionDescriptor));
        }
        trancount++;
    }

    private void rollback() {
        trancount = 0;
        sink.envChange(new EnvChange.RollbackTransaction(transactionDescriptor));
    }

    // ---------------------------------------------------------------- statements

    private void leaf(Statement.Leaf leaf, StatementKind kind, Cancellation cancel) {
        // What replicates moves with the link world's clock: bring it up to now before the statement reads state.
        instance.replication().refresh();
        int from = leaf.from();
        int to = leaf.to();
        Token second = tokens.get(from + 1);
        switch (leaf.head()) {
            case "SELECT" -> select(from, to);
            case "SET" -> set(from + 1, to);
            case "DECLARE" -> declare(from + 1, to);
            case "USE" -> use(from + 1, to);
            case "PRINT" -> {
                Object v = evaluate(SelectTranslator.expression(tokens, from + 1, to, this));
                sink.message(new ServerMessage(0, 1, 0, v == null ? "" : text(v), "", line));
                done(StatementKind.OTHER);
            }
            case "RAISERROR" -> raiserror(from + 1, to);
            case "THROW" -> throwStatement(from + 1, to);
            case "BEGIN" -> {
                beginTransaction();
                done(StatementKind.OTHER);
            }
            case "COMMIT" -> {
                if (trancount == 0) {
                    throw TsqlException.statement(3902);
                }
                trancount--;
                if (trancount == 0) {
                    sink.envChange(new EnvChange.CommitTransaction(transactionDescriptor));
                }
                done(StatementKind.OTHER);
            }
            case "ROLLBACK" -> {
                if (trancount == 0) {
                    throw TsqlException.statement(3903);
                }
                rollback();
                done(StatementKind.OTHER);
            }
            case "EXEC", "EXECUTE" -> exec(leaf, cancel);
            case "DBCC" -> dbcc.run(from + 1, to);
            case "CREATE" -> {
                if (second.isWord("MASTER") && tokens.get(from + 2).isWord("KEY")) {
                    beginImplicitTransaction();
                    certificates.createMasterKey(from + 3, to);
                } else if (second.isWord("CERTIFICATE")) {
                    beginImplicitTransaction();
                    certificates.createCertificate(from + 2, to);
                } else if (second.isWord("ENDPOINT")) {
                    endpoints.create(from + 2, to);
                } else if (isAvailabilityGroup(from + 1)) {
                    availabilityGroups.create(from + 3, to);
                } else {
                    throw unmodelledObjectType("CREATE", second);
                }
            }
            case "DROP" -> {
                if (second.isWord("CERTIFICATE")) {
                    beginImplicitTransaction();
                    certificates.dropCertificate(from + 2, to);
                } else if (second.isWord("MASTER") && tokens.get(from + 2).isWord("KEY")) {
                    beginImplicitTransaction();
                    certificates.dropMasterKey();
                } else if (second.isWord("ENDPOINT")) {
                    endpoints.drop(from + 2, to);
                } else if (isAvailabilityGroup(from + 1)) {
                    availabilityGroups.drop(from + 3, to);
                } else {
                    throw unmodelledObjectType("DROP", second);
                }
            }
            case "ALTER" -> {
                if (second.isWord("DATABASE")) {
                    databases.alterDatabase(from + 2, to);
                } else if (second.isWord("ENDPOINT")) {
                    endpoints.alter(from + 2, to);
                } else if (isAvailabilityGroup(from + 1)) {
                    availabilityGroups.alter(from + 3, to);
                } else {
                    throw unmodelledObjectType("ALTER", second);
                }
            }
            case "BACKUP" -> databases.backup(from + 1, to);
            case "WITH" -> throw TsqlException.notSupported("WITH (a common table expression or XMLNAMESPACES)");
            case "INSERT" -> insertExec(leaf, cancel);
            case "SAVE", "UPDATE", "DELETE", "MERGE", "TRUNCATE" ->
                    throw TsqlException.notSupported(leaf.head() + " (the twin's catalog is read-only)");
            default -> throw TsqlException.notSupported(leaf.head()
                    + (second.type() == Token.Type.WORD ? " " + second.text().toUpperCase(Locale.ROOT) : ""));
        }
    }

    /** AVAILABILITY GROUP at {@code at} (CREATE/ALTER/DROP AVAILABILITY GROUP). */
    private boolean isAvailabilityGroup(int at) {
        return tokens.get(at).isWord("AVAILABILITY") && tokens.get(at + 1).isWord("GROUP");
    }

    /**
     * The words that can follow CREATE, DROP or ALTER (Microsoft Learn, Transact-SQL statements: CREATE, DROP and
     * ALTER pages), including {@code CREATE OR ALTER} and {@code CREATE UNIQUE CLUSTERED INDEX}.
     */
    private static final Set<String> OBJECT_TYPES = Set.of("AGGREGATE", "APPLICATION", "ASSEMBLY", "ASYMMETRIC",
            "AUTHORIZATION", "AVAILABILITY", "BROKER", "CERTIFICATE", "CLUSTERED", "COLUMN", "COLUMNSTORE", "CONTRACT",
            "COUNTERSIGNATURE", "CREDENTIAL", "CRYPTOGRAPHIC", "DATABASE", "DEFAULT", "ENDPOINT", "EVENT", "EXTERNAL",
            "FULLTEXT", "FUNCTION", "INDEX", "JSON", "LOGIN", "MASTER", "MESSAGE", "NONCLUSTERED", "OR", "PARTITION",
            "PRIMARY", "PROC", "PROCEDURE", "QUEUE", "REMOTE", "RESOURCE", "ROLE", "ROUTE", "RULE", "SCHEMA", "SEARCH",
            "SECURITY", "SELECTIVE", "SEQUENCE", "SERVER", "SERVICE", "SIGNATURE", "SPATIAL", "STATISTICS",
            "SYMMETRIC", "SYNONYM", "TABLE", "TRIGGER", "TYPE", "UNIQUE", "USER", "VECTOR", "VIEW", "WORKLOAD", "XML");

    /**
     * CREATE/DROP/ALTER of something the twin does not model: a real object type is the twin's limitation (50000);
     * any other word is SQL Server's 343, and a non-word its 102.
     */
    private static TsqlException unmodelledObjectType(String verb, Token second) {
        if (second.type() != Token.Type.WORD) {
            return TsqlException.syntaxNear(second.text());
        }
        String type = second.text().toUpperCase(Locale.ROOT);
        if (!OBJECT_TYPES.contains(type)) {
            return TsqlException.compile(343, second.text());
        }
        return TsqlException.notSupported(verb + " " + (type.equals("OR") ? "OR ALTER" : type));
    }

    /**
     * {@code DECLARE @t TABLE (col type [NULL | NOT NULL], …)} starting at the opening parenthesis; returns the end
     * of the statement. Constraints and defaults are not supported.
     */
    private int declareTable(Token name, int open, int to) {
        List<String> columns = new ArrayList<>();
        List<DataTypes.Parsed> types = new ArrayList<>();
        int i = open + 1;
        while (true) {
            Token column = tokens.get(i);
            if (!column.isIdentifier()) {
                throw TsqlException.syntaxNear(column.text());
            }
            DataTypes.Parsed type = DataTypes.parse(tokens, i + 1);
            columns.add(column.value());
            types.add(type);
            i += 1 + type.tokens();
            if (tokens.get(i).isWord("NOT") && tokens.get(i + 1).isWord("NULL")) {
                i += 2;
            } else if (tokens.get(i).isWord("NULL")) {
                i++;
            }
            if (tokens.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            if (tokens.get(i).isSymbol(")")) {
                break;
            }
            throw TsqlException.notSupported("DECLARE " + name.text() + " TABLE with constraints or defaults");
        }
        if (i + 1 != to) {
            // A table variable is declared alone (Microsoft Learn, DECLARE @local_variable).
            throw TsqlException.syntaxNear(tokens.get(i + 1).text());
        }
        tableVariables.put(key(name.text()), new TableVariable(name.text(), columns, types));
        return to;
    }

    /**
     * {@code INSERT [INTO] @t EXEC[UTE] proc …}: the procedure's result sets go into the table variable instead of
     * to the client (its messages still reach the client), and the INSERT reports the rows it added. Every other
     * INSERT is not supported (the twin's catalog is read-only).
     */
    private void insertExec(Statement.Leaf leaf, Cancellation cancel) {
        int i = leaf.from() + 1;
        if (tokens.get(i).isWord("INTO")) {
            i++;
        }
        Token target = tokens.get(i);
        if (target.type() != Token.Type.VARIABLE || !(tokens.get(i + 1).isWord("EXEC")
                || tokens.get(i + 1).isWord("EXECUTE"))) {
            throw TsqlException.notSupported("INSERT other than INSERT @table_variable EXEC (the twin's catalog is "
                    + "read-only)");
        }
        TableVariable table = tableVariables.get(key(target.text()));
        if (table == null) {
            throw TsqlException.batch(1087, target.text());
        }
        ResultSink outer = sink;
        List<ResultTable> results = new ArrayList<>();
        sink = new ResultSink() {
            @Override
            public void table(ResultTable result) {
                results.add(result);
            }

            @Override
            public void message(ServerMessage message) {
                outer.message(message);
            }

            @Override
            public void envChange(EnvChange change) {
                outer.envChange(change);
            }

            @Override
            public void statementDone(StatementKind kind, long rowCount, boolean failed) {
                // the INSERT reports its own count
            }
        };
        try {
            exec(new Statement.Leaf("EXEC", i + 1, leaf.to(), leaf.line(), leaf.text()), cancel);
        } finally {
            sink = outer;
        }
        int added = 0;
        for (ResultTable result : results) {
            if (result.columns().size() != table.columns().size()) {
                throw TsqlException.statement(213);
            }
            for (Object[] row : result.rows()) {
                Object[] copy = new Object[row.length];
                for (int c = 0; c < row.length; c++) {
                    copy[c] = row[c] instanceof SqlVariant v ? v.value() : row[c];
                }
                table.rows().add(copy);
                added++;
            }
        }
        rowcount = added;
        sink.statementDone(StatementKind.INSERT, nocount ? -1 : added, false);
    }

    @Override
    public TableVariable tableVariable(String name) {
        return tableVariables.get(key(name));
    }

    private void select(int from, int to) {
        SelectTranslator.Translation tr = SelectTranslator.select(tokens, from, to, this);
        boolean assigning = tr.items().stream().anyMatch(i -> i != null && i.assignTo() != null);
        if (assigning && tr.items().stream().anyMatch(i -> i == null || i.assignTo() == null)) {
            throw TsqlException.batch(141);
        }
        if (tr.referencesTables()) {
            beginImplicitTransaction();
        }
        ResultTable table = query(tr);
        rowcount = table.rows().size();
        if (assigning) {
            for (Object[] row : table.rows()) {
                for (int c = 0; c < row.length; c++) {
                    assign(tr.items().get(c).assignTo(), row[c], table.columns().get(c).type());
                }
            }
            done(StatementKind.SELECT);
            return;
        }
        sink.table(table);
        sink.statementDone(StatementKind.SELECT, nocount ? -1 : table.rows().size(), false);
    }

    /** Runs a translated query on the catalog (refreshed first) and reads it as SQL Server would send it. */
    ResultTable query(SelectTranslator.Translation tr) {
        instance.catalog().sync(state);
        return QueryRunner.run(instance.catalog().connection(), tr, line);
    }

    private TsqlException translate(SQLException e) {
        return QueryRunner.translate(e, line);
    }

    /** The single value of a one-row, one-column query (NULL when no row). */
    Object evaluate(SelectTranslator.Translation tr) {
        ResultTable t = query(tr);
        if (t.rows().isEmpty()) {
            return null;
        }
        Object v = t.rows().get(0)[0];
        return v instanceof SqlVariant sv ? sv.value() : v;
    }

    /** Evaluates the expression in {@code tokens[from, to)}. */
    Object evaluate(int from, int to) {
        if (to - from == 1) {
            Token t = tokens.get(from);
            switch (t.type()) {
                case STRING -> {
                    return t.value();
                }
                case NUMBER -> {
                    return t.text().contains(".") || t.text().contains("e") || t.text().contains("E")
                            ? new BigDecimal(t.text()) : Long.parseLong(t.text()) <= Integer.MAX_VALUE
                            && Long.parseLong(t.text()) >= Integer.MIN_VALUE ? (Object) Integer.parseInt(t.text())
                            : (Object) Long.parseLong(t.text());
                }
                case VARIABLE -> {
                    SelectTranslator.Variable v = variable(t.text());
                    if (v == null) {
                        throw TsqlException.batch(137, t.text());
                    }
                    return v.value();
                }
                default -> {
                }
            }
            if (t.isWord("NULL")) {
                return null;
            }
        }
        if (to - from == 2 && tokens.get(from).isSymbol("-") && tokens.get(from + 1).type() == Token.Type.NUMBER) {
            Object v = evaluate(from + 1, to);
            return v instanceof Integer i ? -i : v instanceof Long l ? -l : ((BigDecimal) v).negate();
        }
        return evaluate(SelectTranslator.expression(tokens, from, to, this));
    }

    static String text(Object v) {
        if (v instanceof byte[] b) {
            return "0x" + SelectTranslator.hex(b);
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return v.toString();
    }

    private void assign(String name, Object value, SqlType sourceType) {
        SelectTranslator.Variable v = variable(name);
        if (v == null) {
            throw TsqlException.batch(137, name);
        }
        Object converted = value;
        if (value != null && !sourceType.equals(v.type())) {
            // Let H2 do SQL's conversion rules (e.g. '5' to int) through a typed cast.
            List<Object> p = new ArrayList<>();
            p.add(value);
            converted = evaluate(new SelectTranslator.Translation("SELECT CAST(? AS " + v.h2Type() + ") AS \"__c0\"", p,
                    List.of(new SelectTranslator.Item("", null, false, null, "__c0")), false, false));
        }
        variables.put(key(name), new SelectTranslator.Variable(v.name(), v.type(), v.h2Type(),
                ResultTypes.convert(converted, v.type())));
    }

    private void assignExpression(String name, int from, int to) {
        SelectTranslator.Variable v = variable(name);
        if (v == null) {
            throw TsqlException.batch(137, name);
        }
        SelectTranslator.Translation expr = SelectTranslator.expression(tokens, from, to, this);
        String sql = expr.sql();
        String body = sql.substring("SELECT ".length(), sql.length() - " AS \"__c0\"".length());
        Object value = evaluate(new SelectTranslator.Translation("SELECT CAST(" + body + " AS " + v.h2Type() + ") AS \"__c0\"",
                expr.parameters(), expr.items(), false, expr.referencesTables()));
        variables.put(key(name), new SelectTranslator.Variable(v.name(), v.type(), v.h2Type(),
                ResultTypes.convert(value, v.type())));
    }

    private void declare(int from, int to) {
        int i = from;
        int declared = 0;
        while (i < to) {
            Token name = tokens.get(i);
            int t = i + 1;
            if (tokens.get(t).isWord("AS")) {
                t++;
            }
            if (tokens.get(t).isWord("TABLE") && tokens.get(t + 1).isSymbol("(")) {
                i = declareTable(name, t + 1, to);
                continue;
            }
            if (tokens.get(t).isWord("TABLE") || tokens.get(t).isWord("CURSOR")) {
                throw TsqlException.notSupported("DECLARE " + name.text() + " " + tokens.get(t).text().toUpperCase(Locale.ROOT));
            }
            DataTypes.Parsed type;
            try {
                type = DataTypes.parse(tokens, t);
            } catch (TsqlException e) {
                if (e.serverMessage().number() == DataTypes.UNKNOWN_TYPE) {
                    // DECLARE names the variable's position: "Column, parameter, or variable #n: …" (error 2715).
                    throw TsqlException.compile(2715, declared + 1, tokens.get(t).value());
                }
                throw e;
            }
            declared++;
            int end = t + type.tokens();
            variables.put(key(name.text()), new SelectTranslator.Variable(name.text(), type.type(), type.h2(), null));
            if (tokens.get(end).isSymbol("=")) {
                int exprEnd = end + 1;
                int depth = 0;
                while (exprEnd < to && !(depth == 0 && tokens.get(exprEnd).isSymbol(","))) {
                    if (tokens.get(exprEnd).isSymbol("(")) {
                        depth++;
                    } else if (tokens.get(exprEnd).isSymbol(")")) {
                        depth--;
                    }
                    exprEnd++;
                }
                assignExpression(name.text(), end + 1, exprEnd);
                end = exprEnd;
            }
            if (end < to && !tokens.get(end).isSymbol(",")) {
                throw TsqlException.syntaxNear(tokens.get(end).text());
            }
            i = end + 1;
        }
        done(StatementKind.OTHER);
    }

    private static final Set<String> ON_OFF_OPTIONS = Set.of("ANSI_NULLS", "ANSI_PADDING", "ANSI_WARNINGS",
            "ANSI_NULL_DFLT_ON", "ANSI_NULL_DFLT_OFF", "ANSI_DEFAULTS", "ARITHABORT", "ARITHIGNORE",
            "CONCAT_NULL_YIELDS_NULL", "CURSOR_CLOSE_ON_COMMIT", "FMTONLY", "FORCEPLAN", "IMPLICIT_TRANSACTIONS",
            "NOCOUNT", "NOEXEC", "NUMERIC_ROUNDABORT", "PARSEONLY", "QUOTED_IDENTIFIER", "REMOTE_PROC_TRANSACTIONS",
            "XACT_ABORT", "NO_BROWSETABLE", "SHOWPLAN_ALL", "SHOWPLAN_TEXT", "SHOWPLAN_XML");

    private static final Set<String> VALUE_OPTIONS = Set.of("DATEFORMAT", "DATEFIRST", "TEXTSIZE", "LOCK_TIMEOUT",
            "DEADLOCK_PRIORITY", "ROWCOUNT", "QUERY_GOVERNOR_COST_LIMIT", "CONTEXT_INFO");

    private void set(int from, int to) {
        Token first = tokens.get(from);
        if (first.type() == Token.Type.VARIABLE) {
            Token op = tokens.get(from + 1);
            if (op.isSymbol("=")) {
                assignExpression(first.text(), from + 2, to);
            } else if (op.isSymbol("+=") || op.isSymbol("-=")) {
                SelectTranslator.Variable v = variable(first.text());
                if (v == null) {
                    throw TsqlException.batch(137, first.text());
                }
                Object rhs = evaluate(from + 2, to);
                Object current = v.value();
                Object result;
                if (current instanceof String s) {
                    result = op.isSymbol("+=") && rhs != null ? s + text(rhs) : null;
                } else if (current instanceof Number a && rhs instanceof Number b) {
                    BigDecimal x = new BigDecimal(a.toString());
                    BigDecimal y = new BigDecimal(b.toString());
                    result = op.isSymbol("+=") ? x.add(y) : x.subtract(y);
                } else {
                    result = null;
                }
                variables.put(key(first.text()), new SelectTranslator.Variable(v.name(), v.type(), v.h2Type(),
                        ResultTypes.convert(result, v.type())));
            } else {
                throw TsqlException.syntaxNear(op.text());
            }
            done(StatementKind.OTHER);
            return;
        }
        if (!first.isIdentifier()) {
            throw TsqlException.syntaxNear(first.text());
        }
        String option = first.value().toUpperCase(Locale.ROOT);
        if (option.equals("LANGUAGE")) {
            Token value = tokens.get(from + 1);
            String lang = value.value();
            if (!lang.equalsIgnoreCase("us_english") && !lang.equalsIgnoreCase("english")) {
                throw TsqlException.notSupported("SET LANGUAGE " + lang + " (only us_english)");
            }
            String old = language;
            language = "us_english";
            sink.envChange(new EnvChange.Language(old, language));
            info(5703, language);
            done(StatementKind.OTHER);
            return;
        }
        if (option.equals("TRANSACTION") || option.equals("STATISTICS")) {
            done(StatementKind.OTHER);
            return;
        }
        if (VALUE_OPTIONS.contains(option)) {
            if (from + 1 >= to) {
                throw TsqlException.syntaxNear(first.text());
            }
            done(StatementKind.OTHER);
            return;
        }
        // SET opt1, opt2 ON|OFF
        List<String> options = new ArrayList<>();
        int i = from;
        while (i < to) {
            Token t = tokens.get(i);
            if (!t.isIdentifier()) {
                throw TsqlException.syntaxNear(t.text());
            }
            String o = t.value().toUpperCase(Locale.ROOT);
            if (o.equals("ON") || o.equals("OFF")) {
                break;
            }
            if (!ON_OFF_OPTIONS.contains(o)) {
                throw TsqlException.compile(195, t.value(), "SET option");
            }
            options.add(o);
            i++;
            if (tokens.get(i).isSymbol(",")) {
                i++;
            }
        }
        if (i >= to || options.isEmpty()) {
            throw TsqlException.syntaxNear(tokens.get(Math.max(from, to - 1)).text());
        }
        boolean on = tokens.get(i).isWord("ON");
        for (String o : options) {
            switch (o) {
                case "NOCOUNT" -> nocount = on;
                case "IMPLICIT_TRANSACTIONS" -> implicitTransactions = on;
                case "XACT_ABORT" -> xactAbort = on;
                default -> {
                }
            }
        }
        done(StatementKind.OTHER);
    }

    private void use(int from, int to) {
        Token name = tokens.get(from);
        if (!name.isIdentifier() || to - from != 1) {
            throw TsqlException.syntaxNear(name.text());
        }
        InstanceState.DatabaseState d = state.database(name.value());
        if (d == null) {
            throw TsqlException.statement(911, name.value());
        }
        if (d.state != Scenario.DatabaseState.ONLINE) {
            throw TsqlException.statement(942, d.name);
        }
        String old = database;
        database = d.name;
        sink.envChange(new EnvChange.Database(old, d.name));
        info(5701, d.name);
        done(StatementKind.OTHER);
    }

    private void raiserror(int from, int to) {
        if (!tokens.get(from).isSymbol("(")) {
            throw TsqlException.syntaxNear(tokens.get(from).text());
        }
        int close = from;
        int depth = 0;
        for (int i = from; i < to; i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    close = i;
                    break;
                }
            }
        }
        List<int[]> args = splitArguments(from + 1, close);
        if (args.size() < 3) {
            throw TsqlException.syntaxNear(")");
        }
        Set<String> with = new java.util.HashSet<>();
        for (int i = close + 1; i < to; i++) {
            if (tokens.get(i).type() == Token.Type.WORD) {
                with.add(tokens.get(i).upper());
            }
        }
        Object msg = evaluate(args.get(0)[0], args.get(0)[1]);
        int severity = integer(evaluate(args.get(1)[0], args.get(1)[1]));
        int msgState = integer(evaluate(args.get(2)[0], args.get(2)[1]));
        List<Object> values = new ArrayList<>();
        for (int a = 3; a < args.size(); a++) {
            values.add(evaluate(args.get(a)[0], args.get(a)[1]));
        }
        if (severity > 18 && !(sysadmin && with.contains("LOG"))) {
            throw TsqlException.statement(2754);
        }
        int number;
        String text;
        if (msg instanceof Number n) {
            number = n.intValue();
            if (number < 13000 || number == 50000) {
                throw TsqlException.statement(2732, number, 13000, Integer.MAX_VALUE);
            }
            if (!ErrorCatalog.knows(number)) {
                throw TsqlException.statement(18054, number, severity, msgState);
            }
            text = RaiserrorFormat.format(ErrorCatalog.textWithoutArguments(number).contains("%")
                    ? ErrorCatalog.text(number) : ErrorCatalog.text(number), values);
        } else {
            number = 50000;
            text = RaiserrorFormat.format(msg == null ? "" : msg.toString(), values);
        }
        severity = Math.max(0, severity);
        ServerMessage m = new ServerMessage(number, Math.max(0, Math.min(255, msgState < 0 ? 1 : msgState)),
                severity, text, "", line);
        sink.message(m);
        sink.statementDone(StatementKind.OTHER, -1, m.isError());
        if (m.isError()) {
            lastError = number;
        }
    }

    private void throwStatement(int from, int to) {
        if (from >= to) {
            throw TsqlException.batch(10704);
        }
        List<int[]> args = splitArguments(from, to);
        if (args.size() != 3) {
            throw TsqlException.syntaxNear(tokens.get(to - 1).text());
        }
        int n = integer(evaluate(args.get(0)[0], args.get(0)[1]));
        Object text = evaluate(args.get(1)[0], args.get(1)[1]);
        int st = integer(evaluate(args.get(2)[0], args.get(2)[1]));
        if (n < 50000) {
            throw TsqlException.batch(35100, n);
        }
        throw new TsqlException(new ServerMessage(n, st, 16, text == null ? "" : text.toString(),
                "", line), TsqlException.Scope.BATCH);
    }

    /** A value used where T-SQL needs an int; a string that is no number fails as SQL Server's conversion does. */
    static int integer(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw TsqlException.statement(245, "varchar", String.valueOf(value), "int");
        }
    }

    List<int[]> splitArguments(int from, int to) {
        return TopLevelCommas.split(tokens, from, to);
    }

    private boolean waitFor(Statement.Leaf leaf, Cancellation cancel) {
        try {
            Token kindToken = tokens.get(leaf.from() + 1);
            if (!kindToken.isWord("DELAY")) {
                throw TsqlException.notSupported("WAITFOR " + kindToken.text().toUpperCase(Locale.ROOT));
            }
            Object v;
            state.lock().lock();
            try {
                v = evaluate(leaf.from() + 2, leaf.to());
            } finally {
                state.lock().unlock();
            }
            String text = v == null ? "" : v.toString();
            Matcher m = Pattern.compile("(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,3}))?)?").matcher(text.trim());
            if (!m.matches()) {
                throw TsqlException.statement(148, text);
            }
            long millis = Long.parseLong(m.group(1)) * 3_600_000L + Long.parseLong(m.group(2)) * 60_000L
                    + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)) * 1000L)
                    + (m.group(4) == null ? 0 : Long.parseLong((m.group(4) + "00").substring(0, 3)));
            boolean completed;
            try {
                completed = cancel.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                completed = false;
            }
            if (!completed) {
                // Cancelled by an ATTENTION: the statement ends with the error bit, the batch stops (tds-protocol §5.6).
                sink.statementDone(StatementKind.OTHER, -1, true);
                return false;
            }
            done(StatementKind.OTHER);
            return true;
        } catch (TsqlException e) {
            return fail(e.atLine(leaf.line()), StatementKind.OTHER);
        }
    }

    private void exec(Statement.Leaf leaf, Cancellation cancel) {
        int i = leaf.from();
        if (tokens.get(i).isWord("EXEC") || tokens.get(i).isWord("EXECUTE")) {
            i++;
        }
        if (tokens.get(i).type() == Token.Type.VARIABLE && tokens.get(i + 1).isSymbol("=")) {
            i += 2;
        }
        if (tokens.get(i).isSymbol("(")) {
            throw TsqlException.notSupported("EXEC (dynamic SQL string); use sp_executesql");
        }
        List<String> parts = new ArrayList<>();
        if (!tokens.get(i).isIdentifier()) {
            throw TsqlException.syntaxNear(tokens.get(i).text());
        }
        parts.add(tokens.get(i).value());
        i++;
        while (tokens.get(i).isSymbol(".") && tokens.get(i + 1).isIdentifier()) {
            parts.add(tokens.get(i + 1).value());
            i += 2;
        }
        List<Object> args = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (int[] a : splitArguments(i, leaf.to())) {
            int s = a[0];
            int e = a[1];
            if (e > s && (tokens.get(e - 1).isWord("OUTPUT") || tokens.get(e - 1).isWord("OUT"))) {
                e--;
            }
            if (e - s >= 3 && tokens.get(s).type() == Token.Type.VARIABLE && tokens.get(s + 1).isSymbol("=")) {
                named.put(key(tokens.get(s).text()), evaluate(s + 2, e));
            } else {
                args.add(evaluate(s, e));
            }
        }
        String written = String.join(".", parts);
        if (named.isEmpty()) {
            procedure(written, parts, args, cancel);
        } else {
            namedProcedure(written, parts, args, named, cancel);
        }
    }

    private void namedProcedure(String written, List<String> parts, List<Object> args, Map<String, Object> named,
                                Cancellation cancel) {
        String agentProcedure = AgentJobStatements.agentProcedure(parts, database);
        if (agentProcedure != null) {
            agentJobs.execute(agentProcedure, args, named);
            return;
        }
        String proc = procedureName(parts);
        if (proc.equals("sp_executesql")) {
            String sql = args.isEmpty() ? null : (String) args.get(0);
            String defs = args.size() > 1 ? (String) args.get(1) : "";
            List<Parameter> values = new ArrayList<>();
            for (Map.Entry<String, Object> e : named.entrySet()) {
                values.add(new Parameter(e.getKey(), SqlType.nvarcharMax(), e.getValue(), false));
            }
            executeNested(sql, defs, values, cancel);
            return;
        }
        List<Object> all = new ArrayList<>(args);
        if (proc.equals("sp_certificate_add_issuer")) {
            // Parameter names as documented: @certificate_id int, @dns_name nvarchar.
            all = new ArrayList<>();
            all.add(named.containsKey("@certificate_id") ? named.get("@certificate_id") : args.isEmpty() ? null : args.get(0));
            all.add(named.containsKey("@dns_name") ? named.get("@dns_name") : args.size() > 1 ? args.get(1) : null);
        } else {
            all.addAll(named.values());
        }
        procedure(written, parts, all, cancel);
    }

    /** The procedure's own name when it is a system procedure addressed as sp_x, sys.sp_x or master.sys.sp_x. */
    private static String procedureName(List<String> parts) {
        String last = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        if (parts.size() == 1) {
            return last;
        }
        String schema = parts.get(parts.size() - 2).toLowerCase(Locale.ROOT);
        if (!(schema.equals("sys") || schema.equals("dbo") || schema.isEmpty())) {
            return "";
        }
        if (parts.size() == 3 && !parts.get(0).equalsIgnoreCase("master")) {
            return "";
        }
        return last;
    }

    private void procedure(String written, List<String> parts, List<Object> args, Cancellation cancel) {
        String agentProcedure = AgentJobStatements.agentProcedure(parts, database);
        if (agentProcedure != null) {
            agentJobs.execute(agentProcedure, args, Map.of());
            return;
        }
        String proc = procedureName(parts);
        switch (proc) {
            case "sp_certificate_add_issuer" -> {
                if (!instance.certificateIssuerProcedure()) {
                    throw TsqlException.statement(2812, written);
                }
                certificates.addIssuer(args.isEmpty() ? null : args.get(0), args.size() > 1 ? args.get(1) : null);
            }
            case "sp_certificate_issuers" -> {
                if (!instance.certificateIssuerProcedure() || instance.server().majorVersion() < 15) {
                    throw TsqlException.statement(2812, written);
                }
                certificates.listIssuers();
            }
            case "sp_unprepare" -> {
                if (!args.isEmpty() && args.get(0) instanceof Number n) {
                    unprepare(n.intValue());
                }
                done(StatementKind.EXECUTE);
            }
            case "sp_execute" -> executePrepared(args, cancel);
            case "sp_executesql" -> executeNested(args.isEmpty() ? null : (String) args.get(0),
                    args.size() > 1 ? (String) args.get(1) : "", args.size() > 2
                            ? args.subList(2, args.size()).stream().map(a -> new Parameter("", SqlType.nvarcharMax(), a, false)).toList()
                            : List.of(), cancel);
            // Real SQL Server procedures the link workflow mentions (mi-link-workflow §3.4, §3.6) that the twin does not
            // model yet: "not supported" rather than 2812, which would claim the build lacks them.
            case "sp_validate_certificate_ca_chain", "sp_get_endpoint_certificate" ->
                    throw TsqlException.notSupported("EXEC " + proc);
            default -> throw TsqlException.statement(2812, written);
        }
    }

    /**
     * {@code EXEC sp_execute handle [, value …]} from T-SQL, as SQL Server allows: runs a handle this session
     * prepared (8179 when it was never prepared or was unprepared).
     */
    private void executePrepared(List<Object> args, Cancellation cancel) {
        if (args.isEmpty() || !(args.get(0) instanceof Number handle)) {
            throw TsqlException.statement(201, "sp_execute", "@handle");
        }
        List<Parameter> values = args.subList(1, args.size()).stream()
                .map(a -> new Parameter("", SqlType.nvarcharMax(), a, false)).toList();
        ResultSink outer = sink;
        int saveLine = line;
        state.lock().unlock();
        try {
            execute(handle.intValue(), values, outer, cancel);
        } finally {
            state.lock().lock();
            sink = outer;
            line = saveLine;
        }
    }

    private void executeNested(String sql, String defs, List<Parameter> values, Cancellation cancel) {
        if (sql == null) {
            done(StatementKind.EXECUTE);
            return;
        }
        ResultSink outer = sink;
        int saveLine = line;
        state.lock().unlock();
        try {
            executeSql(sql, defs, values, outer, cancel);
        } finally {
            state.lock().lock();
            sink = outer;
            line = saveLine;
        }
        done(StatementKind.EXECUTE);
    }

    // ---------------------------------------------------------------- SelectTranslator.Context

    @Override
    public ServerProperties server() {
        return instance.server();
    }

    @Override
    public String currentDatabase() {
        return database;
    }

    @Override
    public int currentDatabaseId() {
        InstanceState.DatabaseState d = state.database(database);
        return d == null ? 1 : d.id;
    }

    @Override
    public boolean databaseExists(String name) {
        return state.database(name) != null;
    }

    @Override
    public String loginName() {
        return login;
    }

    @Override
    public boolean sysadmin() {
        return sysadmin;
    }

    @Override
    public int spid() {
        return spid;
    }

    @Override
    public int trancount() {
        return trancount;
    }

    @Override
    public int rowcount() {
        return rowcount;
    }

    @Override
    public int lastError() {
        return errorSeenByStatement;
    }

    @Override
    public String clientHost() {
        return host;
    }

    @Override
    public java.time.Instant now() {
        return instance.now();
    }

    @Override
    public String appName() {
        return app;
    }

    @Override
    public SelectTranslator.Variable variable(String name) {
        SelectTranslator.Variable v = variables.get(key(name));
        if (v == null && compiling) {
            // At compile time a variable declared later in the batch exists but has no value yet.
            return new SelectTranslator.Variable(name, SqlType.nvarchar(4000), "VARCHAR(4000)", null);
        }
        return v;
    }

    @Override
    public Map<Integer, String> databaseNames() {
        Map<Integer, String> names = new LinkedHashMap<>();
        state.databases.values().forEach(d -> names.put(d.id, d.name));
        return names;
    }

    @Override
    public Map<Integer, String> certificateNames() {
        Map<Integer, String> names = new LinkedHashMap<>();
        if (database.equalsIgnoreCase("master")) {
            state.certificates.values().forEach(c -> names.put(c.id, c.name));
        }
        return names;
    }

    @Override
    public byte[] certificateDer(int id) {
        InstanceState.CertificateState c = state.certificateById(id);
        return c == null ? null : c.der;
    }

    @Override
    public Integer objectId(String name) {
        List<Token> parts = Tokenizer.tokenize(name);
        List<String> names = new ArrayList<>();
        for (Token t : parts) {
            if (t.isIdentifier()) {
                names.add(t.value());
            } else if (!t.isSymbol(".") && t.type() != Token.Type.EOF) {
                return null;
            }
        }
        if (names.isEmpty() || names.size() > 3) {
            return null;
        }
        String db = names.size() == 3 ? names.get(0) : database;
        String schema = names.size() >= 2 ? names.get(names.size() - 2) : "dbo";
        String object = names.get(names.size() - 1);
        if (!databaseExists(db)) {
            return null;
        }
        CatalogObjects.CatalogObject o = CatalogObjects.find(schema, object, instance.server().majorVersion());
        if (o == null) {
            return null;
        }
        if (o.scope() == CatalogObjects.Scope.MSDB && !db.equalsIgnoreCase("msdb")) {
            return null;
        }
        if (o.procedure() && o.name().startsWith("sp_certificate") && !instance.certificateIssuerProcedure()) {
            return null;
        }
        return o.objectId();
    }
}
