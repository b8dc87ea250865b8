package io.milink.simulator.sqlserver.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.UUID;

import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlTypeKind;

/**
 * Maps H2 result metadata and values to SQL Server's wire types. Catalog tables are declared so that the mapping
 * gives SQL Server's types: TIMESTAMP(3) is datetime (other scales datetime2), BOOLEAN is bit, CHARACTER VARYING is
 * nvarchar, CHARACTER is char (sent as varchar: the contract has no char type), lengths above 4000 / 8000 are (max).
 */
public final class ResultTypes {

    /**
     * How the twin declares SQL Server's tinyint (0..255) in H2, whose TINYINT is signed: NUMERIC(3,0), which no
     * catalog column uses for anything else, so the metadata mapping can tell it apart.
     */
    public static final String TINYINT_H2 = "NUMERIC(3,0)";

    private ResultTypes() {
    }

    public static SqlType sqlType(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        int precision = md.getPrecision(column);
        int scale = md.getScale(column);
        return switch (name) {
            case "INTEGER", "INT" -> SqlType.integer();
            case "SMALLINT" -> SqlType.smallint();
            case "TINYINT" -> SqlType.tinyint();
            case "BIGINT" -> SqlType.bigint();
            case "BOOLEAN" -> SqlType.bit();
            case "CHARACTER VARYING", "VARCHAR", "VARCHAR_IGNORECASE", "CHARACTER LARGE OBJECT", "CLOB" ->
                    precision <= 0 || precision > 4000 ? SqlType.nvarcharMax() : SqlType.nvarchar(precision);
            case "CHARACTER", "CHAR" -> precision <= 0 || precision > 8000 ? SqlType.varcharMax() : SqlType.varchar(precision);
            case "BINARY VARYING", "VARBINARY", "BINARY", "BINARY LARGE OBJECT", "BLOB" ->
                    precision <= 0 || precision > 8000 ? SqlType.varbinaryMax() : SqlType.varbinary(precision);
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> scale == 3 ? SqlType.datetime() : SqlType.datetime2(Math.min(7, scale));
            case "DATE" -> SqlType.date();
            case "NUMERIC", "DECIMAL" -> precision == 3 && scale == 0 ? SqlType.tinyint() : SqlType.decimal(Math.min(38, Math.max(1, precision)), Math.min(scale, 38));
            case "DOUBLE PRECISION", "DOUBLE", "REAL", "FLOAT", "DECFLOAT" -> SqlType.floatType();
            case "UUID" -> SqlType.uniqueidentifier();
            // SELECT NULL is int in SQL Server.
            case "NULL" -> SqlType.integer();
            default -> SqlType.nvarcharMax();
        };
    }

    /** Reads a value as the Java type the contract pairs with {@code type}. */
    public static Object value(ResultSet rs, int column, SqlType type) throws SQLException {
        Object raw = rs.getObject(column);
        if (raw == null) {
            return null;
        }
        return convert(raw, type);
    }

    public static Object convert(Object raw, SqlType type) {
        if (raw == null) {
            return null;
        }
        SqlTypeKind kind = type.kind();
        return switch (kind) {
            case TINYINT, SMALLINT -> ((Number) numberOf(raw)).shortValue();
            case INT -> ((Number) numberOf(raw)).intValue();
            case BIGINT -> ((Number) numberOf(raw)).longValue();
            case BIT -> raw instanceof Boolean b ? b : ((Number) numberOf(raw)).intValue() != 0;
            case DECIMAL -> raw instanceof BigDecimal d ? d : new BigDecimal(raw.toString());
            case FLOAT -> ((Number) numberOf(raw)).doubleValue();
            case NVARCHAR, VARCHAR, SQL_VARIANT -> raw.toString();
            case VARBINARY -> raw instanceof byte[] ? raw : raw.toString().getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
            case DATE -> raw instanceof LocalDate d ? d : raw instanceof LocalDateTime t ? t.toLocalDate()
                    : raw instanceof java.sql.Date sd ? sd.toLocalDate() : LocalDate.parse(raw.toString());
            case DATETIME, DATETIME2 -> raw instanceof LocalDateTime t ? t
                    : raw instanceof java.sql.Timestamp ts ? ts.toLocalDateTime()
                    : raw instanceof java.time.OffsetDateTime o ? o.toLocalDateTime()
                    : raw instanceof LocalDate d ? d.atStartOfDay() : LocalDateTime.parse(raw.toString().replace(' ', 'T'));
            case UNIQUEIDENTIFIER -> raw instanceof UUID u ? u : UUID.fromString(raw.toString());
        };
    }

    private static Object numberOf(Object raw) {
        if (raw instanceof Number) {
            return raw;
        }
        if (raw instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return new BigDecimal(raw.toString().trim());
    }
}
