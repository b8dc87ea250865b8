package io.milink.simulator.sqlserver.tsql;

import java.util.ArrayList;
import java.util.List;

/**
 * A table variable ({@code DECLARE @t TABLE (…)}): batch-scoped, filled only by {@code INSERT @t EXEC proc} in the
 * twin, read by SELECTs through {@link SelectTranslator} as a derived table. Enough for the T-SQL idiom that reads
 * a procedure's result set into a guard (SQL LogScout reads {@code sys.sp_certificate_issuers} this way).
 *
 * @param name    as declared, with {@code @}
 * @param columns column names, in order
 * @param types   their parsed types
 * @param rows    the rows inserted so far, one value per column
 */
public record TableVariable(String name, List<String> columns, List<DataTypes.Parsed> types, List<Object[]> rows) {

    public TableVariable(String name, List<String> columns, List<DataTypes.Parsed> types) {
        this(name, List.copyOf(columns), List.copyOf(types), new ArrayList<>());
    }
}
