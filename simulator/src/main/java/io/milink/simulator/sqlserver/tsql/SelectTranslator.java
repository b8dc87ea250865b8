package io.milink.simulator.sqlserver.tsql;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.sqlserver.ServerProperties;
import io.milink.simulator.sqlserver.TsqlException;
import io.milink.simulator.sqlserver.catalog.CatalogDatabase;
import io.milink.simulator.sqlserver.catalog.CatalogObjects;

/**
 * Rewrites a T-SQL SELECT (or expression) into H2 SQL: names of catalog views (one-, two- and three-part) to the
 * H2 tables behind them, T-SQL-only functions (SERVERPROPERTY, IIF, CONVERT, OBJECT_ID, DB_ID, CERT_ID, …) to
 * literals or sub-queries, {@code @@} functions to literals, variables to typed parameters, identifiers to
 * double-quoted H2 identifiers and literals to H2 literals. It also works out each select item's column name as
 * SQL Server names it (an expression without alias has an empty name).
 */
public final class SelectTranslator {

    /** What the translator needs to know about the session and instance. */
    public interface Context {
        ServerProperties server();

        String currentDatabase();

        int currentDatabaseId();

        boolean databaseExists(String name);

        String loginName();

        boolean sysadmin();

        int spid();

        int trancount();

        int rowcount();

        int lastError();

        String language();

        String clientHost();

        String appName();

        /** A declared variable (name with @, any case), or null. */
        Variable variable(String name);

        /** OBJECT_ID of a possibly multi-part, possibly bracketed name, or null. */
        Integer objectId(String name);

        /** Database ids and names, for DB_ID and DB_NAME. */
        java.util.Map<Integer, String> databaseNames();

        /** Certificates visible in the current database: id → name. */
        java.util.Map<Integer, String> certificateNames();

        /** A visible certificate's DER by id, or null. */
        byte[] certificateDer(int id);

        /** A declared table variable (name with @, any case), or null. */
        default TableVariable tableVariable(String name) {
            return null;
        }

        /** The server's current time (UTC): GETDATE() and its kin. */
        default java.time.Instant now() {
            return java.time.Instant.now();
        }
    }

    public record Variable(String name, SqlType type, String h2Type, Object value) {
    }

    /**
     * One select item.
     *
     * @param name        the column name the client sees
     * @param variantBase non-null when the item is a bare {@code SERVERPROPERTY(…)}: sent as sql_variant of this base type
     * @param assignTo    the variable of {@code SELECT @v = expr}, or null
     * @param label       the H2 column label the item gets
     */
    public record Item(String name, SqlType variantBase, boolean variant, String assignTo, String label,
                       boolean notNullLiteral) {
        public Item(String name, SqlType variantBase, boolean variant, String assignTo, String label) {
            this(name, variantBase, variant, assignTo, label, false);
        }

        Item asVariant() {
            return new Item(name, null, true, assignTo, label, false);
        }
    }

    public record Translation(String sql, List<Object> parameters, List<Item> items, boolean star,
                              boolean referencesTables) {
    }

    private static final Set<String> KEYWORDS = Set.of("SELECT", "DISTINCT", "ALL", "TOP", "PERCENT", "FROM", "WHERE",
            "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "BETWEEN", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END",
            "AS", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "GROUP", "BY", "ORDER", "ASC", "DESC",
            "HAVING", "UNION", "EXCEPT", "INTERSECT", "ESCAPE", "OVER", "PARTITION", "OFFSET", "FETCH", "NEXT", "ROWS",
            "ROW", "ONLY", "ANY", "SOME", "TIES", "FIRST");

    private static final Set<String> CLAUSE_END = Set.of("FROM", "WHERE", "GROUP", "HAVING", "ORDER", "UNION",
            "EXCEPT", "INTERSECT", "INTO", "OPTION", "FOR");

    /** Functions H2 runs with SQL Server's meaning, passed through unchanged. */
    private static final Set<String> PASS_THROUGH = Set.of("LEN", "CHARINDEX", "SUBSTRING", "UPPER", "LOWER", "LTRIM",
            "RTRIM", "TRIM", "REPLACE", "LEFT", "RIGHT", "CONCAT", "COALESCE", "NULLIF", "ABS", "ROUND", "FLOOR",
            "CEILING", "MAX", "MIN", "SUM", "AVG", "STRING_AGG", "ROW_NUMBER", "RANK", "DENSE_RANK", "DATEDIFF",
            "DATEADD", "DATEPART", "YEAR", "MONTH", "DAY", "REVERSE", "NEWID", "POWER", "SQRT", "SIGN", "EXISTS",
            "SPACE", "STUFF", "PATINDEX", "SOUNDEX", "CHAR", "NCHAR", "ASCII", "UNICODE", "LOG", "EXP");

    private static final Set<String> TABLE_HINTS = Set.of("NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "HOLDLOCK",
            "ROWLOCK", "UPDLOCK", "TABLOCK", "NOWAIT", "READPAST", "SERIALIZABLE", "REPEATABLEREAD");

    private final List<Token> tokens;
    private final Context ctx;
    private final List<Object> parameters = new ArrayList<>();
    private boolean referencesTables;
    /** sys.dm_server_registry.value_data is sql_variant (Microsoft Learn, sys.dm_server_registry). */
    private boolean referencesRegistry;
    /** Per paren depth: are we inside a FROM clause (so a name there is a table)? */
    private final boolean[] inFrom = new boolean[256];

    private SelectTranslator(List<Token> tokens, Context ctx) {
        this.tokens = tokens;
        this.ctx = ctx;
    }

    /** Translates a whole SELECT statement held in {@code tokens[from, to)}. */
    public static Translation select(List<Token> tokens, int from, int to, Context ctx) {
        SelectTranslator t = new SelectTranslator(tokens, ctx);
        return t.translateSelect(from, to);
    }

    /** Translates a scalar expression into {@code SELECT <expr>}. */
    public static Translation expression(List<Token> tokens, int from, int to, Context ctx) {
        SelectTranslator t = new SelectTranslator(tokens, ctx);
        StringBuilder out = new StringBuilder("SELECT ");
        t.emit(from, to, out, 0);
        out.append(" AS \"__c0\"");
        return new Translation(out.toString(), t.parameters, List.of(new Item("", null, false, null, "__c0")), false,
                t.referencesTables);
    }

    /** Translates a condition into {@code SELECT CASE WHEN <cond> THEN 1 ELSE 0 END}. */
    public static Translation condition(List<Token> tokens, int from, int to, Context ctx) {
        SelectTranslator t = new SelectTranslator(tokens, ctx);
        StringBuilder out = new StringBuilder("SELECT CASE WHEN ");
        t.emit(from, to, out, 0);
        out.append(" THEN 1 ELSE 0 END AS \"__c0\"");
        return new Translation(out.toString(), t.parameters, List.of(new Item("", null, false, null, "__c0")), false,
                t.referencesTables);
    }

    private Translation translateSelect(int from, int to) {
        StringBuilder out = new StringBuilder();
        int i = from;
        if (!tokens.get(i).isWord("SELECT")) {
            throw TsqlException.syntaxNear(tokens.get(i).text());
        }
        out.append("SELECT ");
        i++;
        if (tokens.get(i).isWord("DISTINCT") || tokens.get(i).isWord("ALL")) {
            out.append(tokens.get(i).upper()).append(' ');
            i++;
        }
        if (tokens.get(i).isWord("TOP")) {
            int start = i;
            i++;
            if (tokens.get(i).isSymbol("(")) {
                i = matching(i) + 1;
            } else {
                i++;
            }
            if (tokens.get(i).isWord("PERCENT")) {
                i++;
            }
            if (tokens.get(i).isWord("WITH") && tokens.get(i + 1).isWord("TIES")) {
                i += 2;
            }
            emit(start, i, out, 0);
        }
        int listEnd = i;
        while (listEnd < to) {
            Token t = tokens.get(listEnd);
            if (t.isSymbol("(")) {
                listEnd = matching(listEnd) + 1;
                continue;
            }
            if (t.type() == Token.Type.WORD && CLAUSE_END.contains(t.upper())) {
                break;
            }
            listEnd++;
        }
        for (int k = listEnd; k < to; k++) {
            Token t = tokens.get(k);
            if (t.isWord("INTO") || t.isWord("FOR") && (tokens.get(k + 1).isWord("XML") || tokens.get(k + 1).isWord("JSON"))) {
                throw TsqlException.notSupported("SELECT ... " + t.upper() + (t.isWord("FOR") ? " " + tokens.get(k + 1).upper() : ""));
            }
        }
        if (listEnd == i) {
            throw TsqlException.syntaxNear(tokens.get(i).type() == Token.Type.EOF ? "SELECT" : tokens.get(i).text());
        }
        List<int[]> ranges = splitTopLevel(i, listEnd);
        List<Item> items = new ArrayList<>();
        List<String> sourceColumns = new ArrayList<>();
        java.util.Set<String> usedLabels = new java.util.HashSet<>();
        boolean star = false;
        for (int n = 0; n < ranges.size(); n++) {
            int s = ranges.get(n)[0];
            int e = ranges.get(n)[1];
            if (s >= e) {
                throw TsqlException.syntaxNear(tokens.get(s).text());
            }
            if (n > 0) {
                out.append(", ");
            }
            String label = "__c" + n;
            Token first = tokens.get(s);
            if (first.type() == Token.Type.VARIABLE && e - s > 2 && tokens.get(s + 1).isSymbol("=")) {
                emit(s + 2, e, out, 0);
                out.append(" AS \"").append(label).append('"');
                items.add(new Item("", null, false, first.text(), label));
                continue;
            }
            if (tokens.get(e - 1).isSymbol("*")) {
                emit(s, e, out, 0);
                star = true;
                items.add(null);
                continue;
            }
            String name = null;
            int exprStart = s;
            int exprEnd = e;
            if ((first.isIdentifier() && !isKeyword(first) || first.type() == Token.Type.STRING) && e - s > 2
                    && tokens.get(s + 1).isSymbol("=")) {
                name = first.value();
                exprStart = s + 2;
            } else if (e - s >= 3 && tokens.get(e - 2).isWord("AS")) {
                name = tokens.get(e - 1).value();
                exprEnd = e - 2;
            } else if (e - s >= 2 && (tokens.get(e - 1).isIdentifier() && !isKeyword(tokens.get(e - 1))
                    || tokens.get(e - 1).type() == Token.Type.STRING)
                    && !tokens.get(e - 2).isSymbol(".") && !isOperator(tokens.get(e - 2))) {
                name = tokens.get(e - 1).value();
                exprEnd = e - 1;
            }
            if (name == null) {
                name = columnName(exprStart, exprEnd);
            }
            SqlType variantBase = null;
            boolean variant = false;
            if (exprEnd - exprStart == 4 && tokens.get(exprStart).isWord("SERVERPROPERTY")
                    && tokens.get(exprStart + 2).type() == Token.Type.STRING) {
                variant = true;
                SqlVariant v = ctx.server().property(tokens.get(exprStart + 2).value());
                variantBase = v == null ? null : v.baseType();
            }
            // A named item keeps its name as the H2 label, so ORDER BY can use the alias; unnamed items get an
            // internal label (the client sees an empty name).
            String lower = name.toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.startsWith("__c") && usedLabels.add(lower)) {
                label = name;
            }
            emit(exprStart, exprEnd, out, 0);
            out.append(" AS ").append(quote(label));
            // SQL Server describes a constant such as SELECT 1 as NOT NULL.
            Token only = tokens.get(exprStart);
            boolean literal = exprEnd - exprStart == 1 && (only.type() == Token.Type.NUMBER
                    || only.type() == Token.Type.STRING || only.type() == Token.Type.BINARY);
            items.add(new Item(name, variantBase, variant, null, label, literal));
            sourceColumns.add(columnName(exprStart, exprEnd));
        }
        emit(listEnd, to, out, 0);
        if (referencesRegistry) {
            for (int n = 0, k = 0; n < items.size(); n++) {
                Item item = items.get(n);
                if (item != null && item.assignTo() == null && "value_data".equalsIgnoreCase(sourceColumns.get(k++))) {
                    items.set(n, item.asVariant());
                }
            }
        }
        return new Translation(out.toString(), parameters, items, star, referencesTables);
    }

    /** A plain (possibly qualified) column reference keeps its last part as the name; anything else has none. */
    private String columnName(int s, int e) {
        for (int i = s; i < e; i++) {
            boolean namePos = (i - s) % 2 == 0;
            if (namePos ? !(tokens.get(i).isIdentifier() && !isKeyword(tokens.get(i))) : !tokens.get(i).isSymbol(".")) {
                return "";
            }
        }
        return (e - s) % 2 == 1 ? tokens.get(e - 1).value() : "";
    }

    private static boolean isKeyword(Token t) {
        return t.type() == Token.Type.WORD && (KEYWORDS.contains(t.upper()) || CLAUSE_END.contains(t.upper()));
    }

    private static boolean isOperator(Token t) {
        return t.type() == Token.Type.SYMBOL && !t.text().equals(")");
    }

    /** Index of the ')' matching the '(' at {@code open}. */
    private int matching(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            } else if (t.type() == Token.Type.EOF) {
                break;
            }
        }
        throw TsqlException.syntaxNear(tokens.get(open).text());
    }

    private List<int[]> splitTopLevel(int from, int to) {
        return TopLevelCommas.split(tokens, from, to);
    }

    private void emit(int from, int to, StringBuilder out, int depth) {
        int i = from;
        while (i < to) {
            i = emitOne(i, to, out, depth);
        }
    }

    /** Emits the construct starting at {@code i}; returns the index after it. */
    private int emitOne(int i, int to, StringBuilder out, int depth) {
        Token t = tokens.get(i);
        switch (t.type()) {
            case STRING -> {
                out.append(literal(t.value())).append(' ');
                return i + 1;
            }
            case NUMBER -> {
                String n = t.text();
                if (n.chars().allMatch(Character::isDigit) && n.length() >= 10 && Long.parseLong(n.length() > 18 ? "0" : n) > Integer.MAX_VALUE
                        || n.chars().allMatch(Character::isDigit) && n.length() > 18) {
                    // An integer literal beyond int is numeric(p,0) in SQL Server, not bigint.
                    out.append("CAST(").append(n).append(" AS NUMERIC(").append(Math.min(38, n.length())).append(",0)) ");
                } else {
                    out.append(n).append(' ');
                }
                return i + 1;
            }
            case BINARY -> {
                String hex = t.value().length() % 2 == 1 ? "0" + t.value() : t.value();
                out.append("X'").append(hex).append("' ");
                return i + 1;
            }
            case VARIABLE -> {
                if (inFrom[depth] && isTablePosition(i)) {
                    TableVariable table = ctx.tableVariable(t.text());
                    if (table == null) {
                        throw TsqlException.batch(1087, t.text());
                    }
                    emitTableVariable(table, out);
                    return i + 1;
                }
                Variable v = ctx.variable(t.text());
                if (v == null) {
                    throw TsqlException.batch(137, t.text());
                }
                parameters.add(v.value());
                out.append("CAST(? AS ").append(v.h2Type()).append(") ");
                return i + 1;
            }
            case SYSTEM_VARIABLE -> {
                out.append(systemVariable(t)).append(' ');
                return i + 1;
            }
            case SYMBOL -> {
                String s = t.text();
                if (s.equals("(")) {
                    int close = matching(i);
                    int d = Math.min(depth + 1, inFrom.length - 1);
                    inFrom[d] = false;
                    out.append("( ");
                    emit(i + 1, close, out, d);
                    inFrom[d] = false;
                    out.append(") ");
                    return close + 1;
                }
                if (s.equals("!<")) {
                    s = ">=";
                } else if (s.equals("!>")) {
                    s = "<=";
                } else if (s.equals(";")) {
                    return i + 1;
                }
                out.append(s).append(' ');
                return i + 1;
            }
            case WORD, QUOTED_IDENT -> {
                return emitName(i, to, out, depth);
            }
            default -> {
                return i + 1;
            }
        }
    }

    private int emitName(int i, int to, StringBuilder out, int depth) {
        Token t = tokens.get(i);
        if (t.type() == Token.Type.WORD) {
            String up = t.upper();
            if (up.equals("FROM")) {
                inFrom[depth] = true;
            } else if (Set.of("WHERE", "GROUP", "ORDER", "HAVING", "UNION", "EXCEPT", "INTERSECT", "SELECT")
                    .contains(up)) {
                inFrom[depth] = false;
            }
            if (up.equals("WITH") && tokens.get(i + 1).isSymbol("(") && tokens.get(i + 2).type() == Token.Type.WORD
                    && TABLE_HINTS.contains(tokens.get(i + 2).upper())) {
                return matching(i + 1) + 1;
            }
            if (up.equals("COLLATE") && i + 1 < to) {
                return i + 2;
            }
            if (tokens.get(i + 1).isSymbol("(") && !KEYWORDS.contains(up) || up.equals("LEFT") && tokens.get(i + 1).isSymbol("(")
                    || up.equals("RIGHT") && tokens.get(i + 1).isSymbol("(")) {
                return function(i, out, depth);
            }
            if (KEYWORDS.contains(up)) {
                out.append(up).append(' ');
                if (up.equals("JOIN") || up.equals("FROM")) {
                    inFrom[depth] = true;
                }
                return i + 1;
            }
            switch (up) {
                case "CURRENT_TIMESTAMP" -> {
                    out.append(now(3)).append(' ');
                    return i + 1;
                }
                case "SYSTEM_USER", "SESSION_USER", "CURRENT_USER", "USER" -> {
                    out.append(typed(up.equals("SYSTEM_USER") ? ctx.loginName() : "dbo", 128)).append(' ');
                    return i + 1;
                }
                default -> {
                }
            }
        }
        // A (possibly multi-part) name.
        List<String> parts = new ArrayList<>();
        int j = i;
        parts.add(tokens.get(j).value());
        while (tokens.get(j + 1).isSymbol(".") && tokens.get(j + 2).isIdentifier()) {
            parts.add(tokens.get(j + 2).value());
            j += 2;
        }
        if (tokens.get(j + 1).isSymbol(".") && tokens.get(j + 2).isSymbol("*")) {
            emitQuoted(parts, out);
            out.append(".* ");
            return j + 3;
        }
        boolean tablePosition = inFrom[depth] && isTablePosition(i);
        if (tablePosition) {
            out.append(table(parts)).append(' ');
            referencesTables = true;
            return j + 1;
        }
        if (tokens.get(j + 1).isSymbol("(")) {
            throw TsqlException.batch(195, String.join(".", parts), "built-in function name");
        }
        emitQuoted(parts, out);
        out.append(' ');
        return j + 1;
    }

    /**
     * A table variable as a derived table of its rows, typed as declared: an empty first branch fixes the column
     * names and types, then one {@code UNION ALL SELECT} of bound values per row.
     */
    private void emitTableVariable(TableVariable table, StringBuilder out) {
        out.append("(SELECT ");
        for (int c = 0; c < table.columns().size(); c++) {
            out.append(c == 0 ? "" : ", ").append("CAST(NULL AS ").append(table.types().get(c).h2()).append(") AS ")
                    .append(quote(table.columns().get(c)));
        }
        out.append(" WHERE 1 = 0");
        for (Object[] row : table.rows()) {
            out.append(" UNION ALL SELECT ");
            for (int c = 0; c < row.length; c++) {
                parameters.add(row[c]);
                out.append(c == 0 ? "" : ", ").append("CAST(? AS ").append(table.types().get(c).h2()).append(")");
            }
        }
        out.append(") ");
    }

    private boolean isTablePosition(int i) {
        Token prev = i > 0 ? tokens.get(i - 1) : null;
        return prev != null && (prev.isWord("FROM") || prev.isWord("JOIN") || prev.isSymbol(","));
    }

    private static void emitQuoted(List<String> parts, StringBuilder out) {
        for (int p = 0; p < parts.size(); p++) {
            out.append(p == 0 ? "" : ".").append(quote(parts.get(p)));
        }
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String typed(String s, int length) {
        return s == null ? "CAST(NULL AS VARCHAR(" + length + "))" : "CAST(" + literal(s) + " AS VARCHAR(" + length + "))";
    }

    /** Maps a catalog name as written to the H2 table behind it, or reports 208 as SQL Server does. */
    private String table(List<String> parts) {
        String written = String.join(".", parts);
        if (parts.size() > 3) {
            throw TsqlException.batch(208, written);
        }
        String db = parts.size() == 3 ? parts.get(0) : ctx.currentDatabase();
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : "dbo";
        String name = parts.get(parts.size() - 1);
        if (schema.isEmpty()) {
            schema = "dbo";
        }
        if (!ctx.databaseExists(db)) {
            throw TsqlException.batch(208, written);
        }
        CatalogObjects.CatalogObject o = CatalogObjects.find(schema, name, ctx.server().majorVersion());
        if (o == null || o.procedure()) {
            throw TsqlException.batch(208, written);
        }
        if (o.name().equals("dm_server_registry")) {
            referencesRegistry = true;
        }
        return switch (o.scope()) {
            case SERVER -> quote("sys") + "." + quote(o.name());
            case DATABASE -> quote(db.equalsIgnoreCase("master") ? "sys" : "userdb_sys") + "." + quote(o.name());
            case PER_DATABASE -> quote("twin") + "." + quote(CatalogDatabase.perDatabaseView(o.name(), databaseId(db)));
            case MSDB -> {
                if (!db.equalsIgnoreCase("msdb")) {
                    throw TsqlException.batch(208, written);
                }
                yield quote("msdb_dbo") + "." + quote(o.name());
            }
        };
    }

    private int databaseId(String name) {
        return ctx.databaseNames().entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getKey).findFirst()
                .orElseThrow(() -> TsqlException.batch(911, name));
    }

    private List<int[]> args(int open) {
        int close = matching(open);
        if (close == open + 1) {
            return List.of();
        }
        return splitTopLevel(open + 1, close);
    }

    private String sub(int[] range, int depth) {
        StringBuilder b = new StringBuilder();
        emit(range[0], range[1], b, Math.min(depth + 1, inFrom.length - 1));
        return b.toString();
    }

    /** The constant value of an argument that must be known now: a string literal or a variable. */
    private String constantString(int[] range, String function) {
        if (range[1] - range[0] == 1) {
            Token t = tokens.get(range[0]);
            if (t.type() == Token.Type.STRING) {
                return t.value();
            }
            if (t.type() == Token.Type.VARIABLE) {
                Variable v = ctx.variable(t.text());
                if (v == null) {
                    throw TsqlException.batch(137, t.text());
                }
                return v.value() == null ? null : v.value().toString();
            }
            if (t.isWord("NULL")) {
                return null;
            }
        }
        throw new TsqlException(new io.milink.simulator.engine.ServerMessage(50000, 1, 16,
                "The SQL Server twin evaluates " + function + " only with a literal or variable argument.", "", 1),
                TsqlException.Scope.STATEMENT);
    }

    /**
     * SQL Server's type for SUM over {@code arg} when the argument names its type (CAST or CONVERT), as H2 SQL; null
     * when it does not, and H2's own SUM type stands. SQL Server sums tinyint, smallint and int as int, bigint as
     * bigint, decimal(p, s) as decimal(38, s), money and smallmoney as money, float and real as float (Microsoft
     * Learn, SUM (Transact-SQL), Return types); H2 widens each (int to BIGINT, bigint to NUMERIC(29,0)...).
     */
    private String sumType(int[] arg) {
        int start = arg[0];
        if (start < arg[1] && (tokens.get(start).isWord("ALL") || tokens.get(start).isWord("DISTINCT"))) {
            start++;
        }
        if (arg[1] - start < 4 || !tokens.get(start + 1).isSymbol("(") || matching(start + 1) != arg[1] - 1) {
            return null;
        }
        int typeAt;
        if (tokens.get(start).isWord("CONVERT") || tokens.get(start).isWord("TRY_CONVERT")) {
            typeAt = start + 2;
        } else if (tokens.get(start).isWord("CAST")) {
            typeAt = -1;
            int d = 0;
            for (int k = start + 2; k < arg[1] - 1; k++) {
                if (tokens.get(k).isSymbol("(")) {
                    d++;
                } else if (tokens.get(k).isSymbol(")")) {
                    d--;
                } else if (d == 0 && tokens.get(k).isWord("AS")) {
                    typeAt = k + 1;
                }
            }
            if (typeAt < 0) {
                return null;
            }
        } else {
            return null;
        }
        String name = tokens.get(typeAt).value().toLowerCase(Locale.ROOT);
        if (name.equals("money") || name.equals("smallmoney")) {
            return DataTypes.h2(SqlType.decimal(19, 4));
        }
        SqlType type = DataTypes.parse(tokens, typeAt).type();
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "NUMERIC(38," + type.scale() + ")";
            case FLOAT -> "DOUBLE PRECISION";
            default -> null;
        };
    }

    private int function(int i, StringBuilder out, int depth) {
        Token name = tokens.get(i);
        String up = name.upper();
        int open = i + 1;
        int close = matching(open);
        List<int[]> args = args(open);
        int next = close + 1;
        switch (up) {
            case "CAST" -> {
                int as = -1;
                int d = 0;
                for (int k = open + 1; k < close; k++) {
                    if (tokens.get(k).isSymbol("(")) {
                        d++;
                    } else if (tokens.get(k).isSymbol(")")) {
                        d--;
                    } else if (d == 0 && tokens.get(k).isWord("AS")) {
                        as = k;
                    }
                }
                if (as < 0) {
                    throw TsqlException.syntaxNear(tokens.get(close).text());
                }
                DataTypes.Parsed type = DataTypes.parse(tokens, as + 1);
                out.append("CAST(").append(sub(new int[] {open + 1, as}, depth)).append(" AS ").append(type.h2()).append(") ");
                return next;
            }
            case "CONVERT", "TRY_CONVERT" -> {
                if (args.size() < 2) {
                    throw TsqlException.syntaxNear(")");
                }
                DataTypes.Parsed type = DataTypes.parse(tokens, args.get(0)[0]);
                String value = sub(args.get(1), depth);
                String style = args.size() > 2 && args.get(2)[1] - args.get(2)[0] == 1 ? tokens.get(args.get(2)[0]).text() : "0";
                boolean toChars = type.type().kind() == io.milink.simulator.engine.SqlTypeKind.NVARCHAR
                        || type.type().kind() == io.milink.simulator.engine.SqlTypeKind.VARCHAR;
                if (toChars && (style.equals("1") || style.equals("2"))) {
                    // CONVERT(varchar, binary, 1) gives '0x' + upper-case hex; style 2 drops the prefix
                    // (Microsoft Learn, CAST and CONVERT, "Binary styles").
                    out.append("CAST(").append(style.equals("1") ? "'0x' || " : "").append("UPPER(RAWTOHEX(").append(value)
                            .append(")) AS ").append(type.h2()).append(") ");
                } else {
                    out.append("CAST(").append(value).append(" AS ").append(type.h2()).append(") ");
                }
                return next;
            }
            case "IIF" -> {
                if (args.size() != 3) {
                    throw TsqlException.batch(174, "iif", 3);
                }
                out.append("CASE WHEN ").append(sub(args.get(0), depth)).append(" THEN ").append(sub(args.get(1), depth))
                        .append(" ELSE ").append(sub(args.get(2), depth)).append(" END ");
                return next;
            }
            case "ISNULL" -> {
                if (args.size() != 2) {
                    throw TsqlException.batch(174, "isnull", 2);
                }
                out.append("COALESCE(").append(sub(args.get(0), depth)).append(", ").append(sub(args.get(1), depth)).append(") ");
                return next;
            }
            case "SUM" -> {
                String resultType = args.size() == 1 && !tokens.get(next).isWord("OVER") ? sumType(args.get(0)) : null;
                StringBuilder inner = new StringBuilder();
                emit(open, close + 1, inner, depth);
                out.append(resultType == null ? "SUM" + inner : "CAST(SUM" + inner + " AS " + resultType + ") ");
                return next;
            }
            case "COUNT", "COUNT_BIG" -> {
                // SQL Server's COUNT is int; H2's is bigint.
                StringBuilder inner = new StringBuilder();
                emit(open, close + 1, inner, depth);
                out.append(up.equals("COUNT") ? "CAST(COUNT" + inner + " AS INTEGER) " : "COUNT" + inner);
                return next;
            }
            case "SERVERPROPERTY" -> {
                String property = args.size() == 1 ? constantString(args.get(0), "SERVERPROPERTY") : null;
                SqlVariant v = property == null ? null : ctx.server().property(property);
                out.append(variantLiteral(v)).append(' ');
                return next;
            }
            case "IS_SRVROLEMEMBER" -> {
                String role = args.isEmpty() ? null : constantString(args.get(0), "IS_SRVROLEMEMBER");
                Integer result;
                if (role == null) {
                    result = null;
                } else if (Set.of("sysadmin", "serveradmin", "securityadmin", "processadmin", "setupadmin",
                        "bulkadmin", "diskadmin", "dbcreator").contains(role.toLowerCase(Locale.ROOT))) {
                    result = ctx.sysadmin() ? 1 : 0;
                } else if (role.equalsIgnoreCase("public")) {
                    result = 1;
                } else {
                    result = null;
                }
                out.append(result == null ? "CAST(NULL AS INTEGER) " : result + " ");
                return next;
            }
            case "OBJECT_ID" -> {
                String object = args.isEmpty() ? null : constantString(args.get(0), "OBJECT_ID");
                Integer id = object == null ? null : ctx.objectId(object);
                out.append(id == null ? "CAST(NULL AS INTEGER) " : "CAST(" + id + " AS INTEGER) ");
                return next;
            }
            case "DB_ID" -> {
                if (args.isEmpty()) {
                    out.append("CAST(").append(ctx.currentDatabaseId()).append(" AS SMALLINT) ");
                } else {
                    // A CASE over the (locked) state rather than a sub-query, so that DB_ID(name) also works when
                    // its argument is a column of the outer query.
                    StringBuilder c = new StringBuilder("CAST(CASE UPPER(").append(sub(args.get(0), depth)).append(")");
                    ctx.databaseNames().forEach((id, n) -> c.append(" WHEN ").append(literal(n.toUpperCase(Locale.ROOT)))
                            .append(" THEN ").append(id));
                    out.append(c).append(" END AS SMALLINT) ");
                }
                return next;
            }
            case "DB_NAME" -> {
                if (args.isEmpty()) {
                    out.append(typed(ctx.currentDatabase(), 128)).append(' ');
                } else {
                    StringBuilder c = new StringBuilder("CAST(CASE ").append(sub(args.get(0), depth));
                    ctx.databaseNames().forEach((id, n) -> c.append(" WHEN ").append(id).append(" THEN ").append(literal(n)));
                    out.append(c).append(" END AS VARCHAR(128)) ");
                }
                return next;
            }
            case "CERT_ID" -> {
                if (args.size() != 1) {
                    throw TsqlException.batch(174, "cert_id", 1);
                }
                if (ctx.certificateNames().isEmpty()) {
                    // No certificate to match: a CASE needs at least one WHEN, and the answer is NULL anyway.
                    out.append("CAST(NULL AS INTEGER) ");
                    return next;
                }
                StringBuilder c = new StringBuilder("CAST(CASE UPPER(").append(sub(args.get(0), depth)).append(")");
                ctx.certificateNames().forEach((id, n) -> c.append(" WHEN ").append(literal(n.toUpperCase(Locale.ROOT)))
                        .append(" THEN ").append(id));
                out.append(c).append(" ELSE NULL END AS INTEGER) ");
                return next;
            }
            case "CERTENCODED" -> {
                if (args.size() != 1) {
                    throw TsqlException.batch(174, "certencoded", 1);
                }
                if (ctx.certificateNames().isEmpty()) {
                    out.append("CAST(NULL AS VARBINARY(1000000000)) ");
                    return next;
                }
                StringBuilder c = new StringBuilder("CAST(CASE ").append(sub(args.get(0), depth));
                ctx.certificateNames().keySet().forEach(id -> c.append(" WHEN ").append(id).append(" THEN X'")
                        .append(hex(ctx.certificateDer(id))).append("'"));
                out.append(c).append(" ELSE NULL END AS VARBINARY(1000000000)) ");
                return next;
            }
            case "SUSER_SNAME", "SUSER_NAME", "ORIGINAL_LOGIN" -> {
                out.append(typed(ctx.loginName(), 128)).append(' ');
                return next;
            }
            case "USER_NAME" -> {
                out.append(typed(ctx.sysadmin() ? "dbo" : ctx.loginName(), 128)).append(' ');
                return next;
            }
            case "HOST_NAME" -> {
                out.append(typed(ctx.clientHost(), 128)).append(' ');
                return next;
            }
            case "APP_NAME" -> {
                out.append(typed(ctx.appName(), 128)).append(' ');
                return next;
            }
            case "GETDATE" -> {
                out.append(now(3)).append(' ');
                return next;
            }
            case "GETUTCDATE" -> {
                out.append(now(3)).append(' ');
                return next;
            }
            case "SYSDATETIME", "SYSUTCDATETIME" -> {
                out.append(now(7)).append(' ');
                return next;
            }
            case "DATALENGTH" -> {
                out.append("CAST(OCTET_LENGTH(").append(sub(args.get(0), depth)).append(") AS INTEGER) ");
                return next;
            }
            case "DATEDIFF", "DATEADD", "DATEPART" -> {
                // The first argument is a date part keyword (day, dd, month…), not a column.
                if (args.isEmpty() || !tokens.get(args.get(0)[0]).isIdentifier()) {
                    throw TsqlException.batch(174, up.toLowerCase(Locale.ROOT), up.equals("DATEPART") ? 2 : 3);
                }
                boolean toInt = !up.equals("DATEADD");
                out.append(toInt ? "CAST(" : "").append(up).append("(")
                        .append(tokens.get(args.get(0)[0]).value().toUpperCase(Locale.ROOT));
                for (int a = 1; a < args.size(); a++) {
                    out.append(", ").append(sub(args.get(a), depth));
                }
                out.append(toInt ? ") AS INTEGER) " : ") ");
                return next;
            }
            default -> {
                if (!PASS_THROUGH.contains(up)) {
                    throw TsqlException.batch(195, name.text(), "built-in function name");
                }
                // These return int in SQL Server but bigint in H2.
                boolean toInt = Set.of("LEN", "CHARINDEX", "YEAR", "MONTH", "DAY", "PATINDEX").contains(up);
                out.append(toInt ? "CAST(" : "").append(up);
                out.append("( ");
                emit(open + 1, close, out, Math.min(depth + 1, inFrom.length - 1));
                out.append(toInt ? ") AS INTEGER) " : ") ");
                return next;
            }
        }
    }

    /**
     * The twin's clock is UTC: GETDATE() and GETUTCDATE() agree. It is the link world's clock, so a server in a
     * simulated world tells the simulated time its DMVs and backup history are dated in.
     */
    private String now(int scale) {
        LocalDateTime now = LocalDateTime.ofInstant(ctx.now(), ZoneOffset.UTC);
        return "CAST(TIMESTAMP '" + now.toString().replace('T', ' ') + "' AS TIMESTAMP(" + scale + "))";
    }

    private static String variantLiteral(SqlVariant v) {
        if (v == null) {
            return "CAST(NULL AS VARCHAR(128))";
        }
        return switch (v.baseType().kind()) {
            case INT -> "CAST(" + v.value() + " AS INTEGER)";
            default -> typed(v.value().toString(), 128);
        };
    }

    private String systemVariable(Token t) {
        String name = t.text().substring(2).toUpperCase(Locale.ROOT);
        return switch (name) {
            case "VERSION" -> typed(ctx.server().versionText(), 300);
            case "SERVERNAME" -> typed(ctx.server().serverName(), 128);
            case "SERVICENAME" -> typed(ctx.server().serviceInstanceName(), 128);
            case "SPID" -> "CAST(" + ctx.spid() + " AS SMALLINT)";
            case "TRANCOUNT" -> "CAST(" + ctx.trancount() + " AS INTEGER)";
            case "ROWCOUNT" -> "CAST(" + ctx.rowcount() + " AS INTEGER)";
            case "ERROR" -> "CAST(" + ctx.lastError() + " AS INTEGER)";
            case "LANGUAGE" -> typed(ctx.language(), 128);
            case "LANGID" -> "CAST(0 AS SMALLINT)";
            case "MAX_CONNECTIONS" -> "CAST(32767 AS INTEGER)";
            case "DATEFIRST" -> "CAST(7 AS NUMERIC(3,0))";
            case "LOCK_TIMEOUT" -> "CAST(-1 AS INTEGER)";
            case "NESTLEVEL", "PROCID" -> "CAST(0 AS INTEGER)";
            case "IDENTITY" -> "CAST(NULL AS NUMERIC(38,0))";
            case "TEXTSIZE" -> "CAST(2147483647 AS INTEGER)";
            case "MICROSOFTVERSION" -> "CAST(" + (ctx.server().majorVersion() << 24) + " AS INTEGER)";
            default -> throw TsqlException.batch(137, t.text());
        };
    }

    /** Hex digits of a byte array, for messages. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
