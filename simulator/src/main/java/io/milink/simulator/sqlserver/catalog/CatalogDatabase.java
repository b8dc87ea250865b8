package io.milink.simulator.sqlserver.catalog;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.milink.simulator.sqlserver.ServerProperties;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.AvailabilityGroupState;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.EndpointState;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.state.ReplicaState;

/**
 * The instance's catalog views as H2 tables, one in-memory H2 database per instance, refilled from
 * {@link InstanceState} whenever the state changed. Column names, order and types follow the Microsoft Learn pages
 * of each view ("sys.databases (Transact-SQL)", "sys.certificates (Transact-SQL)", …); only the columns listed here
 * exist. Schemas: {@code sys} (server views and master's database-scoped views), {@code userdb_sys} (the same
 * database-scoped views, empty, for every other database), {@code msdb_dbo} (msdb.dbo tables), {@code twin}
 * (internal).
 */
public final class CatalogDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private record Col(String name, String h2, int minMajor) {
    }

    private final Connection connection;
    private final int major;
    private final ServerProperties server;
    private final Map<String, List<Col>> tables = new LinkedHashMap<>();
    private final Supplier<DistributedReplication> replication;
    private final LinkRows linkRows = new LinkRows(this::insert);
    private long syncedVersion = -1;
    private long syncedReplicationVersion = -1;
    /** One prepared INSERT per table, kept: H2 parses each new statement, and a refresh inserts hundreds of rows. */
    private final Map<String, PreparedStatement> inserts = new HashMap<>();
    /**
     * The tables {@link #fillAvailabilityGroups} and {@link #fillDistributedGroups} fill: all the rows that draw on
     * the link world, refreshed alone when only the world moved.
     */
    private static final List<String> AVAILABILITY_GROUP_TABLES = List.of("sys.availability_groups",
            "sys.availability_replicas", "sys.availability_databases_cluster", "sys.dm_hadr_availability_group_states",
            "sys.dm_hadr_availability_replica_states", "sys.dm_hadr_database_replica_states",
            "sys.dm_hadr_automatic_seeding", "sys.dm_hadr_physical_seeding_stats");

    public CatalogDatabase(ServerProperties server) {
        this(server, () -> DistributedReplication.NONE);
    }

    /** {@code replication} says which side of each distributed availability group is primary. */
    public CatalogDatabase(ServerProperties server, Supplier<DistributedReplication> replication) {
        this.server = server;
        this.replication = replication;
        this.major = server.majorVersion();
        try {
            connection = DriverManager.getConnection("jdbc:h2:mem:sqltwin" + COUNTER.incrementAndGet()
                    + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;IGNORECASE=TRUE;DB_CLOSE_DELAY=0");
            define();
            try (Statement s = connection.createStatement()) {
                for (String schema : List.of("sys", "userdb_sys", "msdb_dbo", "twin")) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
                }
                for (Map.Entry<String, List<Col>> t : tables.entrySet()) {
                    StringBuilder ddl = new StringBuilder("CREATE TABLE " + t.getKey() + " (");
                    boolean first = true;
                    for (Col c : t.getValue()) {
                        if (c.minMajor > major) {
                            continue;
                        }
                        ddl.append(first ? "" : ", ").append('"').append(c.name).append("\" ").append(c.h2);
                        first = false;
                    }
                    s.execute(ddl.append(")").toString());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the twin's catalog database", e);
        }
    }

    public Connection connection() {
        return connection;
    }

    private static Col c(String name, String h2) {
        return new Col(name, h2, 0);
    }

    private static Col c(String name, String h2, int minMajor) {
        return new Col(name, h2, minMajor);
    }

    private static final String SYSNAME = "VARCHAR(128)";
    private static final String DESC = "VARCHAR(60)";
    private static final String DATETIME = "TIMESTAMP(3)";
    private static final String BIT = "BOOLEAN";
    private static final String LSN = "NUMERIC(25,0)";
    /** H2's TINYINT is signed (-128..127); SQL Server's is 0..255. See {@link ResultTypes#TINYINT_H2}. */
    private static final String TINYINT = ResultTypes.TINYINT_H2;

    private List<Col> endpointColumns() {
        return new ArrayList<>(List.of(c("name", SYSNAME), c("endpoint_id", "INTEGER"), c("principal_id", "INTEGER"),
                c("protocol", TINYINT), c("protocol_desc", DESC), c("type", TINYINT), c("type_desc", DESC),
                c("state", TINYINT), c("state_desc", DESC), c("is_admin_endpoint", BIT)));
    }

    private void define() {
        tables.put("sys.databases", List.of(c("name", SYSNAME), c("database_id", "INTEGER"),
                c("source_database_id", "INTEGER"), c("owner_sid", "VARBINARY(85)"), c("create_date", DATETIME),
                c("compatibility_level", TINYINT), c("collation_name", SYSNAME), c("user_access", TINYINT),
                c("user_access_desc", DESC), c("is_read_only", BIT), c("is_auto_close_on", BIT),
                c("is_auto_shrink_on", BIT), c("state", TINYINT), c("state_desc", DESC), c("is_in_standby", BIT),
                c("is_cleanly_shutdown", BIT), c("is_supplemental_logging_enabled", BIT),
                c("snapshot_isolation_state", TINYINT), c("snapshot_isolation_state_desc", DESC),
                c("is_read_committed_snapshot_on", BIT), c("recovery_model", TINYINT),
                c("recovery_model_desc", DESC), c("page_verify_option", TINYINT), c("page_verify_option_desc", DESC),
                c("is_auto_create_stats_on", BIT), c("is_auto_update_stats_on", BIT), c("is_fulltext_enabled", BIT),
                c("is_trustworthy_on", BIT), c("is_db_chaining_on", BIT), c("is_master_key_encrypted_by_server", BIT),
                c("is_published", BIT), c("is_subscribed", BIT), c("is_merge_published", BIT), c("is_distributor", BIT),
                c("is_sync_with_backup", BIT), c("service_broker_guid", "UUID"), c("is_broker_enabled", BIT),
                c("log_reuse_wait", TINYINT), c("log_reuse_wait_desc", DESC), c("is_cdc_enabled", BIT),
                c("is_encrypted", BIT), c("is_honor_broker_priority_on", BIT), c("replica_id", "UUID"),
                c("group_database_id", "UUID"), c("containment", TINYINT), c("containment_desc", DESC),
                c("target_recovery_time_in_seconds", "INTEGER"), c("delayed_durability", "INTEGER"),
                c("delayed_durability_desc", DESC), c("is_memory_optimized_elevate_to_snapshot_on", BIT),
                c("is_query_store_on", BIT, 13), c("is_remote_data_archive_enabled", BIT, 13),
                c("is_temporal_history_retention_enabled", BIT, 14),
                // ADR arrived with SQL Server 2019 (15.x): selecting it on 2016/2017 gives error 207.
                c("is_accelerated_database_recovery_on", BIT, 15), c("is_ledger_on", BIT, 16)));
        tables.put("sys.master_files", List.of(c("database_id", "INTEGER"), c("file_id", "INTEGER"),
                c("file_guid", "UUID"), c("type", TINYINT), c("type_desc", DESC), c("data_space_id", "INTEGER"),
                c("name", SYSNAME), c("physical_name", "VARCHAR(260)"), c("state", TINYINT), c("state_desc", DESC),
                c("size", "INTEGER"), c("max_size", "INTEGER"), c("growth", "INTEGER"), c("is_media_read_only", BIT),
                c("is_read_only", BIT), c("is_sparse", BIT), c("is_percent_growth", BIT),
                c("is_name_reserved", BIT)));
        for (String schema : List.of("sys", "userdb_sys")) {
            tables.put(schema + ".symmetric_keys", List.of(c("name", SYSNAME), c("principal_id", "INTEGER"),
                    c("symmetric_key_id", "INTEGER"), c("key_length", "INTEGER"), c("key_algorithm", "CHAR(2)"),
                    c("algorithm_desc", DESC), c("create_date", DATETIME), c("modify_date", DATETIME),
                    c("key_guid", "UUID"), c("key_thumbprint", "VARBINARY(32)"), c("provider_type", "VARCHAR(60)"),
                    c("cryptographic_provider_guid", "UUID"), c("cryptographic_provider_algid", "VARCHAR(8000)")));
            tables.put(schema + ".certificates", List.of(c("name", SYSNAME), c("certificate_id", "INTEGER"),
                    c("principal_id", "INTEGER"), c("pvt_key_encryption_type", "CHAR(2)"),
                    c("pvt_key_encryption_type_desc", DESC), c("is_active_for_begin_dialog", BIT),
                    c("issuer_name", "VARCHAR(442)"), c("cert_serial_number", "VARCHAR(64)"),
                    c("sid", "VARBINARY(85)"), c("string_sid", SYSNAME), c("subject", "VARCHAR(4000)"),
                    c("expiry_date", DATETIME), c("start_date", DATETIME), c("thumbprint", "VARBINARY(32)"),
                    c("attested_by", "VARCHAR(260)"), c("pvt_key_last_backup_date", DATETIME),
                    c("key_length", "INTEGER")));
        }
        tables.put("sys.endpoints", endpointColumns());
        List<Col> dbm = endpointColumns();
        dbm.addAll(List.of(c("role", TINYINT), c("role_desc", DESC), c("is_encryption_enabled", BIT),
                c("connection_auth", TINYINT), c("connection_auth_desc", DESC), c("certificate_id", "INTEGER"),
                c("encryption_algorithm", TINYINT), c("encryption_algorithm_desc", DESC)));
        tables.put("sys.database_mirroring_endpoints", dbm);
        List<Col> tcp = endpointColumns();
        tcp.addAll(List.of(c("port", "INTEGER"), c("is_dynamic_port", BIT), c("ip_address", "VARCHAR(45)")));
        tables.put("sys.tcp_endpoints", tcp);
        tables.put("sys.availability_groups", List.of(c("group_id", "UUID"), c("name", SYSNAME),
                c("resource_id", "VARCHAR(40)"), c("resource_group_id", "VARCHAR(40)"),
                c("failure_condition_level", "INTEGER"), c("health_check_timeout", "INTEGER"),
                c("automated_backup_preference", TINYINT), c("automated_backup_preference_desc", DESC),
                c("version", "SMALLINT"), c("basic_features", BIT), c("dtc_support", BIT), c("db_failover", BIT),
                c("is_distributed", BIT),
                // CLUSTER_TYPE arrived with SQL Server 2017 (14.x).
                c("cluster_type", TINYINT, 14), c("cluster_type_desc", DESC, 14),
                c("required_synchronized_secondaries_to_commit", "INTEGER", 14), c("sequence_number", "BIGINT", 14),
                c("is_contained", BIT, 16)));
        tables.put("sys.availability_replicas", List.of(c("replica_id", "UUID"), c("group_id", "UUID"),
                c("replica_metadata_id", "INTEGER"), c("replica_server_name", "VARCHAR(256)"),
                c("owner_sid", "VARBINARY(85)"), c("endpoint_url", "VARCHAR(128)"), c("availability_mode", TINYINT),
                c("availability_mode_desc", DESC), c("failover_mode", TINYINT), c("failover_mode_desc", DESC),
                c("session_timeout", "INTEGER"), c("primary_role_allow_connections", TINYINT),
                c("primary_role_allow_connections_desc", DESC), c("secondary_role_allow_connections", TINYINT),
                c("secondary_role_allow_connections_desc", DESC), c("create_date", DATETIME),
                c("modify_date", DATETIME), c("backup_priority", "INTEGER"), c("read_only_routing_url", "VARCHAR(256)"),
                c("seeding_mode", TINYINT), c("seeding_mode_desc", DESC),
                // READ_WRITE_ROUTING_URL arrived with SQL Server 2019 (Microsoft Learn, sys.availability_replicas).
                c("read_write_routing_url", "VARCHAR(256)", 15)));
        tables.put("sys.dm_database_encryption_keys", List.of(c("database_id", "INTEGER"),
                c("encryption_state", "INTEGER"), c("create_date", DATETIME), c("regenerate_date", DATETIME),
                c("modify_date", DATETIME), c("set_date", DATETIME), c("opened_date", DATETIME),
                c("key_algorithm", "VARCHAR(32)"), c("key_length", "INTEGER"),
                c("encryptor_thumbprint", "VARBINARY(32)"), c("encryptor_type", "VARCHAR(32)"),
                c("percent_complete", "REAL")));
        tables.put("sys.dm_os_host_info", List.of(c("host_platform", "VARCHAR(256)"),
                c("host_distribution", "VARCHAR(256)"), c("host_release", "VARCHAR(256)"),
                c("host_service_pack_level", "VARCHAR(256)"), c("host_sku", "INTEGER"),
                // The six columns Microsoft Learn lists for every version (sys.dm_os_host_info); no more.
                c("os_language_version", "INTEGER")));
        // value_data is sql_variant in SQL Server; the twin declares it as a string and sends it as sql_variant.
        tables.put("sys.dm_server_registry", List.of(c("registry_key", "VARCHAR(256)"),
                c("value_name", "VARCHAR(256)"), c("value_data", "VARCHAR(8000)")));
        tables.put("sys.database_recovery_status", List.of(c("database_id", "INTEGER"), c("database_guid", "UUID"),
                c("family_guid", "UUID"), c("last_log_backup_lsn", LSN), c("recovery_fork_guid", "UUID"),
                c("first_recovery_fork_guid", "UUID"), c("fork_point_lsn", LSN)));
        // Columns in the order of Microsoft Learn's sys.dm_hadr_database_replica_states page.
        tables.put("sys.dm_hadr_database_replica_states", List.of(c("database_id", "INTEGER"),
                c("group_id", "UUID"), c("replica_id", "UUID"), c("group_database_id", "UUID"),
                c("is_local", BIT), c("is_primary_replica", BIT), c("synchronization_state", TINYINT),
                c("synchronization_state_desc", DESC), c("is_commit_participant", BIT),
                c("synchronization_health", TINYINT), c("synchronization_health_desc", DESC),
                c("database_state", TINYINT), c("database_state_desc", DESC), c("is_suspended", BIT),
                c("suspend_reason", TINYINT), c("suspend_reason_desc", DESC), c("recovery_lsn", LSN),
                c("truncation_lsn", LSN), c("last_sent_lsn", LSN), c("last_sent_time", DATETIME),
                c("last_received_lsn", LSN), c("last_received_time", DATETIME), c("last_hardened_lsn", LSN),
                c("last_hardened_time", DATETIME), c("last_redone_lsn", LSN), c("last_redone_time", DATETIME),
                c("log_send_queue_size", "BIGINT"), c("log_send_rate", "BIGINT"), c("redo_queue_size", "BIGINT"),
                c("redo_rate", "BIGINT"), c("filestream_send_rate", "BIGINT"), c("end_of_log_lsn", LSN),
                c("last_commit_lsn", LSN), c("last_commit_time", DATETIME),
                c("low_water_mark_for_ghosts", "BIGINT"), c("secondary_lag_seconds", "BIGINT")));
        // Automatic seeding arrived with SQL Server 2016 (13.x); the two seeding views (Microsoft Learn,
        // sys.dm_hadr_automatic_seeding and sys.dm_hadr_physical_seeding_stats), columns in their order.
        // current_state is documented as bit but holds text (PENDING, SEEDING, COMPLETED, FAILED, ...).
        tables.put("sys.dm_hadr_automatic_seeding", List.of(c("start_time", DATETIME),
                c("completion_time", DATETIME), c("ag_id", "UUID"), c("ag_db_id", "UUID"),
                c("ag_remote_replica_id", "UUID"), c("operation_id", "UUID"), c("is_source", BIT),
                c("current_state", DESC), c("performed_seeding", BIT), c("failure_state", "INTEGER"),
                c("failure_state_desc", DESC), c("error_code", "INTEGER"), c("number_of_attempts", "INTEGER")));
        tables.put("sys.dm_hadr_physical_seeding_stats", List.of(c("local_physical_seeding_id", "UUID"),
                c("remote_physical_seeding_id", "UUID"), c("local_database_id", "INTEGER"),
                c("local_database_name", SYSNAME), c("remote_machine_name", "VARCHAR(256)"), c("role_desc", DESC),
                c("internal_state_desc", DESC), c("transfer_rate_bytes_per_second", "BIGINT"),
                c("transferred_size_bytes", "BIGINT"), c("database_size_bytes", "BIGINT"),
                c("start_time_utc", DATETIME), c("end_time_utc", DATETIME), c("estimate_time_complete_utc", DATETIME),
                c("total_disk_io_wait_time_ms", "BIGINT"), c("total_network_wait_time_ms", "BIGINT"),
                c("failure_code", "INTEGER"), c("failure_message", "VARCHAR(4000)"), c("failure_time_utc", DATETIME),
                c("is_compression_enabled", BIT)));
        tables.put("sys.dm_hadr_availability_replica_states", List.of(c("replica_id", "UUID"), c("group_id", "UUID"),
                c("is_local", BIT), c("role", TINYINT), c("role_desc", DESC), c("operational_state", TINYINT),
                c("operational_state_desc", DESC), c("connected_state", TINYINT), c("connected_state_desc", DESC),
                c("recovery_health", TINYINT), c("recovery_health_desc", DESC),
                c("synchronization_health", TINYINT), c("synchronization_health_desc", DESC),
                c("last_connect_error_number", "INTEGER"), c("last_connect_error_description", "VARCHAR(1024)"),
                c("last_connect_error_timestamp", DATETIME)));
        tables.put("sys.dm_hadr_availability_group_states", List.of(c("group_id", "UUID"),
                c("primary_replica", "VARCHAR(128)"), c("primary_recovery_health", TINYINT),
                c("primary_recovery_health_desc", DESC), c("secondary_recovery_health", TINYINT),
                c("secondary_recovery_health_desc", DESC), c("synchronization_health", TINYINT),
                c("synchronization_health_desc", DESC)));
        tables.put("sys.availability_databases_cluster", List.of(c("group_id", "UUID"),
                c("group_database_id", "UUID"), c("database_name", SYSNAME), c("truncation_lsn", LSN)));
        tables.put("msdb_dbo.backupset", List.of(c("backup_set_id", "INTEGER"), c("backup_set_uuid", "UUID"),
                c("media_set_id", "INTEGER"), c("first_family_number", TINYINT), c("first_media_number", "SMALLINT"),
                c("last_family_number", TINYINT), c("last_media_number", "SMALLINT"),
                c("catalog_family_number", TINYINT), c("catalog_media_number", "SMALLINT"), c("position", "INTEGER"),
                c("expiration_date", DATETIME), c("software_vendor_id", "INTEGER"), c("name", "VARCHAR(128)"),
                c("description", "VARCHAR(255)"), c("user_name", "VARCHAR(128)"),
                c("software_major_version", TINYINT), c("software_minor_version", TINYINT),
                c("software_build_version", "SMALLINT"), c("time_zone", "SMALLINT"), c("mtf_minor_version", TINYINT),
                c("first_lsn", LSN), c("last_lsn", LSN), c("checkpoint_lsn", LSN), c("database_backup_lsn", LSN),
                c("database_creation_date", DATETIME), c("backup_start_date", DATETIME),
                c("backup_finish_date", DATETIME), c("type", "CHAR(1)"), c("sort_order", "SMALLINT"),
                c("code_page", "SMALLINT"), c("compatibility_level", TINYINT), c("database_version", "INTEGER"),
                c("backup_size", "NUMERIC(20,0)"), c("database_name", "VARCHAR(128)"),
                c("server_name", "VARCHAR(128)"), c("machine_name", "VARCHAR(128)"), c("flags", "INTEGER"),
                c("unicode_locale", "INTEGER"), c("unicode_compare_style", "INTEGER"),
                c("collation_name", "VARCHAR(128)"), c("is_password_protected", BIT),
                c("recovery_model", "VARCHAR(60)"), c("has_bulk_logged_data", BIT), c("is_snapshot", BIT),
                c("is_readonly", BIT), c("is_single_user", BIT), c("has_backup_checksums", BIT),
                c("is_damaged", BIT), c("begins_log_chain", BIT), c("has_incomplete_metadata", BIT),
                c("is_force_offline", BIT), c("is_copy_only", BIT), c("first_recovery_fork_guid", "UUID"),
                c("last_recovery_fork_guid", "UUID"), c("fork_point_lsn", LSN), c("database_guid", "UUID"),
                c("family_guid", "UUID"), c("differential_base_lsn", LSN), c("differential_base_guid", "UUID"),
                c("compressed_backup_size", "NUMERIC(20,0)"), c("key_algorithm", "VARCHAR(32)"),
                c("encryptor_thumbprint", "VARBINARY(20)"), c("encryptor_type", "VARCHAR(32)")));
        defineAgentJobTables();
        tables.put("twin.certificate_der", List.of(c("certificate_id", "INTEGER"), c("der", "VARBINARY(1000000000)")));
        // sys.filegroups lives in each database; database_id says whose row it is, and a view per database shows
        // one database's rows under SQL Server's columns (Microsoft Learn, "sys.filegroups (Transact-SQL)").
        tables.put("twin.filegroups", List.of(c("database_id", "INTEGER"), c("name", SYSNAME),
                c("data_space_id", "INTEGER"), c("type", "CHAR(2)"), c("type_desc", DESC), c("is_default", BIT),
                c("is_system", BIT), c("filegroup_guid", "UUID"), c("log_filegroup_id", "INTEGER"),
                c("is_read_only", BIT), c("is_autogrow_all_files", BIT)));
    }

    /**
     * SQL Server Agent's msdb tables, with the columns of Microsoft Learn's "dbo.sysjobs", "dbo.sysjobsteps",
     * "dbo.sysjobhistory" and "dbo.sysjobactivity" pages that the twin fills (others are absent, so a query naming
     * one fails with 207 rather than read a made-up value).
     */
    private void defineAgentJobTables() {
        tables.put("msdb_dbo.sysjobs", List.of(c("job_id", "UUID"), c("originating_server_id", "INTEGER"),
                c("name", SYSNAME), c("enabled", TINYINT), c("description", "VARCHAR(512)"),
                c("start_step_id", "INTEGER"), c("category_id", "INTEGER"), c("owner_sid", "VARBINARY(85)"),
                c("delete_level", "INTEGER"), c("date_created", DATETIME), c("date_modified", DATETIME),
                c("version_number", "INTEGER")));
        tables.put("msdb_dbo.sysjobsteps", List.of(c("job_id", "UUID"), c("step_id", "INTEGER"),
                c("step_name", SYSNAME), c("subsystem", "VARCHAR(40)"), c("command", "VARCHAR(1000000)"),
                c("on_success_action", TINYINT), c("on_success_step_id", "INTEGER"), c("on_fail_action", TINYINT),
                c("on_fail_step_id", "INTEGER"), c("database_name", SYSNAME)));
        tables.put("msdb_dbo.sysjobhistory", List.of(c("instance_id", "INTEGER"), c("job_id", "UUID"),
                c("step_id", "INTEGER"), c("step_name", SYSNAME), c("sql_message_id", "INTEGER"),
                c("sql_severity", "INTEGER"), c("message", "VARCHAR(4000)"), c("run_status", "INTEGER"),
                c("run_date", "INTEGER"), c("run_time", "INTEGER"), c("run_duration", "INTEGER"),
                c("operator_id_emailed", "INTEGER"), c("operator_id_netsent", "INTEGER"),
                c("operator_id_paged", "INTEGER"), c("retries_attempted", "INTEGER"), c("server", SYSNAME)));
        tables.put("msdb_dbo.sysjobactivity", List.of(c("session_id", "INTEGER"), c("job_id", "UUID"),
                c("run_requested_date", DATETIME), c("run_requested_source", SYSNAME), c("queued_date", DATETIME),
                c("start_execution_date", DATETIME), c("last_executed_step_id", "INTEGER"),
                c("last_executed_step_date", DATETIME), c("stop_execution_date", DATETIME),
                c("job_history_id", "INTEGER"), c("next_scheduled_run_date", DATETIME)));
    }

    private void fillAgentJobs(InstanceState st) throws SQLException {
        for (var job : st.agentJobs.jobs.values()) {
            insert("msdb_dbo.sysjobs", row("job_id", job.id, "originating_server_id", 0, "name", job.name,
                    "enabled", job.enabled ? 1 : 0, "description", job.description, "start_step_id", job.startStepId,
                    "category_id", 0, "owner_sid", new byte[] {1}, "delete_level", 0, "date_created", job.created,
                    "date_modified", job.created, "version_number", 1 + job.steps.size() + job.servers.size()));
            for (var step : job.steps) {
                insert("msdb_dbo.sysjobsteps", row("job_id", job.id, "step_id", step.id(), "step_name", step.name(),
                        "subsystem", step.subsystem(), "command", step.command(),
                        "on_success_action", step.onSuccessAction(), "on_success_step_id", step.onSuccessStepId(),
                        "on_fail_action", step.onFailAction(), "on_fail_step_id", step.onFailStepId(),
                        "database_name", step.databaseName()));
            }
        }
        for (var h : st.agentJobs.history) {
            LocalDateTime start = LocalDateTime.ofInstant(h.start(), ZoneOffset.UTC);
            long d = h.durationSeconds();
            insert("msdb_dbo.sysjobhistory", row("instance_id", h.instanceId(), "job_id", h.jobId(),
                    "step_id", h.stepId(), "step_name", h.stepName(), "sql_message_id", h.sqlMessageId(),
                    "sql_severity", h.sqlSeverity(), "message", h.message(), "run_status", h.runStatus(),
                    // run_date yyyyMMdd, run_time and run_duration HHmmss, as integers (dbo.sysjobhistory)
                    "run_date", start.getYear() * 10000 + start.getMonthValue() * 100 + start.getDayOfMonth(),
                    "run_time", start.getHour() * 10000 + start.getMinute() * 100 + start.getSecond(),
                    "run_duration", (int) ((d / 3600) * 10000 + (d / 60 % 60) * 100 + d % 60),
                    "operator_id_emailed", 0, "operator_id_netsent", 0, "operator_id_paged", 0,
                    "retries_attempted", 0, "server", h.server()));
        }
        for (var a : st.agentJobs.activity.values()) {
            insert("msdb_dbo.sysjobactivity", row("session_id", 1, "job_id", a.jobId,
                    "run_requested_date", a.runRequested, "run_requested_source", a.runRequestedSource,
                    "start_execution_date", a.started, "last_executed_step_id", a.lastExecutedStepId,
                    "last_executed_step_date", a.lastExecutedStepDate, "stop_execution_date", a.stopped,
                    "job_history_id", a.jobHistoryId));
        }
    }

    /** The H2 view behind {@code [db].sys.<view>} for a per-database catalog view. */
    public static String perDatabaseView(String view, int databaseId) {
        return view + "_" + databaseId;
    }

    /**
     * One view per database for each per-database catalog view. sys.database_files is sys.master_files' rows of that
     * database without its database_id, as on SQL Server, so the two never disagree.
     */
    private void createPerDatabaseViews(InstanceState st) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (InstanceState.DatabaseState d : st.databases.values()) {
                s.execute("CREATE VIEW IF NOT EXISTS \"twin\".\"" + perDatabaseView("filegroups", d.id) + "\" AS "
                        + "SELECT \"name\", \"data_space_id\", \"type\", \"type_desc\", \"is_default\", "
                        + "\"is_system\", \"filegroup_guid\", \"log_filegroup_id\", \"is_read_only\", "
                        + "\"is_autogrow_all_files\" FROM twin.filegroups WHERE \"database_id\" = " + d.id);
                s.execute("CREATE VIEW IF NOT EXISTS \"twin\".\"" + perDatabaseView("database_files", d.id)
                        + "\" AS SELECT \"file_id\", \"file_guid\", \"type\", \"type_desc\", \"data_space_id\", "
                        + "\"name\", \"physical_name\", \"state\", \"state_desc\", \"size\", \"max_size\", "
                        + "\"growth\", \"is_media_read_only\", \"is_read_only\", \"is_sparse\", "
                        + "\"is_percent_growth\", \"is_name_reserved\" FROM sys.master_files WHERE \"database_id\" = "
                        + d.id);
            }
        }
    }

    /** Refills every table from the state when it changed since the last call. Caller holds the state lock. */
    public void sync(InstanceState state) {
        replication.get().refresh();
        if (state.version() == syncedVersion && state.replicationVersion() == syncedReplicationVersion) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            if (state.version() == syncedVersion) {
                // Only the link world moved: its rows are the availability group tables' (the same fill as below).
                for (String table : AVAILABILITY_GROUP_TABLES) {
                    s.execute("TRUNCATE TABLE " + table);
                }
                fillAvailabilityGroups(state);
                fillDistributedGroups(state);
            } else {
                for (String table : tables.keySet()) {
                    s.execute("TRUNCATE TABLE " + table);
                }
                fill(state);
                fillAgentJobs(state);
                createPerDatabaseViews(state);
            }
            // Read after the fill: reading the world's statuses during it may have moved the world again.
            syncedVersion = state.version();
            syncedReplicationVersion = state.replicationVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot refresh the twin's catalog", e);
        }
    }

    private void insert(String table, Map<String, Object> row) throws SQLException {
        List<Col> cols = columns(table);
        PreparedStatement ps = inserts.get(table);
        if (ps == null) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES (");
            for (int i = 0; i < cols.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            ps = connection.prepareStatement(sql.append(")").toString());
            inserts.put(table, ps);
        }
        for (int i = 0; i < cols.size(); i++) {
            Object v = row.get(cols.get(i).name);
            if (v instanceof Instant in) {
                v = Timestamp.valueOf(LocalDateTime.ofInstant(in, ZoneOffset.UTC).withNano(in.getNano() / 1_000_000 * 1_000_000));
            }
            ps.setObject(i + 1, v);
        }
        ps.executeUpdate();
    }

    private final Map<String, List<Col>> columnsByTable = new HashMap<>();

    /** The table's columns in this major version. */
    private List<Col> columns(String table) {
        return columnsByTable.computeIfAbsent(table, t -> tables.get(t).stream().filter(c -> c.minMajor <= major)
                .toList());
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void fill(InstanceState st) throws SQLException {
        String collation = server.collation();
        boolean anyTde = false;
        Map<String, java.util.UUID> groupDatabaseIds = new HashMap<>();
        Map<String, java.util.UUID> replicaIds = new HashMap<>();
        for (AvailabilityGroupState g : st.hadr.plainGroups()) {
            ReplicaState local = g.localReplica();
            g.databases.forEach((name, id) -> {
                groupDatabaseIds.put(InstanceState.key(name), id);
                replicaIds.put(InstanceState.key(name), local == null ? null : local.replicaId);
            });
        }
        for (InstanceState.DatabaseState d : st.databases.values()) {
            int recovery = switch (d.recoveryModel) { case FULL -> 1; case BULK_LOGGED -> 2; case SIMPLE -> 3; };
            int state = switch (d.state) {
                case ONLINE -> 0; case RESTORING -> 1; case RECOVERING -> 2; case RECOVERY_PENDING -> 3;
                case SUSPECT -> 4; case EMERGENCY -> 5; case OFFLINE -> 6;
            };
            anyTde |= d.tde;
            Map<String, Object> r = row("name", d.name, "database_id", d.id, "owner_sid", new byte[] {1},
                    "create_date", d.created, "compatibility_level", d.compatibilityLevel, "collation_name", collation,
                    "user_access", 0, "user_access_desc", "MULTI_USER", "is_read_only", false,
                    "is_auto_close_on", false, "is_auto_shrink_on", false, "state", state,
                    "state_desc", d.state.name(), "is_in_standby", false, "is_cleanly_shutdown", false,
                    "is_supplemental_logging_enabled", false, "snapshot_isolation_state", d.id == 1 || d.id == 4 ? 1 : 0,
                    "snapshot_isolation_state_desc", d.id == 1 || d.id == 4 ? "ON" : "OFF",
                    "is_read_committed_snapshot_on", false, "recovery_model", recovery,
                    "recovery_model_desc", d.recoveryModel.name(), "page_verify_option", 2,
                    "page_verify_option_desc", "CHECKSUM", "is_auto_create_stats_on", true,
                    "is_auto_update_stats_on", true, "is_fulltext_enabled", !d.isSystem(), "is_trustworthy_on", d.id == 4,
                    "is_db_chaining_on", d.id == 1 || d.id == 2 || d.id == 4,
                    "is_master_key_encrypted_by_server", d.id == 1 && st.masterKeyCreated != null,
                    "is_published", false, "is_subscribed", false, "is_merge_published", false, "is_distributor", false,
                    "is_sync_with_backup", false, "service_broker_guid", d.guid, "is_broker_enabled", d.brokerEnabled,
                    // 9 AVAILABILITY_REPLICA (Microsoft Learn, sys.databases): truncation waits on the link's secondary.
                    "log_reuse_wait", d.logHeldByReplica ? 9 : 0,
                    "log_reuse_wait_desc", d.logHeldByReplica ? "AVAILABILITY_REPLICA" : "NOTHING", "is_cdc_enabled", false,
                    "is_encrypted", d.tde, "is_honor_broker_priority_on", false, "containment", 0,
                    "containment_desc", "NONE", "target_recovery_time_in_seconds", d.isSystem() ? 0 : 60,
                    "delayed_durability", 0, "delayed_durability_desc", "DISABLED",
                    "is_memory_optimized_elevate_to_snapshot_on", false, "is_query_store_on", false,
                    "is_remote_data_archive_enabled", false, "is_temporal_history_retention_enabled", true,
                    "is_accelerated_database_recovery_on", d.acceleratedDatabaseRecovery, "is_ledger_on", false);
            r.put("group_database_id", groupDatabaseIds.get(InstanceState.key(d.name)));
            r.put("replica_id", replicaIds.get(InstanceState.key(d.name)));
            insert("sys.databases", r);
            String dir = server.linux() ? "/var/opt/mssql/data/" : "C:\\Program Files\\Microsoft SQL Server\\MSSQL"
                    + server.majorVersion() + "." + server.serviceInstanceName() + "\\MSSQL\\DATA\\";
            String logical = d.id == 1 ? "master" : d.id == 2 ? "tempdev" : d.id == 3 ? "modeldev" : d.id == 4 ? "MSDBData" : d.name;
            String file = d.id == 1 ? "master" : d.id == 2 ? "tempdb" : d.id == 3 ? "model" : d.id == 4 ? "MSDBData" : d.name;
            insert("sys.master_files", fileRow(d, 1, 0, "ROWS", 1, logical, dir + file + ".mdf", d.sizeMb * 128));
            int fileId = 2;
            for (int i = 0; i < d.logFiles; i++) {
                String logName = d.id == 1 ? "mastlog" : d.id == 2 ? "templog" : d.id == 3 ? "modellog" : d.id == 4 ? "MSDBLog"
                        : d.name + "_log" + (i == 0 ? "" : "_" + (i + 1));
                insert("sys.master_files", fileRow(d, fileId++, 1, "LOG", 0, logName, dir + logName + ".ldf",
                        (int) Math.max(64, d.logSizeMb * 128 / d.logFiles)));
            }
            insert("twin.filegroups", filegroupRow(d, "PRIMARY", 1, "FG", "ROWS_FILEGROUP", true));
            if (d.filestream) {
                insert("sys.master_files", fileRow(d, fileId++, 2, "FILESTREAM", 2, d.name + "_fs", dir + d.name + "_fs", 0));
                insert("twin.filegroups", filegroupRow(d, d.name + "_fs", 2, "FD", "FILESTREAM_DATA_FILEGROUP", false));
            }
            if (d.inMemoryOltp) {
                // A memory-optimized container is a FILESTREAM-type file in an FX filegroup (sys.master_files shows
                // both as type 2; only the database's sys.filegroups tells them apart).
                insert("sys.master_files", fileRow(d, fileId++, 2, "FILESTREAM", 3, d.name + "_xtp", dir + d.name + "_xtp", 0));
                insert("twin.filegroups", filegroupRow(d, d.name + "_xtp", 3, "FX", "MEMORY_OPTIMIZED_DATA_FILEGROUP",
                        false));
            }
            if (d.tde) {
                insert("sys.dm_database_encryption_keys", tdeRow(d.id, d.created));
            }
            boolean chain = !d.isSystem() && d.recoveryModel != Scenario.RecoveryModel.SIMPLE
                    && st.backups.stream().anyMatch(b -> b.databaseName().equalsIgnoreCase(d.name)
                    && b.type().equals("D") && !b.copyOnly() && b.finish().isAfter(d.chainResetAt));
            long lastLog = st.backups.stream().filter(b -> b.databaseName().equalsIgnoreCase(d.name))
                    .mapToLong(InstanceState.BackupRecord::lastLsn).max().orElse(0);
            insert("sys.database_recovery_status", row("database_id", d.id, "database_guid", d.guid,
                    "family_guid", d.guid, "last_log_backup_lsn", chain ? BigDecimal.valueOf(lastLog) : null,
                    "recovery_fork_guid", d.guid, "first_recovery_fork_guid", d.guid));
        }
        if (anyTde) {
            // With any database encrypted, SQL Server encrypts tempdb too (Microsoft Learn, "Transparent data encryption").
            insert("sys.dm_database_encryption_keys", tdeRow(2, Instant.now()));
        }
        if (st.masterKeyCreated != null) {
            insert("sys.symmetric_keys", row("name", "##MS_DatabaseMasterKey##", "principal_id", 1,
                    "symmetric_key_id", 101, "key_length", 256, "key_algorithm", "A3", "algorithm_desc", "AES_256",
                    "create_date", st.masterKeyCreated, "modify_date", st.masterKeyCreated,
                    "key_guid", UUID.nameUUIDFromBytes(("dmk" + st.masterKeyCreated).getBytes()),
                    "provider_type", null));
        }
        for (InstanceState.CertificateState cert : st.certificates.values()) {
            byte[] sid = new byte[12 + 16];
            byte[] prefix = {1, 6, 0, 0, 0, 0, 0, 9, 1, 0, 0, 0};
            System.arraycopy(prefix, 0, sid, 0, 12);
            System.arraycopy(cert.thumbprint, 0, sid, 12, 16);
            String pk = cert.privateKeyEncryption;
            String pkDesc = switch (pk) {
                case "MK" -> "ENCRYPTED_BY_MASTER_KEY";
                case "PW" -> "ENCRYPTED_BY_PASSWORD";
                case "SK" -> "ENCRYPTED_BY_SERVICE_MASTER_KEY";
                default -> "NO_PRIVATE_KEY";
            };
            int keyLength = cert.certificate.getPublicKey() instanceof java.security.interfaces.RSAKey rsa
                    ? rsa.getModulus().bitLength() : 0;
            insert("sys.certificates", row("name", cert.name, "certificate_id", cert.id, "principal_id", 1,
                    "pvt_key_encryption_type", pk, "pvt_key_encryption_type_desc", pkDesc,
                    "is_active_for_begin_dialog", true,
                    "issuer_name", InstanceState.CertificateState.displayName(cert.certificate.getIssuerX500Principal()),
                    "cert_serial_number", serial(cert.certificate.getSerialNumber().toByteArray()),
                    "sid", sid, "string_sid", "S-1-9-1-" + Integer.toUnsignedString(java.nio.ByteBuffer.wrap(cert.thumbprint).getInt()),
                    "subject", InstanceState.CertificateState.displayName(cert.certificate.getSubjectX500Principal()),
                    "expiry_date", cert.certificate.getNotAfter().toInstant(),
                    "start_date", cert.certificate.getNotBefore().toInstant(), "thumbprint", cert.thumbprint,
                    "attested_by", null, "pvt_key_last_backup_date", null, "key_length", keyLength));
            insert("twin.certificate_der", row("certificate_id", cert.id, "der", cert.der));
        }
        for (Object[] sys : new Object[][] {{"Dedicated Admin Connection", 1, 2, "TCP", 2, "TSQL", true},
                {"TSQL Local Machine", 2, 4, "SHARED_MEMORY", 2, "TSQL", false},
                {"TSQL Named Pipes", 3, 3, "NAMED_PIPES", 2, "TSQL", false},
                {"TSQL Default TCP", 4, 2, "TCP", 2, "TSQL", false},
                {"TSQL Default VIA", 5, 5, "VIA", 2, "TSQL", false}}) {
            Map<String, Object> r = row("name", sys[0], "endpoint_id", sys[1], "principal_id", 1, "protocol", sys[2],
                    "protocol_desc", sys[3], "type", sys[4], "type_desc", sys[5], "state", 0, "state_desc", "STARTED",
                    "is_admin_endpoint", sys[6]);
            insert("sys.endpoints", r);
            if ("TCP".equals(sys[3])) {
                r.put("port", 0);
                r.put("is_dynamic_port", true);
                r.put("ip_address", null);
                insert("sys.tcp_endpoints", r);
            }
        }
        for (EndpointState e : st.hadr.endpoints) {
            int state = switch (e.state) { case STARTED -> 0; case STOPPED -> 1; case DISABLED -> 2; };
            Map<String, Object> r = row("name", e.name, "endpoint_id", e.id, "principal_id", 1, "protocol", 2,
                    "protocol_desc", "TCP", "type", 4, "type_desc", "DATABASE_MIRRORING", "state", state,
                    "state_desc", e.state.name(), "is_admin_endpoint", false);
            insert("sys.endpoints", r);
            Map<String, Object> t = new HashMap<>(r);
            t.put("port", e.port);
            t.put("is_dynamic_port", false);
            t.put("ip_address", e.listenerIp);
            insert("sys.tcp_endpoints", t);
            String role = e.role == null ? "ALL" : e.role.toUpperCase(java.util.Locale.ROOT);
            String algorithm = switch (e.encryption) {
                case DISABLED -> "NONE";
                case SUPPORTED -> "NONE " + e.algorithm;
                case REQUIRED -> e.algorithm;
            };
            InstanceState.CertificateState cert = st.certificate(e.certificateName);
            r.put("role", switch (role) { case "PARTNER" -> 1; case "WITNESS" -> 2; default -> 3; });
            r.put("role_desc", role);
            r.put("is_encryption_enabled", e.encryption != Scenario.EndpointEncryption.DISABLED);
            r.put("connection_auth", AUTH_CODES.indexOf(e.connectionAuthDesc) + 1);
            r.put("connection_auth_desc", e.connectionAuthDesc);
            r.put("certificate_id", cert == null ? null : cert.id);
            r.put("encryption_algorithm", ALGORITHM_CODES.indexOf(algorithm));
            r.put("encryption_algorithm_desc", algorithm);
            insert("sys.database_mirroring_endpoints", r);
        }
        fillAvailabilityGroups(st);
        fillDistributedGroups(st);
        if (major >= 14) {
            insert("sys.dm_os_host_info", server.linux()
                    ? row("host_platform", "Linux", "host_distribution", "Ubuntu", "host_release", "22.04",
                    "host_service_pack_level", "", "host_sku", null, "os_language_version", 0)
                    : row("host_platform", "Windows", "host_distribution", "Windows Server 2022 Datacenter",
                    "host_release", "10.0", "host_service_pack_level", "", "host_sku", 8, "os_language_version", 1033));
        }
        if (!server.linux()) {
            String key = "HKLM\\Software\\Microsoft\\Microsoft SQL Server\\MSSQL" + major + "."
                    + server.serviceInstanceName() + "\\MSSQLServer\\Parameters";
            String dir = "C:\\Program Files\\Microsoft SQL Server\\MSSQL" + major + "." + server.serviceInstanceName()
                    + "\\MSSQL\\";
            List<String> args = new ArrayList<>(List.of("-d" + dir + "DATA\\master.mdf", "-e" + dir + "Log\\ERRORLOG",
                    "-l" + dir + "DATA\\mastlog.ldf"));
            for (Integer flag : st.startupTraceFlags) {
                args.add("-T" + flag);
            }
            for (int i = 0; i < args.size(); i++) {
                insert("sys.dm_server_registry", row("registry_key", key, "value_name", "SQLArg" + i,
                        "value_data", args.get(i)));
            }
            insert("sys.dm_server_registry", row("registry_key", "HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
                    + (server.serviceInstanceName().equals("MSSQLSERVER") ? "MSSQLSERVER" : "MSSQL$" + server.serviceInstanceName()),
                    "value_name", "ObjectName", "value_data", "NT Service\\MSSQLSERVER"));
        }
        for (InstanceState.BackupRecord b : st.backups) {
            InstanceState.DatabaseState d = st.database(b.databaseName());
            insert("msdb_dbo.backupset", row("backup_set_id", b.backupSetId(),
                    "backup_set_uuid", UUID.nameUUIDFromBytes(("bs" + b.backupSetId()).getBytes()),
                    "media_set_id", b.backupSetId(), "first_family_number", 1, "first_media_number", 1,
                    "last_family_number", 1, "last_media_number", 1, "position", 1, "software_vendor_id", 4608,
                    "name", null, "description", null, "user_name", "sa", "software_major_version", major,
                    "software_minor_version", 0, "software_build_version", 4312, "time_zone", 0,
                    "mtf_minor_version", 0, "first_lsn", BigDecimal.valueOf(b.firstLsn()),
                    "last_lsn", BigDecimal.valueOf(b.lastLsn()), "checkpoint_lsn", BigDecimal.valueOf(b.firstLsn()),
                    "database_backup_lsn", BigDecimal.valueOf(b.databaseBackupLsn()),
                    "database_creation_date", d == null ? null : d.created, "backup_start_date", b.start(),
                    "backup_finish_date", b.finish(), "type", b.type(), "sort_order", 52, "code_page", 0,
                    "compatibility_level", d == null ? 150 : d.compatibilityLevel, "database_version", 904,
                    "backup_size", BigDecimal.valueOf(b.pages() * 8192L + 10240), "database_name", b.databaseName(),
                    "server_name", server.serverName(), "machine_name", server.machineName(), "flags", 512,
                    "unicode_locale", 1033, "unicode_compare_style", 196609, "collation_name", collation,
                    "is_password_protected", false, "recovery_model", b.recoveryModel(), "has_bulk_logged_data", false,
                    "is_snapshot", false, "is_readonly", false, "is_single_user", false,
                    "has_backup_checksums", b.checksums(), "is_damaged", false, "begins_log_chain", false,
                    "has_incomplete_metadata", false, "is_force_offline", false, "is_copy_only", b.copyOnly(),
                    "database_guid", d == null ? null : d.guid, "family_guid", d == null ? null : d.guid,
                    "compressed_backup_size", BigDecimal.valueOf(b.compressed() ? b.pages() * 8192L / 3 : b.pages() * 8192L + 10240)));
        }
    }

    /**
     * Plain availability groups, this instance their primary replica, its databases synchronized and healthy; other
     * replicas named in CREATE AVAILABILITY GROUP never connect (DISCONNECTED, NOT_HEALTHY) (Microsoft Learn:
     * sys.availability_groups, sys.availability_replicas, sys.availability_databases_cluster,
     * sys.dm_hadr_database_replica_states, sys.dm_hadr_availability_replica_states,
     * sys.dm_hadr_availability_group_states).
     */
    private void fillAvailabilityGroups(InstanceState st) throws SQLException {
        for (AvailabilityGroupState g : st.hadr.plainGroups()) {
            insertGroup(g);
            boolean allConnected = true;
            for (ReplicaState r : g.replicas) {
                insertReplica(g, r);
                insertReplicaState(g, r, r.local, r.local, true);
                allConnected &= r.local;
            }
            ReplicaState local = g.localReplica();
            insert("sys.dm_hadr_availability_group_states", row("group_id", g.groupId,
                    "primary_replica", server.serverName(), "primary_recovery_health", 1,
                    "primary_recovery_health_desc", "ONLINE",
                    "secondary_recovery_health", allConnected ? null : 0,
                    "secondary_recovery_health_desc", allConnected ? null : "PROGRESS",
                    "synchronization_health", allConnected ? 2 : 0,
                    "synchronization_health_desc", allConnected ? "HEALTHY" : "NOT_HEALTHY"));
            for (Map.Entry<String, UUID> member : g.databases.entrySet()) {
                InstanceState.DatabaseState d = st.database(member.getKey());
                insert("sys.availability_databases_cluster", row("group_id", g.groupId,
                        "group_database_id", member.getValue(), "database_name", d.name, "truncation_lsn", null));
                insertDatabaseReplicaState(st, d, g, local, member.getValue(), true, true, true);
            }
        }
    }

    /**
     * Distributed availability groups as the SQL Server side of a link sees them before anything replicates: the
     * local member (role from the replication: PRIMARY or SECONDARY) is connected, the remote member DISCONNECTED
     * and NOT_HEALTHY, the local member AG's databases are the group's (mi-link-workflow §3.10: "the DAG
     * disconnected until the MI joins"). The link world replaces these dynamic rows with its own values.
     */
    private void fillDistributedGroups(InstanceState st) throws SQLException {
        DistributedReplication link = replication.get();
        // Every DAG's status at one instant: one move of the world for all of them, not one per DAG.
        Map<String, io.milink.simulator.link.LinkStatus> statuses = new java.util.TreeMap<>(
                String.CASE_INSENSITIVE_ORDER);
        link.statuses().forEach(s -> statuses.put(s.name(), s));
        for (AvailabilityGroupState dag : st.hadr.distributedGroups()) {
            java.util.Optional<io.milink.simulator.link.LinkStatus> status = java.util.Optional.ofNullable(
                    statuses.get(dag.name));
            if (status.isPresent()) {
                insertGroup(dag);
                for (ReplicaState r : dag.replicas) {
                    insertReplica(dag, r);
                }
                linkRows.fill(st, dag, st.hadr.localMemberGroup(dag), status.get());
                continue;
            }
            boolean primary = link.isPrimary(dag.name);
            insertGroup(dag);
            ReplicaState local = dag.localReplica();
            ReplicaState remote = dag.remoteMember();
            for (ReplicaState r : dag.replicas) {
                insertReplica(dag, r);
                insertReplicaState(dag, r, r.local, r.local == primary, false);
            }
            String primaryName = primary ? (local == null ? null : local.name) : (remote == null ? null : remote.name);
            insert("sys.dm_hadr_availability_group_states", row("group_id", dag.groupId,
                    "primary_replica", primaryName, "primary_recovery_health", primary ? 1 : null,
                    "primary_recovery_health_desc", primary ? "ONLINE" : null,
                    "secondary_recovery_health", primary ? null : 1,
                    "secondary_recovery_health_desc", primary ? null : "ONLINE",
                    "synchronization_health", 0, "synchronization_health_desc", "NOT_HEALTHY"));
            AvailabilityGroupState localGroup = st.hadr.localMemberGroup(dag);
            if (localGroup == null) {
                continue;
            }
            for (Map.Entry<String, UUID> member : localGroup.databases.entrySet()) {
                InstanceState.DatabaseState d = st.database(member.getKey());
                insert("sys.availability_databases_cluster", row("group_id", dag.groupId,
                        "group_database_id", member.getValue(), "database_name", d.name, "truncation_lsn", null));
                insertDatabaseReplicaState(st, d, dag, local, member.getValue(), true, primary, primary);
                if (remote != null) {
                    insertDatabaseReplicaState(st, d, dag, remote, member.getValue(), false, !primary, false);
                }
            }
        }
    }

    private void insertGroup(AvailabilityGroupState g) throws SQLException {
        int clusterType = switch (g.clusterType) { case "WSFC" -> 0; case "EXTERNAL" -> 1; default -> 2; };
        int backup = switch (g.automatedBackupPreference) {
            case "PRIMARY" -> 0; case "SECONDARY_ONLY" -> 1; case "SECONDARY" -> 2; default -> 3;
        };
        insert("sys.availability_groups", row("group_id", g.groupId, "name", g.name,
                "resource_id", g.clusterType.equals("WSFC") && !g.distributed ? g.groupId.toString() : null,
                "resource_group_id", null, "failure_condition_level", g.failureConditionLevel,
                "health_check_timeout", g.healthCheckTimeout, "automated_backup_preference", backup,
                "automated_backup_preference_desc", g.automatedBackupPreference.toLowerCase(java.util.Locale.ROOT),
                "version", 1, "basic_features", g.basic, "dtc_support", g.dtcSupport, "db_failover", g.dbFailover,
                "is_distributed", g.distributed, "cluster_type", clusterType,
                "cluster_type_desc", g.clusterType.toLowerCase(java.util.Locale.ROOT),
                "required_synchronized_secondaries_to_commit", g.requiredSynchronizedSecondariesToCommit,
                "sequence_number", 1L, "is_contained", false));
    }

    private void insertReplica(AvailabilityGroupState g, ReplicaState r) throws SQLException {
        // primary_role_allow_connections: 2 = ALL (default), 3 = READ_WRITE (sys.availability_replicas)
        int primaryConnections = r.primaryAllowConnections.equals("READ_WRITE") ? 3 : 2;
        int secondaryConnections = switch (r.secondaryAllowConnections) { case "READ_ONLY" -> 1; case "ALL" -> 2; default -> 0; };
        insert("sys.availability_replicas", row("replica_id", r.replicaId, "group_id", g.groupId,
                "replica_metadata_id", r.local ? 1 : null, "replica_server_name", r.name, "owner_sid", new byte[] {1},
                "endpoint_url", r.endpointUrl, "availability_mode", r.availabilityMode.code,
                "availability_mode_desc", r.availabilityMode.name(), "failover_mode", r.failoverMode.code,
                "failover_mode_desc", r.failoverMode.name(), "session_timeout", r.sessionTimeout,
                "primary_role_allow_connections", primaryConnections,
                "primary_role_allow_connections_desc", r.primaryAllowConnections,
                "secondary_role_allow_connections", secondaryConnections,
                "secondary_role_allow_connections_desc", r.secondaryAllowConnections,
                "create_date", r.created, "modify_date", r.modified, "backup_priority", r.backupPriority,
                "read_only_routing_url", null, "seeding_mode", r.seedingMode.code,
                "seeding_mode_desc", r.seedingMode.name()));
    }

    /**
     * A row of sys.dm_hadr_availability_replica_states: the local replica ONLINE and CONNECTED; a remote one without
     * operational state or recovery health (NULL for a replica that is not local), DISCONNECTED and NOT_HEALTHY.
     */
    private void insertReplicaState(AvailabilityGroupState g, ReplicaState r, boolean local, boolean primary,
                                    boolean healthyWhenLocal) throws SQLException {
        boolean healthy = local && healthyWhenLocal;
        insert("sys.dm_hadr_availability_replica_states", row("replica_id", r.replicaId, "group_id", g.groupId,
                "is_local", local, "role", primary ? 1 : 2, "role_desc", primary ? "PRIMARY" : "SECONDARY",
                "operational_state", local ? 2 : null, "operational_state_desc", local ? "ONLINE" : null,
                "connected_state", local ? 1 : 0, "connected_state_desc", local ? "CONNECTED" : "DISCONNECTED",
                "recovery_health", local ? 1 : null, "recovery_health_desc", local ? "ONLINE" : null,
                "synchronization_health", healthy || local && primary ? 2 : 0,
                "synchronization_health_desc", healthy || local && primary ? "HEALTHY" : "NOT_HEALTHY"));
    }

    /** A row of sys.dm_hadr_database_replica_states; synchronized ones have hardened all of the log. */
    private void insertDatabaseReplicaState(InstanceState st, InstanceState.DatabaseState d, AvailabilityGroupState g,
                                            ReplicaState replica, UUID groupDatabaseId, boolean local,
                                            boolean primaryReplica, boolean synchronized_) throws SQLException {
        BigDecimal endOfLog = BigDecimal.valueOf(st.backups.stream()
                .filter(b -> b.databaseName().equalsIgnoreCase(d.name))
                .mapToLong(InstanceState.BackupRecord::lastLsn).max().orElse(37_000_000_001_000_001L) + 1);
        insert("sys.dm_hadr_database_replica_states", row("database_id", d.id, "group_id", g.groupId,
                "replica_id", replica == null ? null : replica.replicaId, "group_database_id", groupDatabaseId,
                "is_local", local, "is_primary_replica", primaryReplica,
                "synchronization_state", synchronized_ ? 2 : 0,
                "synchronization_state_desc", synchronized_ ? "SYNCHRONIZED" : "NOT SYNCHRONIZING",
                "is_commit_participant", synchronized_, "synchronization_health", synchronized_ ? 2 : 0,
                "synchronization_health_desc", synchronized_ ? "HEALTHY" : "NOT_HEALTHY", "database_state", 0,
                "database_state_desc", "ONLINE", "is_suspended", false, "log_send_queue_size", 0L,
                "log_send_rate", 0L, "redo_queue_size", 0L, "redo_rate", 0L,
                "last_hardened_lsn", synchronized_ ? endOfLog : null, "end_of_log_lsn", synchronized_ ? endOfLog : null,
                "last_commit_lsn", synchronized_ ? endOfLog : null, "last_commit_time", null));
    }

    /** connection_auth codes 1..10 (Microsoft Learn, sys.database_mirroring_endpoints). */
    private static final List<String> AUTH_CODES = List.of("NTLM", "KERBEROS", "NEGOTIATE", "CERTIFICATE",
            "NTLM CERTIFICATE", "KERBEROS CERTIFICATE", "NEGOTIATE CERTIFICATE", "CERTIFICATE NTLM",
            "CERTIFICATE KERBEROS", "CERTIFICATE NEGOTIATE");

    /** encryption_algorithm codes 0..8 (same page). */
    private static final List<String> ALGORITHM_CODES = List.of("NONE", "RC4", "AES", "NONE RC4", "NONE AES",
            "RC4 AES", "AES RC4", "NONE RC4 AES", "NONE AES RC4");

    private Map<String, Object> fileRow(InstanceState.DatabaseState d, int fileId, int type, String typeDesc,
                                        int dataSpace, String name, String physical, int pages) {
        return row("database_id", d.id, "file_id", fileId, "file_guid", UUID.nameUUIDFromBytes((d.name + fileId).getBytes()),
                "type", type, "type_desc", typeDesc, "data_space_id", dataSpace, "name", name,
                "physical_name", physical, "state", 0, "state_desc", "ONLINE", "size", pages,
                "max_size", type == 1 ? 268435456 : -1, "growth", type == 1 ? 8192 : 8192,
                "is_media_read_only", false, "is_read_only", false, "is_sparse", false, "is_percent_growth", false,
                "is_name_reserved", false);
    }

    private static Map<String, Object> filegroupRow(InstanceState.DatabaseState d, String name, int dataSpace,
                                                    String type, String typeDesc, boolean isDefault) {
        return row("database_id", d.id, "name", name, "data_space_id", dataSpace, "type", type, "type_desc", typeDesc,
                "is_default", isDefault, "is_system", false,
                "filegroup_guid", dataSpace == 1 ? null : UUID.nameUUIDFromBytes((d.name + "/fg/" + dataSpace).getBytes()),
                "log_filegroup_id", null, "is_read_only", false, "is_autogrow_all_files", false);
    }

    private static Map<String, Object> tdeRow(int databaseId, Instant created) {
        return row("database_id", databaseId, "encryption_state", 3, "create_date", created,
                "regenerate_date", created, "modify_date", created, "set_date", created, "opened_date", created,
                "key_algorithm", "AES", "key_length", 256, "encryptor_thumbprint", new byte[20],
                "encryptor_type", databaseId == 2 ? "ASYMMETRIC KEY" : "CERTIFICATE", "percent_complete", 0.0f);
    }

    /** SQL Server shows serial numbers as space-separated hex bytes. UNCONFIRMED byte order. */
    private static String serial(byte[] bytes) {
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int i = start; i < bytes.length; i++) {
            sb.append(i == start ? "" : " ").append(hex.toHexDigits(bytes[i]));
        }
        String s = sb.toString();
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing an in-memory database cannot lose anything
        }
    }
}
