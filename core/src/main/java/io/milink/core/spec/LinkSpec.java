package io.milink.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * What the user wants: the SQL Server, the databases to link, and optional names. Holds no secret, only
 * references to where secrets are read from.
 */
public record LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names) {
    public LinkSpec {
        Objects.requireNonNull(sqlServer, "sqlServer");
        databases = List.copyOf(databases);
        names = names == null ? LinkNames.defaults() : names;
    }
}
