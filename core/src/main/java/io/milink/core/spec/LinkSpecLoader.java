package io.milink.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@link LinkSpec} from YAML (docs/spec.md). Every problem is reported with the file and the field path, and
 * what to write instead; unknown fields are errors, because a misspelt option silently ignored is how a check runs
 * against the wrong thing. A literal password is refused: a spec names where the password is, never the password.
 */
public final class LinkSpecLoader {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** {@code alerts:} is read by the link monitor's own loader (link-manager's AlertSettingsLoader). */
    private static final Set<String> TOP = Set.of("sqlServer", "databases", "names", "link", "managedInstance",
            "alerts");
    private static final Set<String> MI = Set.of("fqdn", "subnet", "resourceId", "subscriptionId", "resourceGroup",
            "name", "azureAuth", "probeNetwork", "sql");
    /** ARM's managedInstanceName pattern, 1-63 characters (arm-api.md §2.1). */
    private static final java.util.regex.Pattern MI_NAME =
            java.util.regex.Pattern.compile("^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$");
    /** A subscription id is a GUID. */
    private static final java.util.regex.Pattern GUID =
            java.util.regex.Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
    private static final Set<String> SQL = Set.of("host", "port", "instance", "authentication", "encrypt",
            "trustServerCertificate", "hostNameInCertificate", "serverCertificate");
    /** The instance's SQL endpoint: as sqlServer:, but always a host and port (a managed instance has no named instance). */
    private static final Set<String> MI_SQL = Set.of("host", "port", "authentication", "encrypt",
            "trustServerCertificate", "hostNameInCertificate", "serverCertificate");
    /**
     * The port of a managed instance's VNet-local SQL endpoint (Microsoft Learn, "Connect your application to Azure SQL
     * Managed Instance"; the public endpoint is 3342).
     */
    static final int MANAGED_INSTANCE_SQL_PORT = 1433;
    private static final Set<String> AUTH = Set.of("type", "user", "passwordEnv", "passwordFile");
    private static final Set<String> NAMES = Set.of("availabilityGroup", "distributedAvailabilityGroup",
            "instanceAvailabilityGroup", "endpoint", "endpointPort", "certificate");
    private static final Set<String> LINK = Set.of("replicationMode", "failoverMode", "seedingMode",
            "partnerEndpoint", "certificateExpiry", "masterKeyPasswordEnv", "masterKeyPasswordFile");

    private LinkSpecLoader() {
    }

    public static LinkSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(io.milink.core.UnreadableFile.message("spec file", file, e));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * @param source  names the text in messages
     * @param baseDir relative file paths in the spec (password file, server certificate) resolve against it
     */
    public static LinkSpec parse(String yaml, String source, Path baseDir) {
        return parse(yaml, source, baseDir, Clock.systemDefaultZone());
    }

    /** @param clock today's date for {@code link.certificateExpiry}, which must be later */
    static LinkSpec parse(String yaml, String source, Path baseDir, Clock clock) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new SpecException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(source + ": expected a mapping with sqlServer: and databases:");
        }
        Reader r = new Reader(source, baseDir);
        r.allowOnly(root, "", TOP);
        SqlServerTarget target = r.target(r.required(root, "sqlServer"));
        List<String> databases = r.databases(root.get("databases"));
        LinkNames names = r.names(root.get("names"));
        LinkOptions link = r.link(root.get("link"), LocalDate.now(clock));
        ManagedInstanceTarget managedInstance = r.managedInstance(root.get("managedInstance"));
        try {
            return new LinkSpec(target, databases, names, managedInstance, link);
        } catch (SpecException e) {
            throw r.error(e.getMessage());
        }
    }

    private static final class Reader {
        private final String source;
        private final Path baseDir;

        Reader(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        SqlServerTarget target(JsonNode node) {
            return target(node, "sqlServer", SQL, null, null, Encryption.STRICT);
        }

        /**
         * A SQL endpoint ({@code sqlServer:}, or {@code managedInstance.sql:}) and how to log in to it.
         *
         * @param at          the section's path in messages, e.g. {@code sqlServer}
         * @param defaultHost the host when the section gives none; null makes {@code host} required
         * @param defaultPort the port when the section gives none (and no instance); null for none
         */
        SqlServerTarget target(JsonNode node, String at, Set<String> allowed, String defaultHost,
                               Integer defaultPort, Encryption defaultEncryption) {
            object(node, at);
            allowOnly(node, at + ".", allowed);
            String host = defaultHost != null && !node.hasNonNull("host") ? defaultHost
                    : text(required(node, at + ".host"), at + ".host");
            Integer port = node.has("port") ? integer(node.get("port"), at + ".port") : null;
            String instance = optionalText(node, "instance", at + ".instance");
            if (port != null && instance != null) {
                throw error(at + ": give either port or instance, not both");
            }
            if (port == null && instance == null) {
                port = defaultPort;
            }
            SqlAuthentication auth = authentication(required(node, at + ".authentication"), at + ".authentication");
            Encryption encryption = node.has("encrypt")
                    ? Encryption.parse(node.get("encrypt").asText(), source + ": " + at + ".encrypt")
                    : defaultEncryption;
            boolean trust = node.has("trustServerCertificate")
                    && bool(node.get("trustServerCertificate"), at + ".trustServerCertificate");
            String hostInCert = optionalText(node, "hostNameInCertificate", at + ".hostNameInCertificate");
            String cert = optionalText(node, "serverCertificate", at + ".serverCertificate");
            try {
                return new SqlServerTarget(host, port, instance, auth, encryption, trust, hostInCert,
                        cert == null ? null : resolve(cert));
            } catch (SpecException e) {
                throw error(e.getMessage().replace("sqlServer", at));
            }
        }

        SqlAuthentication authentication(JsonNode node, String at) {
            object(node, at);
            if (node.has("password")) {
                throw error(at + ".password: a spec never holds a password; name where it is "
                        + "with passwordEnv: VARIABLE or passwordFile: PATH");
            }
            allowOnly(node, at + ".", AUTH);
            String type = text(required(node, at + ".type"), at + ".type");
            switch (type) {
                case "sql" -> {
                    String user = text(required(node, at + ".user"), at + ".user");
                    boolean env = node.has("passwordEnv");
                    boolean file = node.has("passwordFile");
                    if (env == file) {
                        throw error(at + ": a sql login needs exactly one of passwordEnv "
                                + "(an environment variable's name) or passwordFile (a file's path)");
                    }
                    SecretSource password = env
                            ? new SecretSource.EnvironmentVariable(text(node.get("passwordEnv"), at + ".passwordEnv"))
                            : new SecretSource.File(resolve(text(node.get("passwordFile"), at + ".passwordFile")));
                    return new SqlAuthentication.SqlLogin(user, password);
                }
                case "integrated" -> {
                    noCredentialsFor(node, "integrated", at);
                    return new SqlAuthentication.Integrated();
                }
                case "entra" -> {
                    noCredentialsFor(node, "entra", at);
                    return new SqlAuthentication.Entra();
                }
                default -> throw error(at + ".type: '" + type + "' is not one of sql, integrated, entra");
            }
        }

        private void noCredentialsFor(JsonNode node, String type, String at) {
            for (String field : List.of("user", "passwordEnv", "passwordFile")) {
                if (node.has(field)) {
                    throw error(at + "." + field + ": not used with type " + type + "; remove it");
                }
            }
        }

        List<String> databases(JsonNode node) {
            List<String> names = new ArrayList<>();
            if (node == null || node.isNull()) {
                return names;
            }
            if (!node.isArray()) {
                throw error("databases: expected a list, e.g. databases: [Sales, Inventory]");
            }
            for (int i = 0; i < node.size(); i++) {
                String name = text(node.get(i), "databases[" + i + "]");
                if (names.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                    throw error("databases[" + i + "]: '" + name + "' is listed twice");
                }
                names.add(name);
            }
            return names;
        }

        LinkNames names(JsonNode node) {
            if (node == null || node.isNull()) {
                return LinkNames.defaults();
            }
            object(node, "names");
            allowOnly(node, "names.", NAMES);
            Integer port = node.has("endpointPort") ? integer(node.get("endpointPort"), "names.endpointPort") : null;
            String group = optionalText(node, "availabilityGroup", "names.availabilityGroup");
            String distributed = optionalText(node, "distributedAvailabilityGroup",
                    "names.distributedAvailabilityGroup");
            String instanceGroup = optionalText(node, "instanceAvailabilityGroup", "names.instanceAvailabilityGroup");
            String endpoint = optionalText(node, "endpoint", "names.endpoint");
            String certificate = optionalText(node, "certificate", "names.certificate");
            try {
                return new LinkNames(group, distributed, instanceGroup, endpoint, port, certificate);
            } catch (SpecException e) {
                throw error(e.getMessage());
            }
        }

        /** The {@code link:} section; every field optional. */
        LinkOptions link(JsonNode node, LocalDate today) {
            if (node == null || node.isNull()) {
                return LinkOptions.defaults();
            }
            object(node, "link");
            if (node.has("masterKeyPassword")) {
                throw error("link.masterKeyPassword: a spec never holds a password; name where it is with "
                        + "masterKeyPasswordEnv: VARIABLE or masterKeyPasswordFile: PATH");
            }
            allowOnly(node, "link.", LINK);
            String seeding = optionalText(node, "seedingMode", "link.seedingMode");
            if (seeding != null && !seeding.equalsIgnoreCase("automatic")) {
                throw error("link.seedingMode: '" + seeding + "' cannot be used: ARM accepts only Automatic seeding "
                        + "for a link; write automatic or leave it out");
            }
            String replication = optionalText(node, "replicationMode", "link.replicationMode");
            String failover = optionalText(node, "failoverMode", "link.failoverMode");
            String endpoint = optionalText(node, "partnerEndpoint", "link.partnerEndpoint");
            LocalDate expiry = certificateExpiry(node, today);
            SecretSource masterKeyPassword = masterKeyPassword(node);
            // Only the records' own checks throw here, without the file's name: add it.
            try {
                return new LinkOptions(
                        replication == null ? null : ReplicationMode.parse(replication, "link.replicationMode"),
                        failover == null ? null : FailoverMode.parse(failover, "link.failoverMode"),
                        endpoint, expiry, masterKeyPassword);
            } catch (SpecException e) {
                throw error(e.getMessage());
            }
        }

        private LocalDate certificateExpiry(JsonNode node, LocalDate today) {
            String text = optionalText(node, "certificateExpiry", "link.certificateExpiry");
            if (text == null) {
                return null;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw error("link.certificateExpiry: '" + text + "' is not a date; write it as YYYY-MM-DD, e.g. "
                        + today.plusYears(2) + ", or leave it out for two years after the certificate is created");
            }
            if (!date.isAfter(today)) {
                throw error("link.certificateExpiry: " + date + " is not in the future (today is " + today + "); "
                        + "give a later date, or leave it out for two years after the certificate is created");
            }
            return date;
        }

        private SecretSource masterKeyPassword(JsonNode node) {
            String variable = optionalText(node, "masterKeyPasswordEnv", "link.masterKeyPasswordEnv");
            String file = optionalText(node, "masterKeyPasswordFile", "link.masterKeyPasswordFile");
            if (variable != null && file != null) {
                throw error("link: give masterKeyPasswordEnv or masterKeyPasswordFile, not both");
            }
            return variable != null ? new SecretSource.EnvironmentVariable(variable)
                    : file != null ? new SecretSource.File(resolve(file)) : null;
        }

        ManagedInstanceTarget managedInstance(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            object(node, "managedInstance");
            allowOnly(node, "managedInstance.", MI);
            String fqdn = optionalText(node, "fqdn", "managedInstance.fqdn");
            String subnet = optionalText(node, "subnet", "managedInstance.subnet");
            io.milink.core.azure.ManagedInstanceRef resource = resource(node);
            boolean probeNetwork = !node.hasNonNull("probeNetwork")
                    || bool(node.get("probeNetwork"), "managedInstance.probeNetwork");
            SqlServerTarget sql = null;
            if (node.hasNonNull("sql")) {
                if (fqdn == null && !(node.get("sql").isObject() && node.get("sql").hasNonNull("host"))) {
                    throw error("managedInstance.sql.host: give the instance's host name here, or as "
                            + "managedInstance.fqdn, which it defaults to");
                }
                // encrypt true by default: a managed instance's certificate is Azure's, validated as usual; strict
                // (TDS 8.0) is left to the user, since whether every instance accepts it is UNCONFIRMED here.
                sql = target(node.get("sql"), "managedInstance.sql", MI_SQL, fqdn, MANAGED_INSTANCE_SQL_PORT,
                        Encryption.TRUE);
            }
            try {
                return new ManagedInstanceTarget(fqdn, subnet, resource, node.hasNonNull("azureAuth")
                        ? AzureAuthSpec.parse(node.get("azureAuth"), this::resolve, this::error) : null,
                        probeNetwork, sql);
            } catch (SpecException e) {
                throw error(e.getMessage());
            }
        }

        /** The Azure resource: a resource id, or subscription + group + name; never both, never part of the three. */
        private io.milink.core.azure.ManagedInstanceRef resource(JsonNode node) {
            String resourceId = optionalText(node, "resourceId", "managedInstance.resourceId");
            List<String> parts = List.of("subscriptionId", "resourceGroup", "name");
            List<String> given = parts.stream().filter(node::has).toList();
            if (resourceId != null) {
                if (!given.isEmpty()) {
                    throw error("managedInstance." + given.get(0) + ": give either resourceId or subscriptionId, "
                            + "resourceGroup and name, not both");
                }
                try {
                    return io.milink.core.azure.ManagedInstanceRef.parse(resourceId);
                } catch (IllegalArgumentException e) {
                    throw error("managedInstance.resourceId: " + e.getMessage());
                }
            }
            if (given.isEmpty()) {
                return null;
            }
            for (String part : parts) {
                if (!node.has(part)) {
                    throw error("managedInstance." + part + " is required with managedInstance."
                            + String.join(" and managedInstance.", given) + " (or give resourceId instead)");
                }
            }
            String subscription = text(node.get("subscriptionId"), "managedInstance.subscriptionId");
            if (!GUID.matcher(subscription).matches()) {
                throw error("managedInstance.subscriptionId: '" + subscription + "' is not a subscription id (a "
                        + "GUID such as 00000000-0000-0000-0000-000000000001; az account show --query id)");
            }
            String group = text(node.get("resourceGroup"), "managedInstance.resourceGroup");
            String name = text(node.get("name"), "managedInstance.name");
            if (!MI_NAME.matcher(name).matches()) {
                throw error("managedInstance.name: '" + name + "' is not a managed instance name (lower-case "
                        + "letters, digits and single hyphens, 1-63 characters; the first label of its host name)");
            }
            try {
                return new io.milink.core.azure.ManagedInstanceRef(subscription, group, name);
            } catch (IllegalArgumentException e) {
                throw error("managedInstance: " + e.getMessage());
            }
        }

        /** @param path the field's full path, e.g. {@code sqlServer.authentication}, which the message names */
        JsonNode required(JsonNode node, String path) {
            JsonNode value = node.get(path.substring(path.lastIndexOf('.') + 1));
            if (value == null || value.isNull()) {
                throw error(path + " is required");
            }
            return value;
        }

        void allowOnly(JsonNode node, String prefix, Set<String> allowed) {
            Iterator<String> names = ((ObjectNode) node).fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw error(prefix + name + ": unknown field; allowed here: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
        }

        private void object(JsonNode node, String where) {
            if (!node.isObject()) {
                throw error(where + ": expected a mapping of fields");
            }
        }

        private String text(JsonNode node, String where) {
            if (node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank()) {
                throw error(where + ": expected a non-empty text value");
            }
            return node.asText().trim();
        }

        private String optionalText(JsonNode node, String field, String where) {
            return node.has(field) && !node.get(field).isNull() ? text(node.get(field), where) : null;
        }

        private int integer(JsonNode node, String where) {
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw error(where + ": expected a whole number, not '" + node.asText() + "'");
            }
            return node.intValue();
        }

        private boolean bool(JsonNode node, String where) {
            if (!node.isBoolean()) {
                throw error(where + ": expected true or false, not '" + node.asText() + "'");
            }
            return node.booleanValue();
        }

        private Path resolve(String path) {
            Path p = Path.of(path);
            return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
        }

        SpecException error(String message) {
            return new SpecException(source + ": " + message);
        }
    }
}
