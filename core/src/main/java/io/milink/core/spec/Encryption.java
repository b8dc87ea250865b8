package io.milink.core.spec;

import java.util.Locale;

/**
 * The driver's {@code encrypt} setting. STRICT is TDS 8.0 (TLS before any TDS byte), the recommendation for SQL
 * Server 2022+; TRUE is TLS negotiated inside TDS; FALSE encrypts the login only.
 */
public enum Encryption {
    FALSE, TRUE, STRICT;

    public String jdbcValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Encryption parse(String value, String where) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "false", "no", "optional" -> FALSE;
            case "true", "yes", "mandatory" -> TRUE;
            case "strict" -> STRICT;
            default -> throw new SpecException(where + ": '" + value + "' is not an encrypt setting; use strict, "
                    + "true or false");
        };
    }
}
