package io.milink.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * What the user wants: the SQL Server, the databases to link (one link each), the names of what the links create,
 * how to create them, and the managed instance when known. Holds no secret, only references to where secrets are
 * read from. The names are checked against the databases when the spec is made, so every method here answers.
 *
 * @param names           the {@code names:} section as written (templates); resolved by {@link #namesFor},
 *                        {@link #linkNames}, {@link #certificateName}, {@link #endpointName}
 * @param managedInstance the managed instance's network identity; null when not given (network checks then SKIP)
 * @param link            how milink creates the links; defaults when the spec has no {@code link:} section
 */
public record LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names,
                       ManagedInstanceTarget managedInstance, LinkOptions link) {

    /** @throws SpecException naming the field when the names do not fit the databases (docs/spec.md, "Names") */
    public LinkSpec {
        Objects.requireNonNull(sqlServer, "sqlServer");
        databases = List.copyOf(databases);
        names = names == null ? LinkNames.defaults() : names;
        link = link == null ? LinkOptions.defaults() : link;
        names.resolve(databases);
    }

    public LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names,
                    ManagedInstanceTarget managedInstance) {
        this(sqlServer, databases, names, managedInstance, null);
    }

    public LinkSpec(SqlServerTarget sqlServer, List<String> databases, LinkNames names) {
        this(sqlServer, databases, names, null, null);
    }

    /**
     * This spec for other databases ({@code --database} replaces the spec's list), its names checked against them.
     *
     * @throws SpecException when the names do not fit them (one literal name for two databases)
     */
    public LinkSpec withDatabases(List<String> newDatabases) {
        return new LinkSpec(sqlServer, newDatabases, names, managedInstance, link);
    }

    /**
     * The resolved names of one database's link. Database names compare case-insensitively, as SQL Server's default
     * collations do; the names are made from the database as the spec spells it.
     *
     * @throws IllegalArgumentException when the spec does not link that database
     */
    public DatabaseLinkNames namesFor(String database) {
        String listed = databases.stream().filter(d -> d.equalsIgnoreCase(database)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the spec does not link database '" + database
                        + "'; it links " + (databases.isEmpty() ? "none" : String.join(", ", databases))
                        + "; add it to databases:"));
        return names.resolve(listed);
    }

    /** The resolved names of every database's link, in the spec's order. */
    public List<DatabaseLinkNames> linkNames() {
        return names.resolve(databases);
    }

    /**
     * SQL Server's link certificate name ({@link LinkNames#certificateName}).
     *
     * @param serverName @@SERVERNAME; the {@code \} of {@code HOST\INSTANCE} becomes {@code _}
     */
    public String certificateName(String serverName) {
        return names.certificateName(serverName);
    }

    /** The mirroring endpoint's name: {@code names.endpoint} or {@value LinkNames#DEFAULT_ENDPOINT}. */
    public String endpointName() {
        return names.endpointName();
    }

    /**
     * How the managed instance reaches SQL Server's mirroring endpoint: {@code link.partnerEndpoint}, or
     * {@code TCP://<sqlServer.host>:<names.endpointPort>}.
     */
    public String partnerEndpoint() {
        if (link.partnerEndpoint() != null) {
            return link.partnerEndpoint();
        }
        String host = sqlServer.host();
        // An IPv6 address needs brackets in a URL, or its colons would read as the port's.
        return "TCP://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + names.endpointPortOrDefault();
    }
}
