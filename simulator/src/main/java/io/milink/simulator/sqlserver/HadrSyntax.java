package io.milink.simulator.sqlserver;

import java.util.Locale;

import io.milink.simulator.sqlserver.tsql.Token;

/**
 * A cursor over one statement's tokens for the endpoint and availability group statements: each method reads what
 * the grammar expects next or fails with SQL Server's 102 near the token it found (near the statement's last token
 * when the statement ended too early).
 */
final class HadrSyntax {

    private final InstanceSession session;
    private final int to;
    int at;

    HadrSyntax(InstanceSession session, int from, int to) {
        this.session = session;
        this.at = from;
        this.to = to;
    }

    Token peek() {
        return at < to ? session.token(at) : session.token(to);
    }

    Token peek(int ahead) {
        return at + ahead < to ? session.token(at + ahead) : session.token(to);
    }

    boolean atEnd() {
        return at >= to;
    }

    TsqlException unexpected() {
        if (atEnd()) {
            // The statement ended too early: SQL Server names the last token it read.
            return TsqlException.syntaxNear(session.token(to - 1).text());
        }
        return TsqlException.syntaxNear(peek().text());
    }

    boolean isWord(String word) {
        return !atEnd() && peek().isWord(word);
    }

    boolean isSymbol(String symbol) {
        return !atEnd() && peek().isSymbol(symbol);
    }

    /** Consumes the word if it is next. */
    boolean acceptWord(String word) {
        if (isWord(word)) {
            at++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (isSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    void word(String word) {
        if (!acceptWord(word)) {
            throw unexpected();
        }
    }

    void symbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw unexpected();
        }
    }

    /** A keyword: the next word, upper case. */
    String keyword() {
        if (atEnd() || peek().type() != Token.Type.WORD) {
            throw unexpected();
        }
        return session.token(at++).upper();
    }

    /** One of {@code allowed}, upper case. */
    String oneOf(String... allowed) {
        if (!atEnd() && peek().type() == Token.Type.WORD) {
            String w = peek().upper();
            for (String a : allowed) {
                if (a.equals(w)) {
                    at++;
                    return w;
                }
            }
        }
        throw unexpected();
    }

    /** An identifier: a word or [bracketed]/"quoted" name, as its value. */
    String identifier() {
        if (atEnd() || !peek().isIdentifier()) {
            throw unexpected();
        }
        return session.token(at++).value();
    }

    /** A name written as a string literal (N'…' or '…') or as an identifier. */
    String name() {
        if (!atEnd() && peek().type() == Token.Type.STRING) {
            return session.token(at++).value();
        }
        return identifier();
    }

    String string() {
        if (atEnd() || peek().type() != Token.Type.STRING) {
            throw unexpected();
        }
        return session.token(at++).value();
    }

    long number() {
        if (atEnd() || peek().type() != Token.Type.NUMBER || peek().text().contains(".")) {
            throw unexpected();
        }
        try {
            return Long.parseLong(session.token(at++).text());
        } catch (NumberFormatException e) {
            throw TsqlException.syntaxNear(session.token(at - 1).text());
        }
    }

    /** {@code KEY =}: the option word (upper case) after checking the '=' that follows it. */
    String optionName() {
        String k = keyword();
        symbol("=");
        return k;
    }

    /** Everything between '(' and its ')' as written, without spaces (an IP address such as 10.0.75.1). */
    String parenthesizedText() {
        symbol("(");
        StringBuilder sb = new StringBuilder();
        while (!isSymbol(")")) {
            if (atEnd()) {
                throw unexpected();
            }
            Token t = session.token(at++);
            sb.append(t.type() == Token.Type.STRING ? t.value() : t.text());
        }
        at++;
        return sb.toString();
    }

    /** Skips a balanced '(' … ')' group (options the twin reads but does not keep). */
    void skipParenthesized() {
        symbol("(");
        int depth = 1;
        while (depth > 0) {
            if (atEnd()) {
                throw unexpected();
            }
            Token t = session.token(at++);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
        }
    }

    void end() {
        if (!atEnd()) {
            throw unexpected();
        }
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
