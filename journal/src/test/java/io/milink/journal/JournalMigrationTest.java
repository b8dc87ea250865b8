package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's schema: existing H2 journals keep opening, and H2 and PostgreSQL end with the same tables. */
class JournalMigrationTest {

    @TempDir
    Path dir;

    /**
     * {@code h2-journal-at-v5} was written by milink before PostgreSQL was a journal (migrations V1 to V5 applied
     * from db/migration, one record of each kind). Flyway checks each applied script's checksum on open: had a
     * script been edited, this journal would no longer open.
     */
    @Test
    void anH2JournalWrittenBeforePostgreSqlWasAJournalStillOpensWithItsRecords() throws Exception {
        try (InputStream fixture = getClass().getResourceAsStream("/h2-journal-at-v5/journal.mv.db")) {
            assertThat(fixture).as("the test resource").isNotNull();
            Files.copy(fixture, dir.resolve("journal.mv.db"));
        }
        try (Journal journal = Journal.open(dir)) {
            assertThat(new ServiceLinks(journal).find("sales")).hasValueSatisfying(link ->
                    assertThat(link.createdBy()).isEqualTo("token:1"));
            assertThat(new ServiceLinks(journal).findKey("token:1", "key-1")).isPresent();
            assertThat(new OperationJournal(journal).countByState().get(OperationState.Succeeded)).isEqualTo(1L);
            assertThat(new JournalAlerts(journal).open("sql01 -> mi01")).extracting(JournalAlerts.AlertEvent::id)
                    .containsExactly("e1");
            // And the later ones apply to it (V7 marks which link each unfinished operation keeps busy).
            assertThat(appliedMigrations(journal)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void h2AndPostgreSqlJournalsHaveTheSameTablesColumnsAndMigrations() throws Exception {
        try (Journal h2 = JournalDatabase.H2.openFresh(dir);
             Journal postgres = JournalDatabase.POSTGRESQL.openFresh(dir)) {
            assertThat(columns(postgres)).isEqualTo(columns(h2));
            assertThat(columns(h2)).containsKeys("operations", "link_runs", "service_links", "idempotency_keys");
            assertThat(appliedMigrations(postgres)).isEqualTo(appliedMigrations(h2));
        }
    }

    /** Each table's columns as "name type null|not null", by table, lower case. */
    private static TreeMap<String, TreeSet<String>> columns(Journal journal) throws Exception {
        TreeMap<String, TreeSet<String>> tables = new TreeMap<>();
        try (Connection c = journal.connection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getColumns(null, null, "%", "%")) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM").toLowerCase(Locale.ROOT);
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!schema.equals("public") || table.equals("flyway_schema_history")) {
                        continue;
                    }
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + " "
                            + family(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"), rs.getLong("COLUMN_SIZE"))
                            + " "
                            + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? "not null" : "null");
                    tables.computeIfAbsent(table, t -> new TreeSet<>()).add(column);
                }
            }
        }
        return tables;
    }

    /**
     * What a column holds, whatever each database calls the type: H2's CLOB and PostgreSQL's TEXT are both unbounded
     * text, H2 reports a TIMESTAMP WITH TIME ZONE as such and pgjdbc as a TIMESTAMP named timestamptz, H2's BLOB and
     * PostgreSQL's BYTEA are both binary.
     */
    private static String family(int jdbcType, String typeName, long size) {
        String name = typeName.toLowerCase(Locale.ROOT);
        return switch (jdbcType) {
            case java.sql.Types.CLOB, java.sql.Types.LONGVARCHAR -> "unbounded text";
            // PostgreSQL's limit for VARCHAR(n) is 10,485,760; a larger size is its unbounded TEXT.
            case java.sql.Types.VARCHAR -> size > 10_485_760 ? "unbounded text" : "varchar(" + size + ")";
            case java.sql.Types.CHAR -> "char(" + size + ")";
            case java.sql.Types.BIGINT -> "bigint";
            case java.sql.Types.SMALLINT -> "smallint";
            // H2's BLOB and PostgreSQL's BYTEA (what db-scheduler's table keeps its task data in on each).
            case java.sql.Types.BLOB, java.sql.Types.BINARY, java.sql.Types.VARBINARY,
                 java.sql.Types.LONGVARBINARY -> "binary";
            case java.sql.Types.INTEGER -> "int";
            case java.sql.Types.BOOLEAN, java.sql.Types.BIT -> "boolean";
            case java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone";
            case java.sql.Types.TIMESTAMP -> name.equals("timestamptz") ? "timestamp with time zone" : "timestamp";
            default -> name;
        };
    }

    private static List<String> appliedMigrations(Journal journal) throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = journal.connection(); Statement s = c.createStatement();
             // H2's history also has a row without a version: Flyway's note that it created the schema.
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                     + "WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).as("migration " + rs.getString(1) + " succeeded").isTrue();
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
