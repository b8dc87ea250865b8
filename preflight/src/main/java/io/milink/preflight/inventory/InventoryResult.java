package io.milink.preflight.inventory;

import java.util.List;

/**
 * One result set of the inventory batch: its column names in order and its rows.
 *
 * @param columns the column names as the server named them
 * @param rows    the rows
 */
public record InventoryResult(List<String> columns, List<InventoryRow> rows) {
    public InventoryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    String firstColumn() {
        return columns.isEmpty() ? "" : columns.get(0);
    }
}
