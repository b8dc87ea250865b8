package io.milink.journal;

import java.nio.file.Path;

/**
 * The databases the journal runs on, for tests that run once on each ({@code @ParameterizedClass} with
 * {@code @EnumSource(JournalDatabase.class)}): the same behaviour is proved on the embedded H2 file and on PostgreSQL.
 */
public enum JournalDatabase {

    H2 {
        @Override
        public JournalLocation freshLocation(Path directory) {
            return new JournalLocation.H2File(directory);
        }
    },

    POSTGRESQL {
        @Override
        public JournalLocation freshLocation(Path directory) {
            return EmbeddedPostgres.freshJournal();
        }
    };

    /**
     * Where a new, empty journal is.
     *
     * @param directory an empty directory of the test's (where H2 keeps its file)
     */
    public abstract JournalLocation freshLocation(Path directory);

    /** A new, empty, open journal. */
    public Journal openFresh(Path directory) {
        return Journal.open(freshLocation(directory));
    }
}
