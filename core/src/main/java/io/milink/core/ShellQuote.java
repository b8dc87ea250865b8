package io.milink.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The only way milink puts a name into a command line it prints for the user to run (az CLI, PowerShell), as
 * {@link Tsql} is for T-SQL. Azure resource group names may hold parentheses, periods and other characters a shell
 * gives meaning to, so a name that is not plainly safe is single-quoted, which both shells take literally. Names made
 * only of letters, digits and {@code _ . / : -} stay bare, so ordinary commands read as people write them.
 */
public final class ShellQuote {

    /** Characters neither bash nor PowerShell treats specially inside a bare word. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:][A-Za-z0-9_./:-]*");
    /** PowerShell takes the typographic single quotes as quotes too (about_Quoting_Rules). */
    private static final Pattern POWERSHELL_QUOTES = Pattern.compile("(['\u2018\u2019\u201A\u201B])");

    private ShellQuote() {
    }

    /**
     * One word for bash or sh (the az CLI's usual shell): inside single quotes nothing is special, and a single quote
     * itself is written by closing the quotes, adding an escaped quote and reopening ({@code 'it'\''s'}).
     */
    public static String bash(String word) {
        Objects.requireNonNull(word, "word");
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * One word for PowerShell: inside single quotes nothing expands ({@code $x} stays text), and a quote is doubled
     * (about_Quoting_Rules, "Single-quoted strings").
     */
    public static String powershell(String word) {
        Objects.requireNonNull(word, "word");
        return PLAIN.matcher(word).matches() ? word : "'" + POWERSHELL_QUOTES.matcher(word).replaceAll("$1$1") + "'";
    }
}
