package io.milink.linkmanager;

import java.sql.Connection;
import java.util.Map;
import java.util.Objects;

import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;

/**
 * The two sides a run works on: an open connection to SQL Server, the managed instance's ARM reads and the link's
 * ARM writes, plus where secret references are resolved. One run owns it.
 *
 * @param instanceSql the instance's own SQL endpoint, or null when the spec names none ({@code managedInstance.sql:})
 */
public record LinkSession(Connection sql, ManagedInstanceClient instance, LinkArmClient arm,
                          Map<String, String> environment, InstanceSqlEndpoint instanceSql) {
    public LinkSession {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(arm, "arm");
        environment = Map.copyOf(environment);
    }

    /** Without the instance's SQL endpoint. */
    public LinkSession(Connection sql, ManagedInstanceClient instance, LinkArmClient arm,
                       Map<String, String> environment) {
        this(sql, instance, arm, environment, null);
    }

    /** This session with the instance's SQL endpoint. */
    public LinkSession withInstanceSql(InstanceSqlEndpoint endpoint) {
        return new LinkSession(sql, instance, arm, environment, endpoint);
    }
}
