package io.milink.preflight.facts;

import io.milink.core.spec.LinkNames;
import io.milink.core.spec.SpecException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a readiness report is computed from.
 *
 * @param schemaVersion      the facts file format; {@link #SCHEMA_VERSION} for files this build writes
 * @param collectedAt        when the inventory ran
 * @param target             the SQL Server as the user named it (host, port or instance)
 * @param requestedDatabases the databases the user wants to link, as given
 * @param connection         whether milink could connect and log in, and why not
 * @param sqlServer          the instance's facts; null when the connection failed
 * @param network            reachability seen from milink's host; null when no managed instance was named
 * @param managedInstance    what Azure Resource Manager said of the managed instance; null when none was named
 * @param requestedNames     the link names the user chose (the spec's names:, --availability-group); null when
 *                           none was chosen (milink then derives them)
 */
public record Facts(int schemaVersion, Instant collectedAt, String target, List<String> requestedDatabases,
                    ConnectionOutcome connection, SqlServerFacts sqlServer, NetworkFacts network,
                    ManagedInstanceFacts managedInstance, RequestedNames requestedNames) {

    /**
     * Names the user chose for what the link creates, compared with what already exists. As the spec writes them:
     * a template with {@code {database}} names each database's own, a literal name serves one database.
     *
     * @param availabilityGroup            the SQL Server availability group; null when milink derives it
     * @param distributedAvailabilityGroup the distributed availability group and link; null when milink derives it
     */
    public record RequestedNames(String availabilityGroup, String distributedAvailabilityGroup) {

        /** @throws IllegalArgumentException when a name breaks the spec's rules for it (docs/spec.md, "Names") */
        public RequestedNames {
            try {
                new LinkNames(availabilityGroup, distributedAvailabilityGroup, null, null);
            } catch (SpecException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        /**
         * The chosen availability group of this database; null when none was chosen.
         *
         * @throws SpecException when the name would be longer than SQL Server allows
         */
        public String availabilityGroupFor(String database) {
            return availabilityGroup == null ? null : spec().availabilityGroupFor(database);
        }

        /** The chosen distributed availability group (the link's name) of this database; null when none was. */
        public String distributedAvailabilityGroupFor(String database) {
            return distributedAvailabilityGroup == null ? null : spec().distributedAvailabilityGroupFor(database);
        }

        /**
         * The names a spec's {@code names:} section chose for the checks to compare with what exists; null when it
         * chose neither group name (milink's defaults are then used).
         */
        public static RequestedNames chosenIn(LinkNames names) {
            if (names == null || (names.availabilityGroup() == null && names.distributedAvailabilityGroup() == null)) {
                return null;
            }
            return new RequestedNames(names.availabilityGroup(), names.distributedAvailabilityGroup());
        }

        private LinkNames spec() {
            return new LinkNames(availabilityGroup, distributedAvailabilityGroup, null, null);
        }
    }

    public static final int SCHEMA_VERSION = 1;

    /** Facts with no names chosen by the user. */
    public Facts(int schemaVersion, Instant collectedAt, String target, List<String> requestedDatabases,
                 ConnectionOutcome connection, SqlServerFacts sqlServer, NetworkFacts network,
                 ManagedInstanceFacts managedInstance) {
        this(schemaVersion, collectedAt, target, requestedDatabases, connection, sqlServer, network, managedInstance,
                null);
    }

    /** Facts without network probes (no managed instance named). */
    public Facts(int schemaVersion, Instant collectedAt, String target, List<String> requestedDatabases,
                 ConnectionOutcome connection, SqlServerFacts sqlServer) {
        this(schemaVersion, collectedAt, target, requestedDatabases, connection, sqlServer, null, null);
    }

    public Facts withNetwork(NetworkFacts network) {
        return new Facts(schemaVersion, collectedAt, target, requestedDatabases, connection, sqlServer, network,
                managedInstance, requestedNames);
    }

    public Facts withManagedInstance(ManagedInstanceFacts managedInstance) {
        return new Facts(schemaVersion, collectedAt, target, requestedDatabases, connection, sqlServer, network,
                managedInstance, requestedNames);
    }

    public Facts withRequestedNames(RequestedNames requestedNames) {
        return new Facts(schemaVersion, collectedAt, target, requestedDatabases, connection, sqlServer, network,
                managedInstance, requestedNames);
    }

    /** These facts with the availability group the link is to use (the user's intent, not read from the server). */
    public Facts withAvailabilityGroup(String availabilityGroup) {
        return withRequestedNames(new RequestedNames(availabilityGroup,
                requestedNames == null ? null : requestedNames.distributedAvailabilityGroup()));
    }

    public Facts {
        Objects.requireNonNull(collectedAt, "collectedAt");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(connection, "connection");
        requestedDatabases = List.copyOf(requestedDatabases);
        if (connection.connected() && sqlServer == null) {
            throw new IllegalArgumentException("connected, but no SQL Server facts");
        }
    }
}
