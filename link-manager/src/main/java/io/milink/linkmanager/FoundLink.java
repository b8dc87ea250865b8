package io.milink.linkmanager;

import java.util.List;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * A link {@link LinkInventory} found: SQL Server's distributed availability group and the instance's
 * {@code distributedAvailabilityGroups} item that pair up, or one of them alone.
 *
 * @param sqlServer SQL Server's half; null when SQL Server has none
 * @param instance  the managed instance's half (the ARM resource); null when the instance has none
 */
public record FoundLink(Kind kind, SqlServerDistributedGroup sqlServer, DistributedAvailabilityGroup instance) {

    /** Which halves were found, and for a lone half, what it most likely is. */
    public enum Kind {
        /** Both halves: the instance's link joins SQL Server's distributed group's two availability groups. */
        PAIRED,
        /**
         * SQL Server's distributed group names this instance, which has no link for it: the instance's half was
         * removed (or never made).
         */
        SQL_SERVER_ONLY,
        /** SQL Server's distributed group names another managed instance in its listener URL. */
        OTHER_INSTANCE,
        /** SQL Server's distributed group names no managed instance: one between SQL Servers, not a link. */
        NOT_TO_AN_INSTANCE,
        /**
         * The instance's link pairs with an availability group this SQL Server has, but no distributed group
         * joins it: SQL Server's half was removed.
         */
        INSTANCE_ONLY,
        /** The instance's link pairs with an availability group this SQL Server does not have: another server's. */
        OTHER_SQL_SERVER
    }

    /** The databases the link replicates: the instance's list when it has the link, else SQL Server's. */
    public List<String> databases() {
        if (instance != null && !instance.databases().isEmpty()) {
            return instance.databases().stream().map(DistributedAvailabilityGroup.LinkDatabase::databaseName)
                    .toList();
        }
        return sqlServer == null ? List.of() : sqlServer.databases();
    }

    /** SQL Server's availability group of the link (the local member, or the instance's partner group). */
    public String availabilityGroup() {
        return sqlServer != null && sqlServer.local() != null ? sqlServer.local().availabilityGroup()
                : instance == null ? null : instance.partnerAvailabilityGroupName();
    }

    /** The distributed availability group's name on SQL Server, else the link's resource name on the instance. */
    public String distributedAvailabilityGroup() {
        return sqlServer != null ? sqlServer.name() : instance == null ? null : instance.name();
    }

    /** The instance's availability group of the link (the remote member, or the instance's own name for it). */
    public String instanceAvailabilityGroup() {
        return sqlServer != null && sqlServer.remote() != null ? sqlServer.remote().availabilityGroup()
                : instance == null ? null : instance.instanceAvailabilityGroupName();
    }

    /** The link's resource name on the instance; null when the instance has no half. */
    public String instanceLinkName() {
        return instance == null ? null : instance.name();
    }
}
