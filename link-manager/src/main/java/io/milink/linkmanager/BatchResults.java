package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only T-SQL batch sent in one round trip, and every result set it returns as rows of column label to value.
 * The link engine reads SQL Server this way (its observation, the link inventory, the status read): one request per
 * read, whatever the number of views.
 */
final class BatchResults {

    private BatchResults() {
    }

    /**
     * @param expected how many result sets the batch returns: any other count is an error (a server that answered
     *                 another batch than the one sent)
     * @param what     what the batch reads, for the error
     */
    static List<List<Map<String, Object>>> read(Connection connection, String batch, int expected, String what)
            throws SQLException {
        List<List<Map<String, Object>>> results = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            boolean isResult = statement.execute(batch);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = statement.getResultSet()) {
                        results.add(rows(rs));
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                isResult = statement.getMoreResults();
            }
        }
        if (results.size() != expected) {
            throw new SQLException("expected " + expected + " result sets from " + what + ", got " + results.size());
        }
        return results;
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns; i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
