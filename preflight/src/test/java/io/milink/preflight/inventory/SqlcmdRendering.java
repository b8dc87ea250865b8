package io.milink.preflight.inventory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders the result sets a server really returned the way the sqlcmd documentation describes its output
 * (Microsoft Learn, "sqlcmd utility": headings once per result set, a line of dashes, the {@code -s} separator
 * between columns, {@code -W} trims trailing spaces, {@code -k1} turns control characters into a space, a blank line
 * between result sets; NULL printed as NULL). Binary prints as 0x-prefixed hex and datetime as
 * {@code yyyy-mm-dd hh:mi:ss.mmm}, as sqlcmd shows them. Test-only: it is what a DBA's sqlcmd run hands back.
 */
final class SqlcmdRendering {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private SqlcmdRendering() {
    }

    /**
     * Runs {@code batch} and renders every result set.
     *
     * @param trimmed true for {@code -W}; false pads every column to its widest value, as sqlcmd does without it
     */
    static String run(Connection connection, String batch, char separator, boolean trimmed) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(batch);
            boolean first = true;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = statement.getResultSet()) {
                        if (!first) {
                            out.append('\n');
                        }
                        first = false;
                        render(rs, separator, trimmed, out);
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = statement.getMoreResults();
            }
        }
        return out.toString();
    }

    private static void render(ResultSet rs, char separator, boolean trimmed, StringBuilder out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[n];
        boolean[] numeric = new boolean[n];
        for (int c = 1; c <= n; c++) {
            header[c - 1] = meta.getColumnLabel(c);
            numeric[c - 1] = Number.class.isAssignableFrom(classOf(meta.getColumnClassName(c)));
        }
        while (rs.next()) {
            String[] row = new String[n];
            for (int c = 1; c <= n; c++) {
                row[c - 1] = text(rs.getObject(c));
            }
            lines.add(row);
        }
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = header[c].length();
            for (String[] row : lines) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        String[] dashes = new String[n];
        for (int c = 0; c < n; c++) {
            dashes[c] = "-".repeat(trimmed ? header[c].length() : width[c]);
        }
        line(header, width, new boolean[n], separator, trimmed, out);
        line(dashes, width, new boolean[n], separator, trimmed, out);
        for (String[] row : lines) {
            line(row, width, numeric, separator, trimmed, out);
        }
    }

    private static void line(String[] values, int[] width, boolean[] rightAligned, char separator, boolean trimmed,
                             StringBuilder out) {
        for (int c = 0; c < values.length; c++) {
            if (c > 0) {
                out.append(separator);
            }
            String value = values[c];
            if (trimmed) {
                out.append(value.stripTrailing());
            } else if (rightAligned[c]) {
                out.append(" ".repeat(width[c] - value.length())).append(value);
            } else {
                out.append(value).append(" ".repeat(width[c] - value.length()));
            }
        }
        out.append('\n');
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().withUpperCase().formatHex(bytes);
        }
        if (value instanceof Timestamp t) {
            return DATE_TIME.format(t.toLocalDateTime());
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        // -k1: every control character (the new lines and tabs of @@VERSION) becomes one space.
        return value.toString().replaceAll("\\p{Cntrl}", " ");
    }

    private static Class<?> classOf(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return Object.class;
        }
    }
}
