package io.milink.api.service;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import io.milink.journal.Journal;
import io.milink.journal.JournalLocation;

/**
 * What the service's two db-scheduler schedulers (link operations, link monitors) do alike because of the journal's
 * database: how replicas claim due tasks, and what H2 (one process at a time) does with tasks left picked.
 */
final class JournalSchedulers {

    private JournalSchedulers() {
    }

    /** How a scheduler on this journal polls for due tasks. */
    static SchedulerBuilder pollingFor(SchedulerBuilder builder, Journal journal) {
        if (journal.location() instanceof JournalLocation.PostgreSql) {
            // Replicas claim due tasks with SELECT ... FOR UPDATE SKIP LOCKED instead of racing to update each.
            return builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        // H2 has no overrides of its own in db-scheduler; said here, so it does not warn about it at every start.
        return builder.jdbcCustomization(new DefaultJdbcCustomization(true));
    }

    /**
     * On H2, whose file one process holds at a time, a task still marked picked in {@code table} was picked by a
     * process that has ended: it is made due again at once rather than after the missed heartbeats. Nothing on
     * PostgreSQL, where another replica may be running it. Blocking.
     */
    static void handBackTasksOfEndedProcess(Journal journal, String table) {
        if (journal.location() instanceof JournalLocation.PostgreSql) {
            return;
        }
        journal.inTransaction(c -> {
            try (var unpick = c.prepareStatement("UPDATE " + table + " SET picked = FALSE, picked_by = NULL, "
                    + "last_heartbeat = NULL, version = version + 1 WHERE picked = TRUE")) {
                return unpick.executeUpdate();
            }
        }, "cannot hand back the tasks of the process that ran before (" + table + ")");
    }
}
