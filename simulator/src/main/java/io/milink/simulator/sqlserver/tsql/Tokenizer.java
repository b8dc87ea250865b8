package io.milink.simulator.sqlserver.tsql;

import java.util.ArrayList;
import java.util.List;

import io.milink.simulator.sqlserver.TsqlException;

/**
 * Splits T-SQL text into tokens: {@code [br]]acketed]} and {@code "quoted"} identifiers, {@code N'…'} and
 * {@code 'it''s'} literals, {@code --} and nested {@code /* *}{@code /} comments, {@code 0x…} binaries, {@code @x}
 * and {@code @@X}. Comments and white space are dropped.
 */
public final class Tokenizer {

    private final String sql;
    private int pos;
    private int line = 1;

    private Tokenizer(String sql) {
        this.sql = sql;
    }

    public static List<Token> tokenize(String sql) {
        return new Tokenizer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                tokens.add(new Token(Token.Type.EOF, "", "", line, pos, pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < sql.length() && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                // T-SQL block comments nest.
                int depth = 0;
                while (true) {
                    if (pos >= sql.length()) {
                        throw TsqlException.compile(113).atLine(line);
                    }
                    if (sql.charAt(pos) == '/' && peek(1) == '*') {
                        depth++;
                        pos += 2;
                    } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
                        depth--;
                        pos += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        if (sql.charAt(pos) == '\n') {
                            line++;
                        }
                        pos++;
                    }
                }
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < sql.length() ? sql.charAt(p) : '\0';
    }

    private Token next() {
        int start = pos;
        int startLine = line;
        char c = sql.charAt(pos);
        if ((c == 'N' || c == 'n') && peek(1) == '\'') {
            pos++;
            String value = quoted('\'', start, startLine);
            return new Token(Token.Type.STRING, sql.substring(start, pos), value, startLine, start, pos);
        }
        if (c == '\'') {
            String value = quoted('\'', start, startLine);
            return new Token(Token.Type.STRING, sql.substring(start, pos), value, startLine, start, pos);
        }
        if (c == '[') {
            String value = quoted(']', start, startLine);
            return new Token(Token.Type.QUOTED_IDENT, sql.substring(start, pos), value, startLine, start, pos);
        }
        if (c == '"') {
            String value = quoted('"', start, startLine);
            return new Token(Token.Type.QUOTED_IDENT, sql.substring(start, pos), value, startLine, start, pos);
        }
        if (c == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
            pos += 2;
            while (pos < sql.length() && Character.digit(sql.charAt(pos), 16) >= 0) {
                pos++;
            }
            String text = sql.substring(start, pos);
            return new Token(Token.Type.BINARY, text, text.substring(2), startLine, start, pos);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            while (pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')
                    && (Character.isDigit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && Character.isDigit(peek(2))))) {
                pos += 2;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            }
            String text = sql.substring(start, pos);
            return new Token(Token.Type.NUMBER, text, text, startLine, start, pos);
        }
        if (c == '@') {
            boolean system = peek(1) == '@';
            pos += system ? 2 : 1;
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String text = sql.substring(start, pos);
            return new Token(system ? Token.Type.SYSTEM_VARIABLE : Token.Type.VARIABLE, text, text, startLine, start, pos);
        }
        if (isWordStart(c)) {
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String text = sql.substring(start, pos);
            return new Token(Token.Type.WORD, text, text, startLine, start, pos);
        }
        String two = pos + 1 < sql.length() ? sql.substring(pos, pos + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("!<")
                || two.equals("!>") || two.equals("+=") || two.equals("-=") || two.equals("::")) {
            pos += 2;
            return new Token(Token.Type.SYMBOL, two, two, startLine, start, pos);
        }
        pos++;
        String one = String.valueOf(c);
        return new Token(Token.Type.SYMBOL, one, one, startLine, start, pos);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '#';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == '$' || c == '@';
    }

    /** Reads a delimited run where the closing delimiter doubled stands for itself. */
    private String quoted(char close, int start, int startLine) {
        pos++; // opening delimiter
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                String tail = sql.substring(start);
                throw TsqlException.compile(105, tail.length() > 1 ? tail.substring(tail.indexOf(close == ']' ? '[' : close) + 1) : "")
                        .atLine(startLine);
            }
            char ch = sql.charAt(pos);
            if (ch == close) {
                if (peek(1) == close) {
                    value.append(close);
                    pos += 2;
                    continue;
                }
                pos++;
                return value.toString();
            }
            if (ch == '\n') {
                line++;
            }
            value.append(ch);
            pos++;
        }
    }
}
