package io.milink.simulator.sqlserver.catalog;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.milink.simulator.link.LinkRole;
import io.milink.simulator.link.LinkStatus;
import io.milink.simulator.link.ReplicationPhase;
import io.milink.simulator.sqlserver.state.AvailabilityGroupState;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.state.ReplicaState;

/**
 * The dynamic rows of a distributed availability group whose other side is in the link world: what SQL Server's
 * dm_hadr_* views show of the link, drawn from the same {@link LinkStatus} the ARM twin reports, so both agree.
 * Microsoft Learn: sys.dm_hadr_availability_replica_states, sys.dm_hadr_database_replica_states ("on the primary
 * replica, a row for each primary database and an additional row for the corresponding secondary database"; a
 * secondary sees its own rows only), sys.dm_hadr_availability_group_states, sys.dm_hadr_automatic_seeding,
 * sys.dm_hadr_physical_seeding_stats (running seeding operations only).
 */
final class LinkRows {

    /** Writes one row into a catalog table (the catalog's insert). */
    interface Sink {
        void insert(String table, Map<String, Object> row) throws SQLException;
    }

    private final Sink sink;

    LinkRows(Sink sink) {
        this.sink = sink;
    }

    void fill(InstanceState st, AvailabilityGroupState dag, AvailabilityGroupState localGroup, LinkStatus link)
            throws SQLException {
        ReplicaState local = dag.localReplica();
        ReplicaState remote = dag.remoteMember();
        boolean primary = link.sqlServerRole() == LinkRole.PRIMARY;
        String health = worstHealth(link);
        if (local != null) {
            sink.insert("sys.dm_hadr_availability_replica_states", row("replica_id", local.replicaId,
                    "group_id", dag.groupId, "is_local", true, "role", roleCode(link.sqlServerRole()),
                    "role_desc", link.sqlServerRole().name(), "operational_state", 2, "operational_state_desc", "ONLINE",
                    "connected_state", 1, "connected_state_desc", "CONNECTED", "recovery_health", 1,
                    "recovery_health_desc", "ONLINE", "synchronization_health", healthCode(primary ? "HEALTHY" : health),
                    "synchronization_health_desc", primary ? "HEALTHY" : health));
        }
        if (remote != null) {
            boolean error = link.lastError() != null;
            sink.insert("sys.dm_hadr_availability_replica_states", row("replica_id", remote.replicaId,
                    "group_id", dag.groupId, "is_local", false, "role", roleCode(link.managedInstanceRole()),
                    "role_desc", link.managedInstanceRole().name(), "operational_state", null,
                    "operational_state_desc", null, "connected_state", link.connected() ? 1 : 0,
                    "connected_state_desc", link.connected() ? "CONNECTED" : "DISCONNECTED", "recovery_health", null,
                    "recovery_health_desc", null, "synchronization_health", healthCode(health),
                    "synchronization_health_desc", health,
                    "last_connect_error_number", error ? link.lastError().engineNumber() : null,
                    "last_connect_error_description", error ? link.lastError().engineText() : null,
                    "last_connect_error_timestamp", error ? link.lastErrorTime() : null));
        }
        String primaryMember = primary ? (local == null ? null : local.name) : (remote == null ? null : remote.name);
        sink.insert("sys.dm_hadr_availability_group_states", row("group_id", dag.groupId,
                "primary_replica", link.splitBrain() ? (local == null ? null : local.name) : primaryMember,
                "primary_recovery_health", primary ? 1 : null, "primary_recovery_health_desc", primary ? "ONLINE" : null,
                "secondary_recovery_health", primary ? null : 1,
                "secondary_recovery_health_desc", primary ? null : "ONLINE",
                "synchronization_health", healthCode(health), "synchronization_health_desc", health));
        if (localGroup == null) {
            return;
        }
        for (Map.Entry<String, UUID> member : localGroup.databases.entrySet()) {
            InstanceState.DatabaseState d = st.database(member.getKey());
            LinkStatus.DatabaseStatus db = link.databases().stream()
                    .filter(x -> x.name().equalsIgnoreCase(member.getKey())).findFirst().orElse(null);
            sink.insert("sys.availability_databases_cluster", row("group_id", dag.groupId,
                    "group_database_id", member.getValue(), "database_name", d.name, "truncation_lsn",
                    db == null ? null : db.secondaryHardenedLsn()));
            if (db == null) {
                continue;
            }
            if (primary) {
                databaseRow(d, dag, local, member.getValue(), true, true, db, link);
                if (remote != null) {
                    databaseRow(d, dag, remote, member.getValue(), false, false, db, link);
                }
                seedingRows(d, dag, remote, member.getValue(), db, link);
            } else {
                databaseRow(d, dag, local, member.getValue(), true, false, db, link);
            }
        }
    }

    /**
     * One row of sys.dm_hadr_database_replica_states. The primary's own row is SYNCHRONIZED at its end of log
     * ("a primary database shows SYNCHRONIZED in place of SYNCHRONIZING"); a secondary's row has what the secondary
     * hardened and redid.
     */
    private void databaseRow(InstanceState.DatabaseState d, AvailabilityGroupState dag, ReplicaState replica,
                             UUID groupDatabaseId, boolean local, boolean primaryRow, LinkStatus.DatabaseStatus db,
                             LinkStatus link) throws SQLException {
        String state = primaryRow ? "SYNCHRONIZED" : db.synchronizationState();
        String health = primaryRow ? "HEALTHY" : db.synchronizationHealth();
        boolean seeded = db.phase() == ReplicationPhase.CATCHING_UP || db.phase() == ReplicationPhase.SYNCHRONIZING;
        Map<String, Object> r = row("database_id", d.id, "group_id", dag.groupId,
                "replica_id", replica == null ? null : replica.replicaId, "group_database_id", groupDatabaseId,
                "is_local", local, "is_primary_replica", primaryRow, "synchronization_state", stateCode(state),
                "synchronization_state_desc", state, "is_commit_participant", "SYNCHRONIZED".equals(state),
                "synchronization_health", healthCode(health), "synchronization_health_desc", health,
                "database_state", primaryRow || seeded ? 0 : 1,
                "database_state_desc", primaryRow || seeded ? "ONLINE" : "RESTORING", "is_suspended", false,
                "suspend_reason", null, "suspend_reason_desc", null, "recovery_lsn", db.seedingStartLsn(),
                "truncation_lsn", db.secondaryHardenedLsn(), "filestream_send_rate", 0L,
                "low_water_mark_for_ghosts", 0L);
        if (primaryRow) {
            r.putAll(row("last_sent_lsn", db.primaryLsn(), "last_sent_time", db.lastCommitTime(),
                    "last_received_lsn", null, "last_received_time", null, "last_hardened_lsn", db.primaryLsn(),
                    "last_hardened_time", db.lastCommitTime(), "last_redone_lsn", null, "last_redone_time", null,
                    "log_send_queue_size", null, "log_send_rate", null, "redo_queue_size", null, "redo_rate", null,
                    "end_of_log_lsn", db.primaryLsn(), "last_commit_lsn", db.primaryLsn(),
                    "last_commit_time", db.lastCommitTime(), "secondary_lag_seconds", null));
        } else {
            // Queue sizes and rates are in KB and KB/s (Microsoft Learn); lag only on the primary's view.
            r.putAll(row("last_sent_lsn", db.secondaryHardenedLsn(), "last_sent_time", db.lastHardenedTime(),
                    "last_received_lsn", db.secondaryHardenedLsn(), "last_received_time", db.lastHardenedTime(),
                    "last_hardened_lsn", db.secondaryHardenedLsn(), "last_hardened_time", db.lastHardenedTime(),
                    "last_redone_lsn", db.secondaryRedoneLsn(), "last_redone_time", db.lastRedoneTime(),
                    "log_send_queue_size", db.logSendQueueBytes() / 1024, "log_send_rate", db.logSendRateBytes() / 1024,
                    "redo_queue_size", db.redoQueueBytes() / 1024, "redo_rate", db.redoRateBytes() / 1024,
                    "end_of_log_lsn", db.secondaryHardenedLsn(), "last_commit_lsn", db.secondaryRedoneLsn(),
                    "last_commit_time", db.lastRedoneTime(),
                    "secondary_lag_seconds", local ? null : db.lagSeconds()));
        }
        sink.insert("sys.dm_hadr_database_replica_states", r);
    }

    /** The seeding views on the seeding source (the primary): the current attempt's history row, and the running one. */
    private void seedingRows(InstanceState.DatabaseState d, AvailabilityGroupState dag, ReplicaState remote,
                             UUID groupDatabaseId, LinkStatus.DatabaseStatus db, LinkStatus link) throws SQLException {
        UUID operation = UUID.nameUUIDFromBytes((dag.groupId + "/" + d.name + "/" + db.seedingAttempts())
                .getBytes(StandardCharsets.UTF_8));
        String current = switch (db.phase()) {
            case SEEDING -> link.connected() ? "SEEDING" : "PENDING";
            case SEEDING_FAILED -> "FAILED";
            default -> "COMPLETED";
        };
        boolean failed = db.phase() == ReplicationPhase.SEEDING_FAILED;
        sink.insert("sys.dm_hadr_automatic_seeding", row("start_time", db.seedingStarted(),
                "completion_time", failed ? db.failureTime() : db.seedingCompleted(), "ag_id", dag.groupId,
                "ag_db_id", groupDatabaseId, "ag_remote_replica_id", remote == null ? null : remote.replicaId,
                "operation_id", operation, "is_source", true, "current_state", current,
                "performed_seeding", db.seedingCompleted() != null, "failure_state", failed ? db.failureState() : null,
                "failure_state_desc", failed ? failureStateDesc(db.failureState()) : null,
                "error_code", failed ? 0 : null, "number_of_attempts", db.seedingAttempts()));
        // A running operation, or the one that just failed (with its failure_code, failure_message and time).
        if (db.phase() == ReplicationPhase.SEEDING && link.connected() || failed) {
            sink.insert("sys.dm_hadr_physical_seeding_stats", row("local_physical_seeding_id", operation,
                    "remote_physical_seeding_id", UUID.nameUUIDFromBytes(("remote/" + operation)
                            .getBytes(StandardCharsets.UTF_8)),
                    "local_database_id", d.id, "local_database_name", d.name,
                    "remote_machine_name", remote == null ? null : remote.endpointUrl, "role_desc", "Source",
                    "internal_state_desc", failed ? "Failed" : "ReadingAndSendingData",
                    "transfer_rate_bytes_per_second", db.seedingRateBytes(),
                    "transferred_size_bytes", db.seededBytes(), "database_size_bytes", db.databaseSizeBytes(),
                    "start_time_utc", db.seedingStarted(), "end_time_utc", failed ? db.failureTime() : null,
                    "estimate_time_complete_utc", db.seedingEstimatedCompletion(), "total_disk_io_wait_time_ms", 0L,
                    "total_network_wait_time_ms", 0L, "failure_code", failed ? db.failureState() : null,
                    "failure_message", failed ? db.failureMessage() : null,
                    "failure_time_utc", failed ? db.failureTime() : null, "is_compression_enabled", true));
        }
    }

    /** failure_state codes of sys.dm_hadr_automatic_seeding (Microsoft Learn). */
    private static String failureStateDesc(int state) {
        return switch (state) {
            case 15 -> "Seeding";
            case 21 -> "Seeding check message timeout";
            case 23 -> "Database with the name already exists";
            default -> "Internal error";
        };
    }

    private static String worstHealth(LinkStatus link) {
        String worst = link.connected() ? "HEALTHY" : "NOT_HEALTHY";
        for (LinkStatus.DatabaseStatus db : link.databases()) {
            if ("NOT_HEALTHY".equals(db.synchronizationHealth())) {
                return "NOT_HEALTHY";
            }
            if ("PARTIALLY_HEALTHY".equals(db.synchronizationHealth())) {
                worst = "PARTIALLY_HEALTHY";
            }
        }
        return worst;
    }

    private static int roleCode(LinkRole role) {
        return role == LinkRole.PRIMARY ? 1 : 2;
    }

    private static int healthCode(String health) {
        return switch (health) { case "HEALTHY" -> 2; case "PARTIALLY_HEALTHY" -> 1; default -> 0; };
    }

    private static int stateCode(String state) {
        return switch (state) { case "SYNCHRONIZED" -> 2; case "SYNCHRONIZING" -> 1; default -> 0; };
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
