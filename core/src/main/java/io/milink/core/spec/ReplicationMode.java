package io.milink.core.spec;

import java.util.Locale;

/**
 * How the link commits ({@code link.replicationMode}). ASYNC, the default, is what Microsoft recommends for the
 * steady state: SQL Server's commits do not wait for the managed instance across the network. SYNC waits for it.
 * The spec's own enum: the spec says what the user wants, {@code LinkRequests.ReplicationMode} what ARM is sent.
 */
public enum ReplicationMode {
    ASYNC, SYNC;

    /** @param where the field's path, named in the message */
    static ReplicationMode parse(String value, String where) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "async" -> ASYNC;
            case "sync" -> SYNC;
            default -> throw new SpecException(where + ": '" + value + "' is not a replication mode; use async "
                    + "(the default) or sync");
        };
    }
}
