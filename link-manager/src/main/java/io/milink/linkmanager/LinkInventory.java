package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.azure.LinkArmClient;

/**
 * Every link between a SQL Server and a managed instance, whichever tool made it: SQL Server's distributed
 * availability groups (one read-only batch) and the instance's {@code distributedAvailabilityGroups} (one ARM list),
 * paired by their availability groups. The instance's link names SQL Server's group as
 * {@code partnerAvailabilityGroupName} and its own as {@code instanceAvailabilityGroupName}; those are the distributed
 * group's two members. The link's resource name is not used to pair: another tool may name it differently from the
 * distributed group on SQL Server. What does not pair is listed alone ({@link FoundLink.Kind}).
 *
 * @param serverName          @@SERVERNAME
 * @param instanceName        the managed instance's name (its resource name)
 * @param endpoint            SQL Server's database mirroring endpoint; null when it has none
 * @param availabilityGroups  the names of SQL Server's plain (not distributed) availability groups
 */
public record LinkInventory(String serverName, String instanceName, Endpoint endpoint,
                            List<String> availabilityGroups, List<FoundLink> links) {

    public LinkInventory {
        availabilityGroups = List.copyOf(availabilityGroups);
        links = List.copyOf(links);
    }

    /**
     * The database mirroring endpoint every link of this SQL Server uses.
     *
     * @param certificate the certificate it authenticates with; null when it authenticates with Windows only
     */
    public record Endpoint(String name, int port, String certificate) {
    }

    /**
     * The batch, read-only; its result sets come in this order. Catalog views and DMVs as Microsoft Learn documents
     * them; for a distributed group, sys.availability_replicas has a row per member availability group.
     */
    static final String BATCH = """
            SET NOCOUNT ON;
            USE [master];
            SELECT @@SERVERNAME AS server_name;
            SELECT e.name, t.port, c.name AS certificate_name
              FROM sys.database_mirroring_endpoints AS e
              JOIN sys.tcp_endpoints AS t ON t.endpoint_id = e.endpoint_id
              LEFT JOIN sys.certificates AS c ON c.certificate_id = e.certificate_id;
            SELECT ag.group_id, ag.name, ag.is_distributed FROM sys.availability_groups AS ag;
            SELECT r.group_id, r.replica_id, r.replica_server_name, r.endpoint_url, r.availability_mode_desc,
                   rs.is_local, rs.role_desc, rs.connected_state_desc
              FROM sys.availability_replicas AS r
              LEFT JOIN sys.dm_hadr_availability_replica_states AS rs ON rs.replica_id = r.replica_id;
            SELECT d.group_id, d.database_name FROM sys.availability_databases_cluster AS d;
            SELECT s.group_id, s.replica_id, DB_NAME(s.database_id) AS database_name, s.synchronization_state_desc,
                   s.synchronization_health_desc
              FROM sys.dm_hadr_database_replica_states AS s;
            """;

    private static final int RESULT_SETS = 6;

    /** Reads both sides (one T-SQL round trip, one ARM list) and pairs them. Changes nothing. */
    public static LinkInventory read(Connection sql, LinkArmClient arm) throws SQLException, ArmCallException {
        SqlServerSide side = readSqlServer(sql);
        List<DistributedAvailabilityGroup> links = arm.links().list();
        List<FoundLink> found = new ArrayList<>(pair(side.distributedGroups(), links, side.availabilityGroups(),
                arm.ref().name()));
        // By database, then name: the same listing on every run, whatever order the catalog and ARM return.
        found.sort(Comparator.comparing((FoundLink l) -> String.join(",", l.databases()), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(l -> String.valueOf(l.distributedAvailabilityGroup()), String.CASE_INSENSITIVE_ORDER));
        return new LinkInventory(side.serverName(), arm.ref().name(), side.endpoint(), side.availabilityGroups(),
                found);
    }

    /** What the batch finds on SQL Server. */
    record SqlServerSide(String serverName, Endpoint endpoint, List<String> availabilityGroups,
                         List<SqlServerDistributedGroup> distributedGroups) {
    }

    static SqlServerSide readSqlServer(Connection connection) throws SQLException {
        List<List<Map<String, Object>>> r = BatchResults.read(connection, BATCH, RESULT_SETS, "the link inventory");
        String serverName = (String) r.get(0).get(0).get("server_name");
        Endpoint endpoint = r.get(1).isEmpty() ? null : new Endpoint((String) r.get(1).get(0).get("name"),
                ((Number) r.get(1).get(0).get("port")).intValue(), (String) r.get(1).get(0).get("certificate_name"));

        Map<String, String> groupNames = new LinkedHashMap<>();
        Set<String> distributed = new HashSet<>();
        List<String> plain = new ArrayList<>();
        for (Map<String, Object> row : r.get(2)) {
            String id = id(row.get("group_id"));
            String name = (String) row.get("name");
            groupNames.put(id, name);
            if (truthy(row.get("is_distributed"))) {
                distributed.add(id);
            } else {
                plain.add(name);
            }
        }
        Map<String, List<Map<String, Object>>> replicasByGroup = groupBy(r.get(3));
        Map<String, List<Map<String, Object>>> databasesByGroup = groupBy(r.get(4));
        Map<String, List<Map<String, Object>>> statesByGroup = groupBy(r.get(5));

        List<SqlServerDistributedGroup> groups = new ArrayList<>();
        for (Map.Entry<String, String> group : groupNames.entrySet()) {
            if (distributed.contains(group.getKey())) {
                groups.add(distributedGroup(group.getKey(), group.getValue(), plain, groupNames,
                        replicasByGroup, databasesByGroup, statesByGroup));
            }
        }
        return new SqlServerSide(serverName, endpoint, plain, groups);
    }

    private static SqlServerDistributedGroup distributedGroup(String id, String name, List<String> plain,
                                                              Map<String, String> groupNames,
                                                              Map<String, List<Map<String, Object>>> replicas,
                                                              Map<String, List<Map<String, Object>>> databases,
                                                              Map<String, List<Map<String, Object>>> states) {
        List<Map<String, Object>> members = replicas.getOrDefault(id, List.of());
        // The local member: the one the DMVs call local, else the one that is an availability group of this server
        // (SQL Server refuses a distributed group without one: error 19501).
        Map<String, Object> localRow = members.stream().filter(m -> truthy(m.get("is_local"))).findFirst()
                .orElseGet(() -> members.stream().filter(m -> containsIgnoreCase(plain,
                        (String) m.get("replica_server_name"))).findFirst()
                        .orElse(members.isEmpty() ? null : members.get(0)));
        Map<String, Object> remoteRow = members.stream().filter(m -> m != localRow).findFirst().orElse(null);
        SqlServerDistributedGroup.Member local = member(localRow);
        SqlServerDistributedGroup.Member remote = member(remoteRow);

        // The local member's own group: its databases and replicas.
        String localGroupId = local == null ? null : groupNames.entrySet().stream()
                .filter(g -> g.getValue().equalsIgnoreCase(local.availabilityGroup()) && !g.getKey().equals(id))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : databases.getOrDefault(localGroupId != null ? localGroupId : id, List.of())) {
            names.add((String) row.get("database_name"));
        }
        if (names.isEmpty() && localGroupId != null) {
            for (Map<String, Object> row : databases.getOrDefault(id, List.of())) {
                names.add((String) row.get("database_name"));
            }
        }
        List<SqlServerDistributedGroup.Replica> localReplicas = new ArrayList<>();
        for (Map<String, Object> row : replicas.getOrDefault(localGroupId, List.of())) {
            localReplicas.add(new SqlServerDistributedGroup.Replica((String) row.get("replica_server_name"),
                    (String) row.get("endpoint_url"), (String) row.get("role_desc")));
        }

        // The link's state is the secondary's: SQL Server's own row when it is the secondary, else the row it keeps
        // for the instance's member.
        String secondaryReplica = members.stream().filter(m -> "SECONDARY".equalsIgnoreCase((String) m.get("role_desc")))
                .map(m -> id(m.get("replica_id"))).findFirst().orElse(null);
        Map<String, SqlServerDistributedGroup.DatabaseState> byDatabase = new LinkedHashMap<>();
        for (Map<String, Object> row : states.getOrDefault(id, List.of())) {
            String database = (String) row.get("database_name");
            if (database == null) {
                continue;
            }
            var state = new SqlServerDistributedGroup.DatabaseState(database,
                    (String) row.get("synchronization_state_desc"), (String) row.get("synchronization_health_desc"));
            String key = database.toLowerCase(Locale.ROOT);
            if (Objects.equals(id(row.get("replica_id")), secondaryReplica) || !byDatabase.containsKey(key)) {
                byDatabase.put(key, state);
            }
        }
        return new SqlServerDistributedGroup(name, local, remote, local == null ? null : local.role(), names,
                localReplicas, List.copyOf(byDatabase.values()));
    }

    private static SqlServerDistributedGroup.Member member(Map<String, Object> row) {
        return row == null ? null : new SqlServerDistributedGroup.Member((String) row.get("replica_server_name"),
                (String) row.get("endpoint_url"), (String) row.get("availability_mode_desc"),
                (String) row.get("role_desc"), (String) row.get("connected_state_desc"));
    }

    /**
     * Pairs SQL Server's distributed groups with the instance's links: a link pairs with the group whose local member
     * is its {@code partnerAvailabilityGroupName} and whose other member is its {@code instanceAvailabilityGroupName}
     * (names compare case-insensitively, as SQL Server's default collations and ARM do), unless that member's
     * listener URL names another instance. Pure.
     *
     * @param availabilityGroups SQL Server's plain availability groups: an unpaired link whose partner group is not
     *                           among them belongs to another SQL Server
     * @param instanceName       this instance's name, as a link's listener URL names it ({@code Server=[…]})
     */
    static List<FoundLink> pair(List<SqlServerDistributedGroup> groups, List<DistributedAvailabilityGroup> links,
                                List<String> availabilityGroups, String instanceName) {
        List<FoundLink> found = new ArrayList<>();
        List<DistributedAvailabilityGroup> unpaired = new ArrayList<>(links);
        for (SqlServerDistributedGroup group : groups) {
            String namedInstance = group.remote() == null ? null : group.remote().instanceName().orElse(null);
            boolean otherInstance = namedInstance != null && !namedInstance.equalsIgnoreCase(instanceName);
            DistributedAvailabilityGroup partner = otherInstance ? null : unpaired.stream()
                    .filter(l -> pairs(group, l)).findFirst().orElse(null);
            if (partner != null) {
                unpaired.remove(partner);
                found.add(new FoundLink(FoundLink.Kind.PAIRED, group, partner));
            } else {
                found.add(new FoundLink(otherInstance ? FoundLink.Kind.OTHER_INSTANCE : namedInstance == null
                        ? FoundLink.Kind.NOT_TO_AN_INSTANCE : FoundLink.Kind.SQL_SERVER_ONLY, group, null));
            }
        }
        for (DistributedAvailabilityGroup link : unpaired) {
            boolean ours = containsIgnoreCase(availabilityGroups, link.partnerAvailabilityGroupName());
            found.add(new FoundLink(ours ? FoundLink.Kind.INSTANCE_ONLY : FoundLink.Kind.OTHER_SQL_SERVER, null,
                    link));
        }
        return found;
    }

    private static boolean pairs(SqlServerDistributedGroup group, DistributedAvailabilityGroup link) {
        return group.local() != null && group.remote() != null
                && group.local().availabilityGroup().equalsIgnoreCase(link.partnerAvailabilityGroupName())
                && group.remote().availabilityGroup().equalsIgnoreCase(link.instanceAvailabilityGroupName());
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        return name != null && names.stream().anyMatch(name::equalsIgnoreCase);
    }

    /** group_id / replica_id: uniqueidentifier, which the driver returns as a string; compared without case. */
    private static String id(Object value) {
        return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    private static Map<String, List<Map<String, Object>>> groupBy(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> by = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            by.computeIfAbsent(id(row.get("group_id")), k -> new ArrayList<>()).add(row);
        }
        return by;
    }

}
