package io.milink.simulator.sqlserver.tsql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.milink.simulator.sqlserver.TsqlException;

/**
 * Splits a batch into statements the way SQL Server does: semicolons are optional because every statement starts
 * with a keyword ({@code set implicit_transactions off IF @@TRANCOUNT > 0 COMMIT TRAN} is two statements), and
 * {@code IF … [ELSE …]} and {@code BEGIN … END} nest. Errors found here are compile errors: nothing in the batch
 * runs. Also checks that every variable is declared before use (error 137), as SQL Server's batch compile does.
 */
public final class BatchParser {

    /** Keywords that start a statement (Microsoft Learn, Transact-SQL statements). */
    public static final Set<String> STARTERS = Set.of("SELECT", "SET", "DECLARE", "IF", "BEGIN", "USE", "PRINT",
            "RAISERROR", "THROW", "EXEC", "EXECUTE", "DBCC", "CREATE", "DROP", "ALTER", "BACKUP", "RESTORE", "WAITFOR",
            "INSERT", "UPDATE", "DELETE", "COMMIT", "ROLLBACK", "SAVE", "GRANT", "DENY", "REVOKE", "TRUNCATE", "MERGE",
            "WHILE", "RETURN", "GOTO", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "CHECKPOINT", "KILL", "SHUTDOWN",
            "RECONFIGURE", "BREAK", "CONTINUE", "ENABLE", "DISABLE", "BULK", "READTEXT", "WRITETEXT", "UPDATETEXT");

    /** Reserved words that can never start a statement: SQL Server reports 156 for them. */
    private static final Set<String> RESERVED = Set.of("FROM", "WHERE", "AND", "OR", "NOT", "ON", "AS", "ORDER",
            "GROUP", "BY", "HAVING", "UNION", "JOIN", "INTO", "VALUES", "TABLE", "ELSE", "END", "THEN", "WHEN", "CASE",
            "NULL", "IS", "IN", "LIKE", "TO", "WITH", "DATABASE", "PROCEDURE", "FUNCTION", "VIEW", "KEY", "PRIMARY",
            "FOREIGN", "CHECK", "DEFAULT", "DISTINCT", "TOP", "ALL", "ANY", "SOME", "EXISTS", "BETWEEN", "TRAN",
            "TRANSACTION", "FOR", "OF", "OUTER", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "UNIQUE", "INDEX");

    /** Statements made of one expression, after which a further word must start a new statement. */
    private static final Set<String> SINGLE_EXPRESSION = Set.of("PRINT", "USE", "WAITFOR", "THROW");

    private static final Set<String> OPERATOR_WORDS = Set.of("AND", "OR", "NOT", "LIKE", "IN", "IS", "BETWEEN",
            "COLLATE", "ESCAPE", "CASE", "WHEN", "THEN", "NULL", "EXISTS", "DELAY", "TIME");

    private static boolean endsValue(Token t) {
        return t.type() == Token.Type.STRING || t.type() == Token.Type.NUMBER || t.type() == Token.Type.BINARY
                || t.type() == Token.Type.VARIABLE || t.type() == Token.Type.SYSTEM_VARIABLE
                || t.type() == Token.Type.QUOTED_IDENT || t.isSymbol(")")
                || t.type() == Token.Type.WORD && !OPERATOR_WORDS.contains(t.upper());
    }

    private final List<Token> tokens;
    private final String sql;
    private final Set<String> declared = new HashSet<>();
    private int pos;

    private BatchParser(List<Token> tokens, String sql, Set<String> predeclared) {
        this.tokens = tokens;
        this.sql = sql;
        for (String p : predeclared) {
            declared.add(p.toLowerCase(Locale.ROOT));
        }
    }

    /** Parses a batch; {@code predeclared} are parameter names (with @) that count as declared. */
    public static List<Statement> parse(List<Token> tokens, String sql, Set<String> predeclared) {
        BatchParser p = new BatchParser(tokens, sql, predeclared);
        List<Statement> out = new ArrayList<>();
        while (true) {
            p.skipSemicolons();
            if (p.peek().type() == Token.Type.EOF) {
                return out;
            }
            out.add(p.statement(out.isEmpty()));
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private void skipSemicolons() {
        while (peek().isSymbol(";")) {
            pos++;
        }
    }

    private Statement statement(boolean firstInBatch) {
        skipSemicolons();
        Token t = peek();
        if (t.type() == Token.Type.EOF) {
            Token last = pos > 0 ? tokens.get(pos - 1) : t;
            throw TsqlException.syntaxNear(last.text()).atLine(last.line());
        }
        if (t.type() == Token.Type.WORD) {
            String up = t.upper();
            if (up.equals("IF")) {
                return ifStatement();
            }
            if (up.equals("BEGIN")) {
                Token next = tokens.get(pos + 1);
                if (next.isWord("TRY") || next.isWord("CATCH")) {
                    throw TsqlException.notSupported("BEGIN TRY / BEGIN CATCH").atLine(t.line()).asCompile();
                }
                if (!(next.isWord("TRAN") || next.isWord("TRANSACTION") || next.isWord("DISTRIBUTED"))) {
                    return block();
                }
            }
            if (STARTERS.contains(up)) {
                return leaf(up);
            }
            if (up.equals("WITH")) {
                // A statement may start with WITH: common table expressions, WITH XMLNAMESPACES (Microsoft Learn,
                // WITH common_table_expression). Elsewhere WITH belongs to the statement it is in.
                return leaf(up);
            }
            if (RESERVED.contains(up)) {
                throw TsqlException.compile(156, t.text()).atLine(t.line());
            }
            if (firstInBatch) {
                // "If the first statement in a batch is a procedure name, EXEC can be omitted" (Microsoft Learn, EXECUTE).
                return leaf("EXEC");
            }
        } else if (t.type() == Token.Type.QUOTED_IDENT && firstInBatch) {
            return leaf("EXEC");
        }
        throw TsqlException.syntaxNear(t.text()).atLine(t.line());
    }

    private Statement ifStatement() {
        Token ifToken = peek();
        pos++;
        int condFrom = pos;
        int depth = 0;
        int caseDepth = 0;
        while (true) {
            Token t = peek();
            if (t.type() == Token.Type.EOF) {
                throw TsqlException.syntaxNear(tokens.get(pos - 1).text()).atLine(t.line());
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (t.isWord("CASE")) {
                caseDepth++;
            } else if (t.isWord("END") && caseDepth > 0) {
                caseDepth--;
            } else if (depth == 0 && caseDepth == 0 && t.type() == Token.Type.WORD
                    && (STARTERS.contains(t.upper()) || t.isWord("ELSE") || t.isWord("END"))) {
                break;
            }
            pos++;
        }
        int condTo = pos;
        if (condTo == condFrom) {
            throw TsqlException.syntaxNear(peek().text()).atLine(peek().line());
        }
        checkVariables(condFrom, condTo);
        Statement then = statement(false);
        int save = pos;
        skipSemicolons();
        Statement otherwise = null;
        if (peek().isWord("ELSE")) {
            pos++;
            otherwise = statement(false);
        } else {
            pos = save;
        }
        return new Statement.If(condFrom, condTo, then, otherwise, ifToken.line());
    }

    private Statement block() {
        Token begin = peek();
        pos++;
        List<Statement> inner = new ArrayList<>();
        while (true) {
            skipSemicolons();
            if (peek().isWord("END")) {
                pos++;
                return new Statement.Block(inner, begin.line());
            }
            if (peek().type() == Token.Type.EOF) {
                throw TsqlException.syntaxNear(tokens.get(pos - 1).text()).atLine(peek().line());
            }
            inner.add(statement(false));
        }
    }

    /** Objects whose CREATE/ALTER holds a body of statements and so runs to the end of the batch. */
    private static final Set<String> BODIED = Set.of("PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "VIEW");

    private Statement leaf(String head) {
        int from = pos;
        Token first = peek();
        pos++;
        if (head.equals("CREATE") || head.equals("ALTER")) {
            int k = pos;
            if (tokens.get(k).isWord("OR") && tokens.get(k + 1).isWord("ALTER")) {
                k += 2;
            }
            if (tokens.get(k).type() == Token.Type.WORD && BODIED.contains(tokens.get(k).upper())) {
                // "CREATE PROCEDURE … AS <statements>" is the whole batch (Microsoft Learn, CREATE PROCEDURE:
                // it must be the only statement in the batch).
                while (peek().type() != Token.Type.EOF) {
                    pos++;
                }
                String text = sql.substring(first.start(), tokens.get(pos - 1).end());
                return new Statement.Leaf(head, from, pos, first.line(), text);
            }
        }
        int depth = 0;
        int caseDepth = 0;
        while (true) {
            Token t = peek();
            if (t.type() == Token.Type.EOF) {
                break;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (t.isSymbol(";") && depth == 0) {
                break;
            } else if (t.isWord("CASE")) {
                caseDepth++;
            } else if (t.isWord("END") && caseDepth > 0) {
                caseDepth--;
            } else if (depth == 0 && caseDepth == 0 && t.type() == Token.Type.WORD) {
                String up = t.upper();
                if (up.equals("ELSE") || up.equals("END")) {
                    break;
                }
                if (STARTERS.contains(up) && !continues(head, up, pos) && !availabilityGroupPermission(head, from, up)) {
                    break;
                }
                if (SINGLE_EXPRESSION.contains(head) && pos > from + 1 && endsValue(tokens.get(pos - 1))
                        && !OPERATOR_WORDS.contains(up)) {
                    // e.g. "PRINT 'x' FOO": the expression ended, so FOO starts a statement (and fails as one).
                    break;
                }
            }
            pos++;
        }
        int to = pos;
        if (head.equals("DECLARE")) {
            declare(from + 1, to);
        } else {
            checkVariables(from, to);
        }
        String text = sql.substring(first.start(), tokens.get(to - 1).end());
        return new Statement.Leaf(head, from, to, first.line(), text);
    }

    /**
     * {@code ALTER AVAILABILITY GROUP ag GRANT|DENY CREATE ANY DATABASE} is one statement (Microsoft Learn, ALTER
     * AVAILABILITY GROUP), though GRANT and DENY start statements elsewhere.
     */
    private boolean availabilityGroupPermission(String head, int from, String word) {
        if (!head.equals("ALTER") || !tokens.get(from + 1).isWord("AVAILABILITY")
                || !tokens.get(from + 2).isWord("GROUP")) {
            return false;
        }
        if (word.equals("GRANT") || word.equals("DENY")) {
            return tokens.get(pos + 1).isWord("CREATE") && tokens.get(pos + 2).isWord("ANY")
                    && tokens.get(pos + 3).isWord("DATABASE");
        }
        return word.equals("CREATE") && (tokens.get(pos - 1).isWord("GRANT") || tokens.get(pos - 1).isWord("DENY"));
    }

    /** Keywords that, after this statement's head, belong to it rather than starting the next statement. */
    private boolean continues(String head, String word, int at) {
        Token prev = tokens.get(at - 1);
        if (head.equals("WITH") && prev.isSymbol(")") && (word.equals("SELECT") || word.equals("INSERT")
                || word.equals("UPDATE") || word.equals("DELETE") || word.equals("MERGE"))) {
            // The statement the common table expressions belong to: "WITH c AS (…) SELECT …".
            return true;
        }
        if (word.equals("SELECT") && (prev.isWord("UNION") || prev.isWord("ALL") || prev.isWord("EXCEPT")
                || prev.isWord("INTERSECT") || head.equals("INSERT") || prev.isWord("FOR"))) {
            return true;
        }
        if (word.equals("SET") && (head.equals("ALTER") || head.equals("UPDATE"))) {
            return true;
        }
        if ((word.equals("OPEN") || word.equals("CLOSE") || word.equals("ENABLE") || word.equals("DISABLE"))
                && (head.equals("ALTER") || head.equals("CREATE"))) {
            return true;
        }
        if ((word.equals("EXEC") || word.equals("EXECUTE")) && head.equals("INSERT")) {
            return true; // INSERT [INTO] target EXEC proc: one statement
        }
        if (word.equals("BEGIN") && (head.equals("COMMIT") || head.equals("ROLLBACK"))) {
            return false;
        }
        if ((word.equals("DELETE") || word.equals("UPDATE") || word.equals("INSERT"))
                && (head.equals("GRANT") || head.equals("DENY") || head.equals("REVOKE") || head.equals("MERGE"))) {
            return true;
        }
        return (word.equals("EXEC") || word.equals("EXECUTE") || word.equals("SELECT") || word.equals("ALTER")
                || word.equals("CREATE") || word.equals("DROP") || word.equals("BACKUP") || word.equals("CHECKPOINT"))
                && (head.equals("GRANT") || head.equals("DENY") || head.equals("REVOKE"));
    }

    private void declare(int from, int to) {
        int i = from;
        while (i < to) {
            Token v = tokens.get(i);
            if (v.type() != Token.Type.VARIABLE) {
                throw TsqlException.syntaxNear(v.text()).atLine(v.line());
            }
            String key = v.text().toLowerCase(Locale.ROOT);
            if (declared.contains(key)) {
                throw TsqlException.compile(134, v.text()).atLine(v.line());
            }
            // The variable is in scope from its declaration on, so its own initializer cannot use it.
            int end = i + 1;
            int depth = 0;
            while (end < to && !(depth == 0 && tokens.get(end).isSymbol(","))) {
                if (tokens.get(end).isSymbol("(")) {
                    depth++;
                } else if (tokens.get(end).isSymbol(")")) {
                    depth--;
                }
                end++;
            }
            checkVariables(i + 1, end);
            declared.add(key);
            i = end + 1;
        }
    }

    private void checkVariables(int from, int to) {
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.type() != Token.Type.VARIABLE) {
                continue;
            }
            boolean namedArgument = tokens.get(i + 1).isSymbol("=") && (tokens.get(i - 1).isSymbol(",")
                    || tokens.get(i - 1).type() == Token.Type.WORD || tokens.get(i - 1).type() == Token.Type.QUOTED_IDENT)
                    && isExec(from);
            if (!namedArgument && !declared.contains(t.text().toLowerCase(Locale.ROOT))) {
                Token prev = tokens.get(i - 1);
                boolean table = prev.isWord("FROM") || prev.isWord("JOIN") || prev.isWord("INTO")
                        || prev.isWord("INSERT");
                throw TsqlException.compile(table ? 1087 : 137, t.text()).atLine(t.line());
            }
        }
    }

    private boolean isExec(int from) {
        Token t = tokens.get(from);
        return t.isWord("EXEC") || t.isWord("EXECUTE") || t.type() == Token.Type.QUOTED_IDENT
                || t.type() == Token.Type.WORD && !STARTERS.contains(t.upper());
    }
}
