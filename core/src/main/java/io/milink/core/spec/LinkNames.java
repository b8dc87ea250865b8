package io.milink.core.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The spec's {@code names:} section as written; null means milink's default. The availability group names are
 * templates: {@code {database}} is replaced by each database's name ({@link #resolve(String)}); the certificate's
 * {@code {server}} by @@SERVERNAME ({@link #certificateName(String)}). Every value is checked when the record is
 * made (docs/spec.md, "Names"), so a spec that loads only names what can be created.
 *
 * @param availabilityGroup            SQL Server's availability group of each link (default {@code AG_{database}})
 * @param distributedAvailabilityGroup the distributed availability group on SQL Server, which is the link's name on
 *                                     the managed instance (default {@code DAG_{database}})
 * @param instanceAvailabilityGroup    the managed instance's availability group of the link (default
 *                                     {@code AG_{database}_MI})
 * @param endpoint                     the mirroring endpoint milink creates when SQL Server has none (default
 *                                     {@code Hadr_endpoint})
 * @param endpointPort                 the mirroring endpoint's port (5022 by default, per the documentation)
 * @param certificate                  SQL Server's link certificate (default {@code Cert_{server}_endpoint})
 */
public record LinkNames(String availabilityGroup, String distributedAvailabilityGroup,
                        String instanceAvailabilityGroup, String endpoint, Integer endpointPort, String certificate) {

    public static final int DEFAULT_ENDPOINT_PORT = 5022;
    public static final String DEFAULT_AVAILABILITY_GROUP = "AG_{database}";
    public static final String DEFAULT_DISTRIBUTED_AVAILABILITY_GROUP = "DAG_{database}";
    /** The name Microsoft's scripts suggest for the managed instance's side. */
    public static final String DEFAULT_INSTANCE_AVAILABILITY_GROUP = "AG_{database}_MI";
    public static final String DEFAULT_ENDPOINT = "Hadr_endpoint";
    /** Microsoft's convention, Cert_ + @@SERVERNAME + _endpoint (docs/certificates.md). */
    public static final String DEFAULT_CERTIFICATE = "Cert_{server}_endpoint";

    private static final String AG = "names.availabilityGroup";
    private static final String DAG = "names.distributedAvailabilityGroup";
    private static final String INSTANCE_AG = "names.instanceAvailabilityGroup";

    /** @throws SpecException naming the field when a name breaks its rule */
    public LinkNames {
        availabilityGroup(availabilityGroup);
        distributedAvailabilityGroup(distributedAvailabilityGroup);
        instanceAvailabilityGroup(instanceAvailabilityGroup);
        endpoint(endpoint);
        certificate(certificate);
        if (certificate != null && certificate.contains("\\")) {
            throw new SpecException("names.certificate: '" + certificate + "' has a \\, which Microsoft's documentation "
                    + "says a link certificate's name must not contain; choose another");
        }
        if (endpointPort != null && (endpointPort < 1 || endpointPort > 65_535)) {
            throw new SpecException("names.endpointPort: " + endpointPort + " is not a TCP port (1-65535)");
        }
    }

    /** The names the spec had before the managed instance's side, the endpoint and templates were configurable. */
    public LinkNames(String availabilityGroup, String distributedAvailabilityGroup, Integer endpointPort,
                     String certificate) {
        this(availabilityGroup, distributedAvailabilityGroup, null, null, endpointPort, certificate);
    }

    public static LinkNames defaults() {
        return new LinkNames(null, null, null, null, null, null);
    }

    public int endpointPortOrDefault() {
        return endpointPort == null ? DEFAULT_ENDPOINT_PORT : endpointPort;
    }

    /** The mirroring endpoint's name: {@code names.endpoint} or {@value #DEFAULT_ENDPOINT}. */
    public String endpointName() {
        return endpoint(endpoint).resolve(null);
    }

    /**
     * SQL Server's link certificate: {@code names.certificate} (or {@value #DEFAULT_CERTIFICATE}) with
     * {@code {server}} = the server's name, each {@code \} of a named instance's {@code HOST\INSTANCE} replaced by
     * {@code _}, since a link certificate's name must not contain one.
     *
     * @param serverName @@SERVERNAME
     * @throws IllegalArgumentException when the server name is blank or makes the name longer than 128 characters
     */
    public String certificateName(String serverName) {
        if (serverName == null || serverName.isBlank()) {
            throw new IllegalArgumentException("the server's name (@@SERVERNAME) is needed for the link certificate's "
                    + "name; SQL Server reported none");
        }
        try {
            return certificate(certificate).resolve(serverName.trim().replace('\\', '_'));
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * One database's names, each rule kept; names across databases are checked by {@link #resolve(List)}.
     *
     * @throws SpecException when a SQL Server name would be longer than 128 characters
     */
    public DatabaseLinkNames resolve(String database) {
        Objects.requireNonNull(database, "database");
        DatabaseLinkNames names = new DatabaseLinkNames(database,
                availabilityGroup(availabilityGroup).resolve(database),
                distributedAvailabilityGroup(distributedAvailabilityGroup).resolve(database),
                instanceAvailabilityGroup(instanceAvailabilityGroup).resolve(database));
        if (names.instanceAvailabilityGroup().equalsIgnoreCase(names.availabilityGroup())) {
            // ARM refuses it: InstanceAvailabilityGroupNamePartnerAvailabilityGroupNameMatch (arm-api.md §5).
            throw new SpecException(INSTANCE_AG + ": '" + names.instanceAvailabilityGroup() + "' (for database '"
                    + database + "') is also its SQL Server availability group (" + AG + "); ARM refuses a link "
                    + "whose two availability groups have the same name: make them differ");
        }
        return names;
    }

    /**
     * {@code names.availabilityGroup} (or the default) for one database, on its own: what preflight compares with
     * the group the database is in.
     *
     * @throws SpecException when the name would be longer than 128 characters
     */
    public String availabilityGroupFor(String database) {
        return availabilityGroup(availabilityGroup).resolve(database);
    }

    /** {@code names.distributedAvailabilityGroup} (or the default) for one database, on its own. */
    public String distributedAvailabilityGroupFor(String database) {
        return distributedAvailabilityGroup(distributedAvailabilityGroup).resolve(database);
    }

    /**
     * {@code names.instanceAvailabilityGroup} (or the default) for one database, on its own: what
     * {@code milink link list} compares with an existing link's name, one field at a time.
     */
    public String instanceAvailabilityGroupFor(String database) {
        return instanceAvailabilityGroup(instanceAvailabilityGroup).resolve(database);
    }

    /**
     * Every database's names, in the order given, checked together: a name without {@code {database}} is one
     * name and so serves one database only, and no two links may share a name on either side.
     *
     * @throws SpecException naming the field and both databases
     */
    public List<DatabaseLinkNames> resolve(List<String> databases) {
        if (databases.size() > 1) {
            for (NameTemplate t : List.of(availabilityGroup(availabilityGroup),
                    distributedAvailabilityGroup(distributedAvailabilityGroup),
                    instanceAvailabilityGroup(instanceAvailabilityGroup))) {
                if (!t.templated()) {
                    throw new SpecException(t.field() + ": '" + t.text() + "' is one name, but the spec links "
                            + databases.size() + " databases and each link needs its own: put {database} in it, "
                            + "as in the default " + t.defaultText());
                }
            }
        }
        List<DatabaseLinkNames> all = new ArrayList<>(databases.size());
        // SQL Server keeps availability groups and distributed ones in one list (sys.availability_groups), and so
        // does the managed instance with the link and its own group: each side's names must all differ. Names
        // compare case-insensitively, as SQL Server's default collations and ARM resource names do.
        Map<String, String> onSqlServer = new HashMap<>();
        Map<String, String> onInstance = new HashMap<>();
        for (String database : databases) {
            DatabaseLinkNames names = resolve(database);
            claim(onSqlServer, names.availabilityGroup(), AG, database);
            claim(onSqlServer, names.distributedAvailabilityGroup(), DAG, database);
            claim(onInstance, names.distributedAvailabilityGroup(), DAG, database);
            claim(onInstance, names.instanceAvailabilityGroup(), INSTANCE_AG, database);
            all.add(names);
        }
        return List.copyOf(all);
    }

    private static void claim(Map<String, String> taken, String name, String field, String database) {
        String owner = field + " of database '" + database + "'";
        String previous = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), owner);
        if (previous != null && !previous.equals(owner)) {
            throw new SpecException(field + ": '" + name + "' is the name of both the " + previous + " and the "
                    + owner + "; every link needs names of its own: change " + field + " (or the other)");
        }
    }

    private static NameTemplate availabilityGroup(String text) {
        return perDatabase(AG, text, DEFAULT_AVAILABILITY_GROUP, NameTemplate.Rule.SYSNAME);
    }

    private static NameTemplate distributedAvailabilityGroup(String text) {
        return perDatabase(DAG, text, DEFAULT_DISTRIBUTED_AVAILABILITY_GROUP, NameTemplate.Rule.ARM);
    }

    /**
     * ARM's rule for the link's name, applied to this one too: it goes into the same ARM body
     * (instanceAvailabilityGroupName), and the service's own rule for it is unconfirmed.
     */
    private static NameTemplate instanceAvailabilityGroup(String text) {
        return perDatabase(INSTANCE_AG, text, DEFAULT_INSTANCE_AVAILABILITY_GROUP, NameTemplate.Rule.ARM);
    }

    private static NameTemplate perDatabase(String field, String text, String defaultText, NameTemplate.Rule rule) {
        return new NameTemplate(field, text, defaultText, rule, NameTemplate.DATABASE, null);
    }

    private static NameTemplate endpoint(String text) {
        return new NameTemplate("names.endpoint", text, DEFAULT_ENDPOINT, NameTemplate.Rule.SYSNAME, null, "SQL Server has one mirroring endpoint for all its links: give its "
                + "name");
    }

    private static NameTemplate certificate(String text) {
        return new NameTemplate("names.certificate", text, DEFAULT_CERTIFICATE, NameTemplate.Rule.SYSNAME,
                NameTemplate.SERVER, null);
    }
}
