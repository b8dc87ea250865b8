package io.milink.api;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import io.milink.journal.Journal;

/** Every text the journal keeps of link runs, one value a line: runs, steps (what each showed), ARM operations. */
final class JournalText {

    private JournalText() {
    }

    static String of(Path data) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Journal journal = Journal.open(data); Connection c = journal.connection();
             Statement s = c.createStatement()) {
            for (String query : List.of("SELECT kind, state, waivers, error FROM link_runs",
                    "SELECT step_id, change_kind, state, shown, error FROM link_steps",
                    "SELECT method, sub_path, async_operation_url, location_url, outcome FROM arm_operations")) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }
}
