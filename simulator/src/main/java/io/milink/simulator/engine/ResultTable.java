package io.milink.simulator.engine;

import java.util.List;

/** One result set: column metadata and rows (each row holds one Java value per column; see {@link SqlType}). */
public record ResultTable(List<Column> columns, List<Object[]> rows) {
    public ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row has " + row.length + " values for " + columns.size() + " columns");
            }
        }
    }
}
