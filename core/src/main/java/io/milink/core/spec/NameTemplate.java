package io.milink.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One name of the spec's {@code names:} section as written: a literal, or a template with {@code {database}} (the
 * database's name) or, for the certificate, {@code {server}} (@@SERVERNAME). Checked when it is made, so a spec
 * that loads only holds names that can be resolved; resolving it is deterministic, so the same spec names the same
 * objects on every run (monitoring and failover find what creation made).
 */
final class NameTemplate {

    static final String DATABASE = "database";
    static final String SERVER = "server";

    /** SQL Server's sysname: nvarchar(128), counted in UTF-16 units, as Java's String.length() counts. */
    static final int MAX_LENGTH = 128;

    /**
     * ARM's rule for distributedAvailabilityGroupName, 1-128 characters (DistributedAvailabilityGroups.json
     * 2025-01-01). ARM's regex dialect may read \w as Unicode; milink keeps to ASCII, which every dialect accepts
     * ({@link #armCharacter}, {@link #armFirstCharacter}).
     */
    static final String ARM_RULE = "ARM's pattern ^[#a-zA-Z_][\\w@#$]*$, 1-128 characters: ASCII letters, digits, "
            + "_, @, # and $, starting with a letter, _ or #";

    /** The hash suffix of a sanitized name: '_' and 8 hex digits. */
    private static final int SUFFIX_LENGTH = 9;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    /** Which rule the resolved name must keep. */
    enum Rule {
        /** A SQL Server name: any characters (always quoted), at most 128 of them. */
        SYSNAME,
        /** A name ARM receives: {@link #ARM_RULE}; what a database name brings in is sanitized. */
        ARM
    }

    private final String field;
    private final String text;
    private final String defaultText;
    private final boolean written;
    private final Rule rule;
    private final String placeholder;

    /**
     * @param field       the field's path for messages, e.g. {@code names.availabilityGroup}
     * @param written     what the spec says; null when it says nothing (the default's faults are then the database
     *                    name's, not the user's)
     * @param defaultText milink's name when the spec says nothing
     * @param placeholder the one placeholder allowed here ({@link #DATABASE}, {@link #SERVER}), or null for none
     * @param noPlaceholder why a placeholder is not allowed here (the endpoint is one per SQL Server), when
     *                      {@code placeholder} is null
     */
    NameTemplate(String field, String written, String defaultText, Rule rule, String placeholder,
                 String noPlaceholder) {
        this.field = field;
        this.text = written == null ? defaultText : written;
        this.defaultText = defaultText;
        this.written = written != null;
        this.rule = rule;
        this.placeholder = placeholder;
        if (text.isBlank()) {
            throw new SpecException(field + ": expected a name");
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals(placeholder)) {
                continue;
            }
            if (placeholder == null) {
                throw new SpecException(field + ": '" + text + "': takes no placeholder; " + noPlaceholder);
            }
            String why = name.equals(SERVER) ? "{server} is only for names.certificate"
                    : name.equals(DATABASE)
                    ? "{database} is not for names.certificate: SQL Server has one link certificate for all its links"
                    : "{" + name + "} is not a placeholder milink knows";
            String use = "use {" + placeholder + "} (" + (placeholder.equals(DATABASE) ? "the database's name"
                    : "@@SERVERNAME, with \\ replaced by _") + ")";
            throw new SpecException(field + ": '" + text + "': " + why + "; " + use);
        }
        String fixed = PLACEHOLDER.matcher(text).replaceAll("");
        if (fixed.length() > MAX_LENGTH) {
            throw new SpecException(field + ": '" + text + "' is " + fixed.length() + " characters without its "
                    + "placeholders; names are at most " + MAX_LENGTH + ": shorten it");
        }
        if (rule == Rule.ARM) {
            checkArmText(fixed);
        }
    }

    /** The user's own text must keep ARM's rule: milink sanitizes only what a database name brings in. */
    private void checkArmText(String fixed) {
        int bad = fixed.codePoints().filter(c -> !armCharacter(c)).findFirst().orElse(-1);
        if (bad >= 0) {
            throw new SpecException(field + ": '" + text + "' has '" + Character.toString(bad) + "', which "
                    + ARM_RULE + " does not allow; milink never changes a name you wrote: choose another");
        }
        if (!text.startsWith("{" + placeholder + "}") && !armFirstCharacter(text.charAt(0))) {
            throw new SpecException(field + ": '" + text + "' starts with '" + text.charAt(0) + "'; " + ARM_RULE
                    + ": start it with one of those");
        }
    }

    /** True when the name has the placeholder, so it differs per database (or per server). */
    boolean templated() {
        return placeholder != null && text.contains("{" + placeholder + "}");
    }

    String text() {
        return text;
    }

    String defaultText() {
        return defaultText;
    }

    String field() {
        return field;
    }

    /**
     * The name for one database (or server): the placeholder replaced, then the rule kept. A SQL Server name longer
     * than 128 characters is an error; an ARM name is sanitized (see {@link #sanitize}).
     */
    String resolve(String value) {
        String name = templated() ? text.replace("{" + placeholder + "}", value) : text;
        if (rule == Rule.ARM) {
            return sanitize(name, value);
        }
        if (name.length() > MAX_LENGTH) {
            String setting = written ? "shorten " + field : "set " + field + " (default " + text + ")";
            throw new SpecException(field + ": '" + name + "' (for " + placeholder + " '" + value + "') is "
                    + name.length() + " characters; SQL Server names are at most " + MAX_LENGTH + ": " + setting
                    + ", e.g. to \"{" + placeholder + "}\"");
        }
        return name;
    }

    /**
     * Keeps ARM's rule for a name whose database part breaks it ({@code Sales-EU}, {@code a]; DROP DATABASE x--},
     * Unicode): every other character becomes '_', a leading character ARM does not allow gets a '_' before it, and
     * when anything changed (or the name is too long) '_' and the first 8 hex digits of the database name's SHA-256
     * are appended, so that {@code Sales-EU} and {@code Sales_EU} never get the same name; a name over 128
     * characters is cut to leave room for that suffix. A name that keeps the rule is left as it is.
     */
    static String sanitize(String name, String database) {
        StringBuilder out = new StringBuilder(name.length());
        boolean changed = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (armCharacter(c)) {
                out.append((char) c);
            } else {
                out.append('_');
                changed = true;
            }
        }
        if (!armFirstCharacter(out.charAt(0))) {
            out.insert(0, '_');
            changed = true;
        }
        if (!changed && out.length() <= MAX_LENGTH) {
            return out.toString();
        }
        if (out.length() > MAX_LENGTH - SUFFIX_LENGTH) {
            out.setLength(MAX_LENGTH - SUFFIX_LENGTH);
        }
        return out.append('_').append(hash8(database)).toString();
    }

    /** The first 8 hex digits of SHA-256 of the UTF-8 text. */
    static String hash8(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final Set<Character> ARM_SYMBOLS = Set.of('_', '@', '#', '$');

    private static boolean armCharacter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || (c < 128 && ARM_SYMBOLS.contains((char) c));
    }

    private static boolean armFirstCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '#';
    }
}
