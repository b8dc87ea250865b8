package io.milink.simulator.engine;

import java.util.Objects;

/**
 * A {@code sql_variant} value, as {@code SERVERPROPERTY} returns: the value together with its base type.
 * The base type is never SQL_VARIANT or a (MAX) type.
 */
public record SqlVariant(SqlType baseType, Object value) {
    public SqlVariant {
        Objects.requireNonNull(baseType, "baseType");
        Objects.requireNonNull(value, "value (a NULL sql_variant is a null cell, not a SqlVariant)");
        if (baseType.kind() == SqlTypeKind.SQL_VARIANT || baseType.isMax()) {
            throw new IllegalArgumentException("sql_variant cannot hold " + baseType.sqlName());
        }
    }
}
