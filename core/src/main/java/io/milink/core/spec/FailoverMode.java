package io.milink.core.spec;

import java.util.Locale;

/**
 * Which way the link can fail over ({@code link.failoverMode}). MANUAL, the default, allows planned failover both
 * ways (back to SQL Server where its version supports it); NONE makes a one-way link, to Azure only.
 */
public enum FailoverMode {
    MANUAL, NONE;

    /** @param where the field's path, named in the message */
    static FailoverMode parse(String value, String where) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "manual" -> MANUAL;
            case "none" -> NONE;
            default -> throw new SpecException(where + ": '" + value + "' is not a failover mode; use manual (the "
                    + "default: two-way failover where SQL Server supports it) or none (one-way, to Azure)");
        };
    }
}
