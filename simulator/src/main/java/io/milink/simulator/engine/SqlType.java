package io.milink.simulator.engine;

import java.util.Objects;

/**
 * A SQL Server type with its facets.
 *
 * <p>Java values that travel with each kind (in {@link ResultTable} rows and {@link Parameter} values):
 * TINYINT, SMALLINT → {@link Short}; INT → {@link Integer}; BIGINT → {@link Long}; BIT → {@link Boolean};
 * DECIMAL → {@link java.math.BigDecimal}; FLOAT → {@link Double}; NVARCHAR, VARCHAR → {@link String};
 * VARBINARY → {@code byte[]}; DATE → {@link java.time.LocalDate}; DATETIME, DATETIME2 →
 * {@link java.time.LocalDateTime}; UNIQUEIDENTIFIER → {@link java.util.UUID}; SQL_VARIANT → {@link SqlVariant}.
 * {@code null} is SQL NULL.
 *
 * @param kind      the type
 * @param length    characters for NVARCHAR/VARCHAR, bytes for VARBINARY, {@link #MAX} for (MAX); 0 otherwise
 * @param precision DECIMAL precision (1–38); 0 otherwise
 * @param scale     DECIMAL scale, or DATETIME2 fractional-seconds scale (0–7); 0 otherwise
 */
public record SqlType(SqlTypeKind kind, int length, int precision, int scale) {

    /** The length of a (MAX) type. */
    public static final int MAX = -1;

    /** {@code sysname}, SQL Server's type for object names, is NVARCHAR(128). */
    public static final SqlType SYSNAME = nvarchar(128);

    public SqlType {
        Objects.requireNonNull(kind, "kind");
    }

    public static SqlType tinyint() { return new SqlType(SqlTypeKind.TINYINT, 0, 0, 0); }
    public static SqlType smallint() { return new SqlType(SqlTypeKind.SMALLINT, 0, 0, 0); }
    public static SqlType integer() { return new SqlType(SqlTypeKind.INT, 0, 0, 0); }
    public static SqlType bigint() { return new SqlType(SqlTypeKind.BIGINT, 0, 0, 0); }
    public static SqlType bit() { return new SqlType(SqlTypeKind.BIT, 0, 0, 0); }
    public static SqlType decimal(int precision, int scale) { return new SqlType(SqlTypeKind.DECIMAL, 0, precision, scale); }
    public static SqlType floatType() { return new SqlType(SqlTypeKind.FLOAT, 0, 0, 0); }
    public static SqlType nvarchar(int chars) { return new SqlType(SqlTypeKind.NVARCHAR, chars, 0, 0); }
    public static SqlType nvarcharMax() { return new SqlType(SqlTypeKind.NVARCHAR, MAX, 0, 0); }
    public static SqlType varchar(int chars) { return new SqlType(SqlTypeKind.VARCHAR, chars, 0, 0); }
    public static SqlType varcharMax() { return new SqlType(SqlTypeKind.VARCHAR, MAX, 0, 0); }
    public static SqlType varbinary(int bytes) { return new SqlType(SqlTypeKind.VARBINARY, bytes, 0, 0); }
    public static SqlType varbinaryMax() { return new SqlType(SqlTypeKind.VARBINARY, MAX, 0, 0); }
    public static SqlType date() { return new SqlType(SqlTypeKind.DATE, 0, 0, 0); }
    public static SqlType datetime() { return new SqlType(SqlTypeKind.DATETIME, 0, 0, 0); }
    public static SqlType datetime2(int scale) { return new SqlType(SqlTypeKind.DATETIME2, 0, 0, scale); }
    public static SqlType uniqueidentifier() { return new SqlType(SqlTypeKind.UNIQUEIDENTIFIER, 0, 0, 0); }
    public static SqlType sqlVariant() { return new SqlType(SqlTypeKind.SQL_VARIANT, 0, 0, 0); }

    public boolean isMax() {
        return length == MAX;
    }

    /** The type as T-SQL spells it, e.g. {@code nvarchar(128)}, {@code decimal(18,2)}, {@code varbinary(max)}. */
    public String sqlName() {
        String base = kind.name().toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case NVARCHAR, VARCHAR, VARBINARY -> base + "(" + (isMax() ? "max" : Integer.toString(length)) + ")";
            case DECIMAL -> base + "(" + precision + "," + scale + ")";
            case DATETIME2 -> base + "(" + scale + ")";
            default -> base;
        };
    }
}
