package io.milink.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * What the user wants: the SQL Server, the databases to link, optional names, and the managed instance when known.
 * Holds no secret, only references to where secrets are read from.
 *
 * @param managedInstance the managed instance's network identity; null when not given (network checks then SKIP)
 */
public record LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names,
                       ManagedInstanceTarget managedInstance) {
    public LinkSpec {
        Objects.requireNonNull(sqlServer, "sqlServer");
        databases = List.copyOf(databases);
        names = names == null ? LinkNames.defaults() : names;
    }

    public LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names) {
        this(sqlServer, databases, names, null);
    }
}
