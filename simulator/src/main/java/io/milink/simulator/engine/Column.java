package io.milink.simulator.engine;

import java.util.Objects;

/** One column of a result set: its name as the client sees it (may be empty, as for {@code SELECT 1}). */
public record Column(String name, SqlType type, boolean nullable) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
