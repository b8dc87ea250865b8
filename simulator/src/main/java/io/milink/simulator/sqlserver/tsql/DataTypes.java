package io.milink.simulator.sqlserver.tsql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.milink.simulator.engine.SqlType;
import io.milink.simulator.sqlserver.TsqlException;

/** T-SQL data type names: parsing {@code nvarchar(128)}, {@code sysname}, {@code decimal(18,2)} into the wire type and its H2 spelling. */
public final class DataTypes {

    /** A parsed type and the number of tokens it used. */
    public record Parsed(SqlType type, String h2, int tokens) {
    }

    private DataTypes() {
    }

    public static boolean isTypeName(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "int", "integer", "bigint", "smallint", "tinyint", "bit", "nvarchar", "varchar", "nchar", "char",
                 "sysname", "varbinary", "binary", "datetime", "datetime2", "smalldatetime", "date", "decimal",
                 "numeric", "float", "real", "uniqueidentifier", "sql_variant", "money", "ntext", "text" -> true;
            default -> false;
        };
    }

    /** SQL Server's error for a type name that is no system type (CAST); DECLARE reports it as 2715. */
    public static final int UNKNOWN_TYPE = 243;

    /** System data types of SQL Server (Microsoft Learn, Data types) that the twin does not model. */
    private static final Set<String> UNMODELLED = Set.of("time", "datetimeoffset", "smallmoney", "xml", "image",
            "hierarchyid", "geometry", "geography", "rowversion", "timestamp", "vector", "json");

    /**
     * Parses the type starting at {@code tokens[i]}: a name that is no SQL Server type is {@link #UNKNOWN_TYPE}, a
     * real type the twin does not model is the twin's "not supported".
     */
    public static Parsed parse(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (!t.isIdentifier()) {
            throw TsqlException.syntaxNear(t.text());
        }
        if (!isTypeName(t.value())) {
            if (UNMODELLED.contains(t.value().toLowerCase(Locale.ROOT))) {
                throw TsqlException.notSupported("the data type " + t.value().toLowerCase(Locale.ROOT));
            }
            throw TsqlException.compile(UNKNOWN_TYPE, t.value());
        }
        String name = t.value().toLowerCase(Locale.ROOT);
        int used = 1;
        Integer a = null;
        Integer b = null;
        boolean max = false;
        if (tokens.get(i + 1).isSymbol("(")) {
            Token first = tokens.get(i + 2);
            if (first.isWord("max")) {
                max = true;
            } else if (first.type() == Token.Type.NUMBER) {
                a = Integer.parseInt(first.text());
            } else {
                throw TsqlException.syntaxNear(first.text());
            }
            int j = i + 3;
            if (tokens.get(j).isSymbol(",")) {
                Token second = tokens.get(j + 1);
                if (second.type() != Token.Type.NUMBER) {
                    throw TsqlException.syntaxNear(second.text());
                }
                b = Integer.parseInt(second.text());
                j += 2;
            }
            if (!tokens.get(j).isSymbol(")")) {
                throw TsqlException.syntaxNear(tokens.get(j).text());
            }
            used = j - i + 1;
        }
        int len = a == null ? 1 : a;
        return switch (name) {
            case "int", "integer" -> new Parsed(SqlType.integer(), "INTEGER", used);
            case "bigint" -> new Parsed(SqlType.bigint(), "BIGINT", used);
            case "smallint" -> new Parsed(SqlType.smallint(), "SMALLINT", used);
            case "tinyint" -> new Parsed(SqlType.tinyint(), io.milink.simulator.sqlserver.catalog.ResultTypes.TINYINT_H2, used);
            case "bit" -> new Parsed(SqlType.bit(), "BOOLEAN", used);
            case "sysname" -> new Parsed(SqlType.SYSNAME, "VARCHAR(128)", used);
            case "nvarchar", "nchar", "ntext" -> max || name.equals("ntext")
                    ? new Parsed(SqlType.nvarcharMax(), "VARCHAR(1000000000)", used)
                    : new Parsed(SqlType.nvarchar(len), "VARCHAR(" + len + ")", used);
            case "varchar", "char", "text" -> max || name.equals("text")
                    ? new Parsed(SqlType.varcharMax(), "VARCHAR(1000000000)", used)
                    : new Parsed(SqlType.varchar(len), "VARCHAR(" + len + ")", used);
            case "varbinary", "binary" -> max
                    ? new Parsed(SqlType.varbinaryMax(), "VARBINARY(1000000000)", used)
                    : new Parsed(SqlType.varbinary(len), "VARBINARY(" + len + ")", used);
            case "datetime", "smalldatetime" -> new Parsed(SqlType.datetime(), "TIMESTAMP(3)", used);
            case "datetime2" -> {
                int scale = a == null ? 7 : a;
                yield new Parsed(SqlType.datetime2(scale), "TIMESTAMP(" + scale + ")", used);
            }
            case "date" -> new Parsed(SqlType.date(), "DATE", used);
            case "decimal", "numeric" -> {
                int p = a == null ? 18 : a;
                int s = b == null ? 0 : b;
                yield new Parsed(SqlType.decimal(p, s), "NUMERIC(" + p + "," + s + ")", used);
            }
            case "money" -> new Parsed(SqlType.decimal(19, 4), "NUMERIC(19,4)", used);
            case "float", "real" -> new Parsed(SqlType.floatType(), "DOUBLE PRECISION", used);
            case "uniqueidentifier" -> new Parsed(SqlType.uniqueidentifier(), "UUID", used);
            case "sql_variant" -> new Parsed(SqlType.sqlVariant(), "VARCHAR(8000)", used);
            default -> throw TsqlException.syntaxNear(t.text());
        };
    }

    /** The H2 type name for a wire type (for typed parameter placeholders). */
    public static String h2(SqlType type) {
        return switch (type.kind()) {
            case TINYINT -> io.milink.simulator.sqlserver.catalog.ResultTypes.TINYINT_H2;
            case SMALLINT -> "SMALLINT";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case BIT -> "BOOLEAN";
            case DECIMAL -> "NUMERIC(" + type.precision() + "," + type.scale() + ")";
            case FLOAT -> "DOUBLE PRECISION";
            case NVARCHAR, VARCHAR -> type.isMax() ? "VARCHAR(1000000000)" : "VARCHAR(" + Math.max(1, type.length()) + ")";
            case VARBINARY -> type.isMax() ? "VARBINARY(1000000000)" : "VARBINARY(" + Math.max(1, type.length()) + ")";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP(3)";
            case DATETIME2 -> "TIMESTAMP(" + type.scale() + ")";
            case UNIQUEIDENTIFIER -> "UUID";
            case SQL_VARIANT -> "VARCHAR(8000)";
        };
    }
}
