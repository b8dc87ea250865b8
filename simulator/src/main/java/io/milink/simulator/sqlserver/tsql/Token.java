package io.milink.simulator.sqlserver.tsql;

import java.util.Locale;

/**
 * One T-SQL token. {@code text} is the source spelling; {@code value} the meaning: an identifier's name without
 * brackets or quotes, a string literal's content, a binary literal's hex digits.
 */
public record Token(Type type, String text, String value, int line, int start, int end) {

    public enum Type {
        /** A word: keyword or regular identifier. */
        WORD,
        /** {@code [bracketed]} or {@code "quoted"} identifier. */
        QUOTED_IDENT,
        /** {@code 'string'}; {@code N'…'} has {@link #national()} true. */
        STRING,
        NUMBER,
        /** {@code 0x…} */
        BINARY,
        /** {@code @name} */
        VARIABLE,
        /** {@code @@NAME} */
        SYSTEM_VARIABLE,
        /** Punctuation and operators. */
        SYMBOL,
        EOF
    }

    public boolean isWord(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENT;
    }

    public boolean national() {
        return type == Type.STRING && (text.startsWith("N") || text.startsWith("n"));
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text;
    }
}
