package io.milink.preflight.inventory;

import io.milink.core.Tsql;

import java.util.List;

/**
 * The T-SQL that collects every SQL-Server-side fact in one round trip: one batch, several result sets
 * (shared/reference/mi-link-workflow.md §1.10). Read-only. It is also what {@code --print-inventory-sql} prints.
 *
 * <p>Each result set starts with a {@code section} column naming it (DBCC TRACESTATUS and sp_certificate_issuers, which
 * cannot, are known by their columns), so the reader does not depend on how many result sets came back. The
 * undocumented {@code sys.sp_certificate_issuers} is called only where it exists (mi-link-workflow.md §1.8). Columns that only newer versions have
 * ({@code is_accelerated_database_recovery_on}: 2019+) are read through {@code d.*} and looked up by name, so the
 * same batch runs on 2016. The host platform comes from {@code @@VERSION} ("... on Linux (Ubuntu ...)"), which every
 * version has, where {@code sys.dm_os_host_info} exists only from 2017.
 *
 * <p>The batch must also read back from a DBA's sqlcmd run ({@link SqlcmdResults}), so no column is a max type:
 * sqlcmd's {@code -W} cannot be combined with {@code -y}, and {@code -y} defaults to 256 characters for
 * varchar(max), nvarchar(max) and varbinary(max), where types up to 4000 are not limited by default ({@code -Y 0};
 * Microsoft Learn, "sqlcmd utility"). A certificate's DER is therefore sent as varbinary(4000), with its real length
 * next to it, so a longer one is known to be cut rather than read wrong.
 */
public final class InventoryBatch {

    private InventoryBatch() {
    }

    /** The instance-wide statements, in order; each ends with a semicolon. */
    private static final List<String> INSTANCE_STATEMENTS = List.of(
            """
            SET NOCOUNT ON;
            """,
            """
            SELECT N'server' AS section,
                   CAST(SERVERPROPERTY('ServerName') AS nvarchar(128)) AS server_name,
                   CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
                   CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS product_level,
                   CAST(SERVERPROPERTY('ProductUpdateLevel') AS nvarchar(128)) AS product_update_level,
                   CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
                   CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
                   CAST(SERVERPROPERTY('Collation') AS nvarchar(128)) AS collation,
                   CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS is_hadr_enabled,
                   IS_SRVROLEMEMBER('sysadmin') AS is_sysadmin,
                   CASE WHEN OBJECT_ID('sys.sp_certificate_add_issuer') IS NULL THEN 0 ELSE 1 END
                       AS has_issuer_procedure,
                   CASE WHEN EXISTS (SELECT 1 FROM master.sys.symmetric_keys WHERE symmetric_key_id = 101)
                       THEN 1 ELSE 0 END AS has_master_key,
                   DATEDIFF(minute, GETUTCDATE(), GETDATE()) AS utc_offset_minutes,
                   @@VERSION AS version_text;
            """,
            """
            DBCC TRACESTATUS(-1) WITH NO_INFOMSGS;
            """,
            """
            SELECT N'startup' AS section, value_name, CAST(value_data AS nvarchar(4000)) AS value_data
              FROM sys.dm_server_registry WHERE value_name LIKE N'SQLArg%';
            """,
            """
            SELECT N'certificate' AS section, certificate_id, name, subject, issuer_name, start_date, expiry_date, thumbprint,
                   pvt_key_encryption_type, CAST(CERTENCODED(certificate_id) AS varbinary(4000)) AS der,
                   DATALENGTH(CERTENCODED(certificate_id)) AS der_bytes
              FROM master.sys.certificates;
            """,
            """
            IF OBJECT_ID('sys.sp_certificate_issuers') IS NOT NULL EXEC sys.sp_certificate_issuers;
            """,
            """
            SELECT N'endpoint' AS section, e.name, e.state_desc, t.port, e.connection_auth_desc,
                   e.is_encryption_enabled, e.encryption_algorithm_desc, c.name AS certificate_name, e.role_desc
              FROM sys.database_mirroring_endpoints AS e
              JOIN sys.tcp_endpoints AS t ON t.endpoint_id = e.endpoint_id
              LEFT JOIN master.sys.certificates AS c ON c.certificate_id = e.certificate_id;
            """,
            """
            SELECT N'availability_group' AS section, ag.name, ag.is_distributed
              FROM sys.availability_groups AS ag;
            """,
            """
            SELECT N'ag_database' AS section, ag.name AS ag_name, adc.database_name
              FROM sys.availability_databases_cluster AS adc
              JOIN sys.availability_groups AS ag ON ag.group_id = adc.group_id;
            """,
            """
            SELECT N'database' AS section, d.* FROM sys.databases AS d;
            """,
            // size is int pages and SUM(int) is int, which overflows past 2^31 pages (16 TB): sum it as bigint.
            // SUM(bigint) is bigint and stays bigint through * 8 / 1024 (Microsoft Learn, SUM (Transact-SQL), Return
            // types), so the result needs no outer cast on SQL Server or on the twin.
            """
            SELECT N'files' AS section, database_id, type, COUNT(*) AS files,
                   SUM(CAST(size AS bigint)) * 8 / 1024 AS size_mb
              FROM sys.master_files GROUP BY database_id, type;
            """,
            """
            SELECT N'backup' AS section, database_name, type, is_copy_only,
                   MAX(backup_finish_date) AS last_finish
              FROM msdb.dbo.backupset WHERE type IN ('D', 'L')
              GROUP BY database_name, type, is_copy_only;
            """,
            """
            SELECT N'encryption' AS section, database_id, encryption_state
              FROM sys.dm_database_encryption_keys;
            """);

    /** The batch for an instance and the databases to be linked (their filegroups need a per-database query). */
    public static String forDatabases(List<String> databases) {
        return String.join("", statements(databases));
    }

    /**
     * The same statements one by one, for a baseline that pays one round trip each (bench/), and for review.
     */
    public static List<String> statements(List<String> databases) {
        List<String> statements = new java.util.ArrayList<>(INSTANCE_STATEMENTS);
        for (String database : databases) {
            statements.add(filegroupQuery(database));
        }
        return statements;
    }

    /**
     * FILESTREAM (FD) and memory-optimized (FX) filegroups live in each database's own sys.filegroups, so they are
     * read per database, through EXEC so that a missing or offline database (error 942 if opened) only skips its
     * query instead of failing the batch. Aggregates without GROUP BY always give one row, so the answer says which
     * database was looked at even when it has neither kind (a DBA's saved run is checked for this). The name is
     * quoted as an identifier inside the inner text and the inner text as a literal.
     */
    static String filegroupQuery(String database) {
        String inner = "SELECT N'filegroups' AS section, " + Tsql.literal(database) + " AS database_name, "
                + "COALESCE(SUM(CASE WHEN fg.type = 'FD' THEN 1 ELSE 0 END), 0) AS filestream_files, "
                + "COALESCE(SUM(CASE WHEN fg.type = 'FX' THEN 1 ELSE 0 END), 0) AS memory_optimized_files "
                + "FROM " + Tsql.quoteName(database) + ".sys.filegroups AS fg "
                + "JOIN " + Tsql.quoteName(database) + ".sys.database_files AS f ON f.data_space_id = fg.data_space_id "
                + "WHERE fg.type IN ('FD', 'FX')";
        return "IF EXISTS (SELECT 1 FROM sys.databases WHERE name = " + Tsql.literal(database) + " AND state = 0) "
                + "EXEC sys.sp_executesql "
                + Tsql.literal(inner) + ";\n";
    }
}
