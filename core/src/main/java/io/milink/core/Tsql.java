package io.milink.core;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The only way milink puts a name or a value into T-SQL text. Every identifier goes through
 * {@link #quoteName(String)} and every literal through {@link #literal(String)} (or is bound as a parameter), so
 * that a database called {@code a]; DROP DATABASE x--} reaches SQL Server as a name and nothing else.
 */
public final class Tsql {

    /** {@code sysname} is nvarchar(128): SQL Server rejects longer identifiers, and QUOTENAME returns NULL. */
    public static final int MAX_IDENTIFIER_LENGTH = 128;

    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private Tsql() {
    }

    /**
     * Quotes an identifier the way SQL Server's {@code QUOTENAME(name, '[')} does: in brackets, with every
     * {@code ]} doubled.
     *
     * @throws IllegalArgumentException when the name is empty, longer than 128 characters, or holds a control
     *                                  character (none of which SQL Server accepts as a name)
     */
    public static String quoteName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an identifier cannot be empty");
        }
        if (name.length() > MAX_IDENTIFIER_LENGTH) {
            throw new IllegalArgumentException("identifier is " + name.length()
                    + " characters long; SQL Server allows at most " + MAX_IDENTIFIER_LENGTH + ": " + preview(name));
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("identifier contains control character U+"
                        + String.format("%04X", (int) name.charAt(i)) + " at position " + i + ": " + preview(name));
            }
        }
        return "[" + name.replace("]", "]]") + "]";
    }

    /**
     * Quotes a multi-part name, each part on its own: {@code quoteName("master", "sys", "certificates")} gives
     * {@code [master].[sys].[certificates]}.
     */
    public static String quoteName(String first, String... more) {
        StringBuilder out = new StringBuilder(quoteName(first));
        for (String part : more) {
            out.append('.').append(quoteName(part));
        }
        return out.toString();
    }

    /**
     * A Unicode string literal, {@code N'...'}, with every {@code '} doubled. {@code null} gives {@code NULL}.
     * The {@code N} prefix keeps characters outside the server's code page intact.
     */
    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            // SQL Server truncates literal text at NUL in some paths; refuse rather than send something else.
            throw new IllegalArgumentException("a T-SQL literal cannot contain a NUL character");
        }
        return "N'" + value.replace("'", "''") + "'";
    }

    /** An integer literal. */
    public static String literal(long value) {
        return Long.toString(value);
    }

    /** A binary literal, {@code 0x...} in upper-case hex, as SQL Server prints varbinary. Empty gives {@code 0x}. */
    public static String binaryLiteral(byte[] value) {
        Objects.requireNonNull(value, "value");
        return "0x" + UPPER_HEX.formatHex(value);
    }

    private static String preview(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
