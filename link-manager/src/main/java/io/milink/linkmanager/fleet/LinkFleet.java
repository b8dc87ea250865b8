package io.milink.linkmanager.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * The links a fleet monitor watches and where their two sides are read: each SQL Server once, each managed instance
 * once, however many links they share. Built once; the poller keeps one connection per SQL Server open between polls.
 */
public final class LinkFleet {

    /** Opens a new connection to one SQL Server (e.g. {@code SqlServerConnector::connect}); called again after a failure. */
    @FunctionalInterface
    public interface SqlServerSource {
        Connection connect() throws SQLException;
    }

    /** One ARM list of an instance's {@code distributedAvailabilityGroups} (e.g. {@code armClient.links()::list}). */
    @FunctionalInterface
    public interface InstanceLinkSource {
        List<DistributedAvailabilityGroup> list() throws ArmCallException;
    }

    /** An instance's name, as the status shows it, and where its links are listed. */
    record Instance(String name, InstanceLinkSource source) {
    }

    private final Map<String, SqlServerSource> sqlServers;
    private final Map<String, Instance> instances;
    private final List<MonitoredLink> links;

    private LinkFleet(Map<String, SqlServerSource> sqlServers, Map<String, Instance> instances,
                      List<MonitoredLink> links) {
        this.sqlServers = Map.copyOf(sqlServers);
        this.instances = Map.copyOf(instances);
        this.links = List.copyOf(links);
    }

    public static Builder builder() {
        return new Builder();
    }

    Map<String, SqlServerSource> sqlServers() {
        return sqlServers;
    }

    Map<String, Instance> instances() {
        return instances;
    }

    public List<MonitoredLink> links() {
        return links;
    }

    /** Adds sources first, then the links that use them. */
    public static final class Builder {
        private final Map<String, SqlServerSource> sqlServers = new LinkedHashMap<>();
        private final Map<String, Instance> instances = new LinkedHashMap<>();
        private final List<MonitoredLink> links = new ArrayList<>();

        private Builder() {
        }

        /** A SQL Server under a key of the caller's choosing (its host and port, say). */
        public Builder sqlServer(String key, SqlServerSource source) {
            Objects.requireNonNull(source, "source");
            if (sqlServers.putIfAbsent(Objects.requireNonNull(key, "key"), source) != null) {
                throw new IllegalArgumentException("SQL Server '" + key + "' is already in the fleet");
            }
            return this;
        }

        /** A managed instance under a key of the caller's choosing; {@code name} is the instance's name. */
        public Builder managedInstance(String key, String name, InstanceLinkSource source) {
            Instance instance = new Instance(Objects.requireNonNull(name, "name"), Objects.requireNonNull(source,
                    "source"));
            if (instances.putIfAbsent(Objects.requireNonNull(key, "key"), instance) != null) {
                throw new IllegalArgumentException("managed instance '" + key + "' is already in the fleet");
            }
            return this;
        }

        public Builder link(MonitoredLink link) {
            if (!sqlServers.containsKey(link.sqlServer())) {
                throw new IllegalArgumentException("link " + link + ": no SQL Server '" + link.sqlServer() + "' in the"
                        + " fleet; add it with sqlServer(key, source) first");
            }
            if (!instances.containsKey(link.managedInstance())) {
                throw new IllegalArgumentException("link " + link + ": no managed instance '" + link.managedInstance()
                        + "' in the fleet; add it with managedInstance(key, name, source) first");
            }
            links.add(link);
            return this;
        }

        public LinkFleet build() {
            if (links.isEmpty()) {
                throw new IllegalArgumentException("a fleet needs at least one link");
            }
            return new LinkFleet(sqlServers, instances, links);
        }
    }
}
