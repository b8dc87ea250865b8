package io.milink.preflight.inventory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads back what a DBA's own run of the inventory batch printed, for a SQL Server milink cannot reach:
 * {@code sqlcmd -i inventory.sql -o inventory.txt -W -s "|" -k1}.
 *
 * <p>The format is sqlcmd's, as its documentation describes it (Microsoft Learn, "sqlcmd utility",
 * https://learn.microsoft.com/sql/tools/sqlcmd/sqlcmd-utility): each result set is a line of column names
 * (headings are printed once per result set unless {@code -h} says otherwise), a line of dashes, then one line
 * per row with the columns separated by the {@code -s} character; "When multiple results are returned, sqlcmd
 * prints a blank line between each result set in a batch". {@code -W} removes trailing spaces from columns (without
 * it the columns are padded, which this reader also accepts), {@code -k1} replaces control characters such as the
 * new lines of {@code @@VERSION} with a space, so that every row is one line. A NULL prints as {@code NULL}.
 * The batch starts with {@code SET NOCOUNT ON}, so no "(n rows affected)" lines appear; they are skipped anyway.
 * An error message sqlcmd wrote into the file ({@code Msg 208, Level 16, State 1, ...}) makes the whole file
 * unusable, as it would make the live inventory fail.
 */
public final class SqlcmdResults {

    /** The first column of every result set of {@link InventoryBatch}. */
    private static final List<String> FIRST_COLUMNS = List.of("section", "TraceFlag", "certificateid");
    private static final Pattern ROWS_AFFECTED = Pattern.compile("\\(\\d+ rows? affected\\)");
    private static final Pattern SERVER_MESSAGE = Pattern.compile("Msg \\d+, Level \\d+, State \\d+.*");

    private SqlcmdResults() {
    }

    /**
     * The text of a results file: UTF-16 when it starts with a byte-order mark (sqlcmd {@code -u}), else UTF-8
     * (an ASCII code page reads the same for everything the inventory prints but names).
     */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The result sets in the text.
     *
     * @throws IllegalArgumentException with the line number and what to do, when the text is not a sqlcmd run of
     *                                  the inventory batch
     */
    public static List<InventoryResult> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        char separator = 0;
        List<InventoryResult> results = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank() || ROWS_AFFECTED.matcher(line.trim()).matches()) {
                i++;
                continue;
            }
            if (SERVER_MESSAGE.matcher(line.trim()).matches()) {
                String message = i + 1 < lines.length ? lines[i + 1].trim() : "";
                throw new IllegalArgumentException("line " + (i + 1) + ": the batch reported an error (" + line.trim()
                        + ": " + message + "); fix it and run the inventory again");
            }
            if (separator == 0) {
                separator = separatorOf(line, i + 1);
            }
            List<String> columns = split(line, separator).stream().map(String::trim).toList();
            i++;
            if (i >= lines.length || !isDashes(lines[i], separator)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected the line of dashes under the "
                        + "column names of '" + abbreviate(line) + "'; run sqlcmd with column headings (no -h -1)");
            }
            i++;
            List<InventoryRow> rows = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) {
                if (ROWS_AFFECTED.matcher(lines[i].trim()).matches()) {
                    i++;
                    continue;
                }
                if (lines[i].equals(line) && i + 1 < lines.length && isDashes(lines[i + 1], separator)) {
                    // -h N repeats the headings every N rows.
                    i += 2;
                    continue;
                }
                List<String> fields = split(lines[i], separator);
                if (fields.size() != columns.size()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": " + fields.size() + " values for "
                            + columns.size() + " columns; a value holds a line break (run sqlcmd with -k1) or the "
                            + "separator '" + separator + "' (choose another with -s)");
                }
                Map<String, Object> row = new HashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    String value = fields.get(c).trim();
                    row.put(columns.get(c).toLowerCase(Locale.ROOT), value.equals("NULL") ? null : value);
                }
                rows.add(new InventoryRow(row));
                i++;
            }
            results.add(new InventoryResult(columns, rows));
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no result sets found; run the batch from 'milink preflight "
                    + "--print-inventory-sql' with sqlcmd -W -s \"|\" -k1 -o FILE");
        }
        return results;
    }

    /** The -s character: what follows the first column name of the first heading line. */
    private static char separatorOf(String header, int lineNumber) {
        for (String first : FIRST_COLUMNS) {
            if (header.regionMatches(true, 0, first, 0, first.length()) && header.length() > first.length()) {
                char separator = header.charAt(first.length());
                if (separator == ' ') {
                    int next = first.length();
                    while (next < header.length() && header.charAt(next) == ' ') {
                        next++;
                    }
                    if (next < header.length() && header.charAt(next) != ' '
                            && !Character.isLetterOrDigit(header.charAt(next)) && header.charAt(next) != '_') {
                        return header.charAt(next);
                    }
                    throw new IllegalArgumentException("line " + lineNumber + ": the columns are separated by "
                            + "spaces; run sqlcmd with a column separator, e.g. -s \"|\"");
                }
                return separator;
            }
        }
        throw new IllegalArgumentException("line " + lineNumber + ": '" + abbreviate(header) + "' is not the start "
                + "of the inventory's output; run the batch from 'milink preflight --print-inventory-sql' unchanged");
    }

    private static boolean isDashes(String line, char separator) {
        boolean dash = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '-') {
                dash = true;
            } else if (c != separator && c != ' ') {
                return false;
            }
        }
        return dash;
    }

    private static List<String> split(String line, char separator) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < line.length(); k++) {
            if (line.charAt(k) == separator) {
                fields.add(line.substring(start, k));
                start = k + 1;
            }
        }
        fields.add(line.substring(start));
        return fields;
    }

    private static String abbreviate(String line) {
        String trimmed = line.strip();
        return trimmed.length() <= 40 ? trimmed : trimmed.substring(0, 40) + "...";
    }
}
