package io.milink.simulator.engine;

import java.util.Objects;

/**
 * One RPC parameter as decoded from the wire.
 *
 * @param name   {@code @name}, or empty when sent by position (mssql-jdbc sends none)
 * @param type   its declared wire type
 * @param value  its Java value (see {@link SqlType}), or null
 * @param output true when passed as OUTPUT / by reference
 */
public record Parameter(String name, SqlType type, Object value, boolean output) {
    public Parameter {
        name = name == null ? "" : name;
        Objects.requireNonNull(type, "type");
    }
}
