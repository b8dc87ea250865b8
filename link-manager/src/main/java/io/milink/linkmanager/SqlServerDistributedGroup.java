package io.milink.linkmanager;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL Server's half of a link as {@link LinkInventory} finds it: a distributed availability group
 * ({@code sys.availability_groups.is_distributed = 1}) with its two members, whichever tool made it.
 *
 * @param name          the distributed availability group's name on SQL Server
 * @param local         the member that is an availability group of this SQL Server
 * @param remote        the other member: for a link, the managed instance's availability group; null when SQL
 *                      Server lists only one member
 * @param sqlServerRole this SQL Server's role in the distributed group (PRIMARY, SECONDARY), null when the DMVs
 *                      do not say
 * @param databases     the databases of the local member (the databases the link replicates)
 * @param localReplicas the replicas of the local availability group
 * @param states        per database, the secondary's synchronization as SQL Server sees it
 */
public record SqlServerDistributedGroup(String name, Member local, Member remote, String sqlServerRole,
                                        List<String> databases, List<Replica> localReplicas,
                                        List<DatabaseState> states) {

    /** {@code Server=[name]} in a listener URL: how SQL Server names the managed instance of a link's member. */
    private static final Pattern SERVER = Pattern.compile("(?i);\\s*Server\\s*=\\s*\\[?([^;\\]]+)]?");

    public SqlServerDistributedGroup {
        databases = List.copyOf(databases);
        localReplicas = List.copyOf(localReplicas);
        states = List.copyOf(states);
    }

    /**
     * One member of the distributed group (a row of {@code sys.availability_replicas}, where a distributed group's
     * "replica" is a member availability group).
     *
     * @param availabilityGroup the member availability group's name
     * @param listenerUrl       its {@code LISTENER_URL} ({@code endpoint_url})
     * @param availabilityMode  SYNCHRONOUS_COMMIT or ASYNCHRONOUS_COMMIT
     * @param role              the member's role (PRIMARY, SECONDARY), null when the DMVs do not say
     * @param connectedState    CONNECTED or DISCONNECTED, null when the DMVs do not say
     */
    public record Member(String availabilityGroup, String listenerUrl, String availabilityMode, String role,
                         String connectedState) {

        /**
         * The managed instance this member's listener URL names ({@code tcp://<fqdn>:5022;Server=[<instance>]}, the
         * form Microsoft's scripts use); empty when it names none, as for a member on another SQL Server.
         */
        public Optional<String> instanceName() {
            if (listenerUrl == null) {
                return Optional.empty();
            }
            Matcher m = SERVER.matcher(listenerUrl);
            return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
        }
    }

    /** A replica of the local availability group: a SQL Server instance, its endpoint and role. */
    public record Replica(String server, String endpointUrl, String role) {
    }

    /**
     * A database's synchronization in the distributed group, from the secondary's row of
     * {@code sys.dm_hadr_database_replica_states} (SQL Server's own row when it is the secondary).
     */
    public record DatabaseState(String database, String synchronizationState, String synchronizationHealth) {
    }
}
