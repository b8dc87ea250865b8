package io.milink.simulator.sqlserver.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The system objects the twin knows by name: catalog views and DMVs (backed by H2 tables) and system procedures
 * (for OBJECT_ID). Object ids are stable negative numbers, as system objects have in SQL Server; the exact values
 * differ from a real server.
 */
public final class CatalogObjects {

    /**
     * Where a name resolves: server-wide, per database (master's rows only), msdb's tables, or per database with each
     * database's own rows ({@code [Sales].sys.filegroups} shows Sales's filegroups).
     */
    public enum Scope { SERVER, DATABASE, MSDB, PER_DATABASE }

    public record CatalogObject(String schema, String name, Scope scope, int minMajor, int objectId, boolean procedure) {
        public String key() {
            return (schema + "." + name).toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<String, CatalogObject> OBJECTS = new LinkedHashMap<>();

    /** The catalog views and msdb tables here date from SQL Server 2005 (major 9), older than any scenario. */
    private static final int SQL_2005 = 9;

    static {
        int id = -100;
        for (String v : List.of("databases", "master_files", "endpoints", "database_mirroring_endpoints", "tcp_endpoints",
                "availability_groups", "availability_replicas", "dm_database_encryption_keys", "dm_server_registry",
                "database_recovery_status", "dm_hadr_database_replica_states", "dm_hadr_availability_replica_states",
                "dm_hadr_automatic_seeding", "dm_hadr_physical_seeding_stats",
                "availability_databases_cluster", "dm_hadr_availability_group_states")) {
            add(new CatalogObject("sys", v, Scope.SERVER, introducedIn(v), id--, false));
        }
        // sys.dm_os_host_info arrived with SQL Server 2017 (Microsoft Learn, sys.dm_os_host_info).
        add(new CatalogObject("sys", "dm_os_host_info", Scope.SERVER, 14, id--, false));
        for (String v : List.of("certificates", "symmetric_keys")) {
            add(new CatalogObject("sys", v, Scope.DATABASE, SQL_2005, id--, false));
        }
        for (String v : List.of("filegroups", "database_files")) {
            add(new CatalogObject("sys", v, Scope.PER_DATABASE, SQL_2005, id--, false));
        }
        add(new CatalogObject("dbo", "backupset", Scope.MSDB, SQL_2005, 2_000_000_001, false));
        int msdbId = 2_000_000_002;
        for (String t : List.of("sysjobs", "sysjobsteps", "sysjobhistory", "sysjobactivity")) {
            add(new CatalogObject("dbo", t, Scope.MSDB, SQL_2005, msdbId++, false));
        }
        add(new CatalogObject("sys", "sp_certificate_add_issuer", Scope.SERVER, 13, -900, true));
        add(new CatalogObject("sys", "sp_executesql", Scope.SERVER, SQL_2005, -901, true));
        add(new CatalogObject("sys", "sp_unprepare", Scope.SERVER, SQL_2005, -902, true));
        // Undocumented; SQL LogScout says "only present in SQL Server 2019 and later" (mi-link-workflow §1.8).
        add(new CatalogObject("sys", "sp_certificate_issuers", Scope.SERVER, 15, -903, true));
    }

    private CatalogObjects() {
    }

    /**
     * The major version that introduced a server-wide view, so that a scenario of an older instance (2012, 2014)
     * answers as it would: Always On's views came with SQL Server 2012, its automatic seeding views with 2016, the
     * encryption-key and registry DMVs with 2008 (Microsoft Learn, each view's "Applies to").
     */
    private static int introducedIn(String view) {
        if (view.contains("seeding")) {
            return 13;
        }
        if (view.contains("availability") || view.startsWith("dm_hadr")) {
            return 11;
        }
        if (view.equals("dm_database_encryption_keys") || view.equals("dm_server_registry")) {
            return 10;
        }
        return SQL_2005;
    }

    private static void add(CatalogObject o) {
        OBJECTS.put(o.key(), o);
    }

    public static List<CatalogObject> all() {
        return List.copyOf(OBJECTS.values());
    }

    /** The object for {@code schema.name} on an instance of this major version, or null. */
    public static CatalogObject find(String schema, String name, int major) {
        CatalogObject o = OBJECTS.get((schema + "." + name).toLowerCase(Locale.ROOT));
        return o == null || o.minMajor() > major ? null : o;
    }
}
