package io.milink.preflight.inventory;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * One row of an inventory result set, whichever way it arrived: typed values read through mssql-jdbc, or the text
 * sqlcmd printed for them ({@link SqlcmdResults}). Column names are case-insensitive; a missing column reads as
 * NULL, which is how a column that only newer versions have (e.g. {@code is_accelerated_database_recovery_on}) is
 * absent on older ones. A value that cannot be read as the type asked for is an {@link IllegalArgumentException}.
 */
public final class InventoryRow {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** sqlcmd prints datetime as {@code 2026-11-20 01:00:00.000}; datetime2 may carry up to seven digits. */
    private static final DateTimeFormatter TEXT_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final Map<String, Object> values;

    /** @param values by lower-case column name; a value is a JDBC object, or a String from text, or null */
    InventoryRow(Map<String, Object> values) {
        this.values = values;
    }

    Object raw(String column) {
        return values.get(column.toLowerCase(Locale.ROOT));
    }

    String string(String column) {
        Object value = raw(column);
        return value == null ? null : value.toString();
    }

    /** A value the inventory cannot do without (a name that keys other rows): NULL is a malformed answer. */
    String requiredString(String column) {
        String value = string(column);
        if (value == null) {
            throw new IllegalArgumentException("column " + column + " is NULL or missing");
        }
        return value;
    }

    Integer integer(String column) {
        Long value = longValue(column);
        return value == null ? null : Math.toIntExact(value);
    }

    int intOrZero(String column) {
        Integer value = integer(column);
        return value == null ? 0 : value;
    }

    Long longValue(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + column + ": '" + value + "' is not a number", e);
        }
    }

    /** bit: 1/0 (text or number) or a Boolean; NULL is false. */
    boolean bool(String column) {
        Object value = raw(column);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        Long number = longValue(column);
        return number != null && number != 0;
    }

    LocalDateTime dateTime(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof LocalDateTime t) {
            return t;
        }
        try {
            return LocalDateTime.parse(value.toString().trim(), TEXT_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("column " + column + ": '" + value + "' is not a date and time "
                    + "(expected yyyy-mm-dd hh:mm:ss.fff)", e);
        }
    }

    /** varbinary as upper-case hex without a prefix; sqlcmd prints it as {@code 0x3082...}. */
    String hex(String column) {
        Object value = raw(column);
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return HEX.formatHex(bytes);
        }
        String text = value.toString().trim();
        if (text.startsWith("0x") || text.startsWith("0X")) {
            text = text.substring(2);
        }
        try {
            return HEX.formatHex(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + column + ": not hexadecimal binary data", e);
        }
    }
}
