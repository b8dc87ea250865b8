package io.milink.simulator.sqlserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.SqlVariant;
import io.milink.simulator.sqlserver.catalog.ResultTypes;
import io.milink.simulator.sqlserver.tsql.SelectTranslator;

/**
 * Runs translated SELECTs on the catalog's H2 database: binds parameters, names and types the columns as SQL Server
 * does (sql_variant items included), and turns H2 errors into the SQL Server errors the same mistakes get.
 */
final class QueryRunner {

    private static final Pattern H2_QUOTED = Pattern.compile("\"([^\"]*)\"");

    private QueryRunner() {
    }

    /** Runs a translated query and reads its result as SQL Server would send it. */
    static ResultTable run(Connection connection, SelectTranslator.Translation tr, int line) {
        try (PreparedStatement ps = connection.prepareStatement(tr.sql())) {
            for (int p = 0; p < tr.parameters().size(); p++) {
                Object v = tr.parameters().get(p);
                ps.setObject(p + 1, v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<Column> columns = new ArrayList<>();
                SqlType[] baseTypes = new SqlType[n];
                boolean[] variant = new boolean[n];
                boolean positional = !tr.star();
                for (int c = 1; c <= n; c++) {
                    String label = md.getColumnLabel(c);
                    SelectTranslator.Item item = null;
                    if (positional && c - 1 < tr.items().size()) {
                        item = tr.items().get(c - 1);
                    } else if (label.startsWith("__c")) {
                        item = tr.items().get(Integer.parseInt(label.substring(3)));
                    }
                    String name = item != null ? item.name() : label;
                    SqlType type = ResultTypes.sqlType(md, c);
                    if (item != null && item.variant()) {
                        variant[c - 1] = true;
                        baseTypes[c - 1] = item.variantBase();
                    } else if ("dm_server_registry".equalsIgnoreCase(md.getTableName(c))
                            && "value_data".equalsIgnoreCase(md.getColumnName(c))) {
                        // sys.dm_server_registry.value_data is sql_variant (Microsoft Learn, sys.dm_server_registry).
                        variant[c - 1] = true;
                    }
                    boolean nullable = md.isNullable(c) != ResultSetMetaData.columnNoNulls
                            && !(item != null && item.notNullLiteral());
                    columns.add(new Column(name, variant[c - 1] ? SqlType.sqlVariant() : type, nullable));
                    if (!variant[c - 1]) {
                        baseTypes[c - 1] = type;
                    }
                }
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int c = 1; c <= n; c++) {
                        if (variant[c - 1]) {
                            Object raw = rs.getObject(c);
                            if (raw != null) {
                                SqlType base = baseTypes[c - 1] != null ? baseTypes[c - 1]
                                        : SqlType.nvarchar(Math.max(1, raw.toString().length()));
                                row[c - 1] = new SqlVariant(base, ResultTypes.convert(raw, base));
                            }
                        } else {
                            row[c - 1] = ResultTypes.value(rs, c, baseTypes[c - 1]);
                        }
                    }
                    rows.add(row);
                }
                return new ResultTable(columns, rows);
            }
        } catch (SQLException e) {
            throw translate(e, line);
        }
    }

    /** Maps an H2 error to the SQL Server error the same mistake gets; H2's own text never reaches the client. */
    static TsqlException translate(SQLException e, int line) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = H2_QUOTED.matcher(message);
        String quoted = m.find() ? m.group(1) : "";
        switch (e.getErrorCode()) {
            case 42122 -> {
                String column = quoted.contains(".") ? quoted.substring(quoted.lastIndexOf('.') + 1) : quoted;
                return TsqlException.batch(207, column);
            }
            case 42102, 42103, 42104 -> {
                return TsqlException.batch(208, quoted);
            }
            case 90022 -> {
                return TsqlException.batch(195, quoted, "built-in function name");
            }
            case 90053 -> {
                return TsqlException.statement(512);
            }
            case 22012 -> {
                return TsqlException.statement(8134);
            }
            case 42000, 42001 -> {
                int at = message.indexOf("[*]");
                String near = "";
                if (at >= 0) {
                    Matcher w = Pattern.compile("^\\s*(\"[^\"]*\"|'[^']*'|[\\w@#$]+|\\S)").matcher(message.substring(at + 3));
                    if (w.find()) {
                        near = w.group(1).replace("\"", "");
                    }
                }
                return TsqlException.batch(102, near);
            }
            case 22018, 22007 -> {
                return TsqlException.statement(245, "varchar", quoted, "int");
            }
            default -> {
                return new TsqlException(new ServerMessage(ErrorCatalog.NOT_SUPPORTED, 1, 16,
                        "The SQL Server twin cannot evaluate this statement (internal query error "
                                + e.getErrorCode() + ").", "", line), TsqlException.Scope.STATEMENT);
            }
        }
    }

}
