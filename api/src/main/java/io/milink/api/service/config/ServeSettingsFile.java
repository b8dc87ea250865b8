package io.milink.api.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.milink.core.spec.AzureAuthSpec;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The service configuration file ({@code milink serve --config FILE}, or {@code MILINK_CONFIG}): YAML, or Java
 * properties when the name ends in {@code .properties}. Top-level keys are {@code milink serve}'s options by their
 * long name without dashes ({@code port: 8443}, {@code data-dir: /var/lib/milink}); {@code credentials} names the
 * SQL logins a request may refer to. A password is never in this file, only where it is.
 *
 * <pre>
 * port: 8443
 * credentials:
 *   prod-sql:
 *     user: milink
 *     passwordEnv: MILINK_PROD_SQL_PASSWORD   # or passwordFile: /run/secrets/prod-sql
 *     hosts: [sql01.contoso.local]            # optional: the only hosts it may be sent to
 *   corp:
 *     method: integrated                      # or entra: the service's own identity, no user or password
 * azureCredentials:                           # the Azure sign-ins a request may name (managedInstance.azureCredential)
 *   prod-azure:                               # the fields of a link spec's managedInstance.azureAuth
 *     method: service-principal
 *     tenantId: 00000000-0000-0000-0000-000000000000
 *     clientId: 11111111-1111-1111-1111-111111111111
 *     clientSecretEnv: MILINK_PROD_AZURE_SECRET  # or clientSecretFile / clientCertificateFile
 * journal: jdbc:postgresql://db.contoso.local/milink  # optional: the journal several replicas share
 * journal-user: milink
 * journal-password-env: MILINK_JOURNAL_PASSWORD     # or journal-password-file: /run/secrets/journal
 * </pre>
 *
 * In properties form: {@code port=8443}, {@code credentials.prod-sql.user=milink},
 * {@code credentials.prod-sql.hosts=sql01,sql02}, {@code azureCredentials.prod-azure.method=managed-identity}.
 */
public final class ServeSettingsFile {

    public static final String CREDENTIALS = "credentials";
    public static final String AZURE_CREDENTIALS = "azureCredentials";
    public static final String SECRETS = "secrets";
    private static final Set<String> SECRET_FIELDS = Set.of("passwordEnv", "passwordFile", "hosts");
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("method", "user", "passwordEnv", "passwordFile",
            "hosts");

    private final Path file;
    private final Map<String, String> options;
    private final List<NamedCredential> credentials;
    private final List<NamedAzureSignIn> azureCredentials;
    private final List<NamedSecret> secrets;

    private ServeSettingsFile(Path file, Map<String, String> options, List<NamedCredential> credentials,
                              List<NamedAzureSignIn> azureCredentials, List<NamedSecret> secrets) {
        for (String key : options.keySet()) {
            if (key.equalsIgnoreCase("journal-password") || key.equalsIgnoreCase("password")) {
                throw new ConfigException(file + ": " + key + ": a password is never written in the configuration; "
                        + "use journal-password-env (an environment variable's name) or journal-password-file (a "
                        + "file holding it)");
            }
        }
        this.file = file;
        this.options = Map.copyOf(options);
        this.credentials = List.copyOf(credentials);
        this.azureCredentials = List.copyOf(azureCredentials);
        this.secrets = List.copyOf(secrets);
    }

    public static ServeSettingsFile empty() {
        return new ServeSettingsFile(null, Map.of(), List.of(), List.of(), List.of());
    }

    /** @throws ConfigException naming the file and the setting that is wrong */
    public static ServeSettingsFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist (--config or MILINK_CONFIG)");
        }
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".properties")
                ? loadProperties(file) : loadYaml(file);
    }

    /** The option values, by long option name without dashes ("port", "data-dir"). */
    public Map<String, String> options() {
        return options;
    }

    public List<NamedCredential> credentials() {
        return credentials;
    }

    public List<NamedAzureSignIn> azureCredentials() {
        return azureCredentials;
    }

    /** Other secrets a request may name ({@code link.masterKeySecret}). */
    public List<NamedSecret> secrets() {
        return secrets;
    }

    public Path file() {
        return file;
    }

    private static ServeSettingsFile loadYaml(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ServeSettingsFile(file, Map.of(), List.of(), List.of(), List.of());
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": expected settings such as 'port: 8443', one per line");
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<NamedCredential> credentials = new ArrayList<>();
        List<NamedAzureSignIn> azure = new ArrayList<>();
        List<NamedSecret> secrets = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals(CREDENTIALS)) {
                credentials.addAll(yamlCredentials(file, entry.getValue()));
            } else if (entry.getKey().equals(SECRETS)) {
                yamlEntries(file, SECRETS, entry.getValue()).forEach((name, fields) -> secrets.add(secret(file, name,
                        fields)));
            } else if (entry.getKey().equals(AZURE_CREDENTIALS)) {
                if (!entry.getValue().isObject()) {
                    throw new ConfigException(file + ": 'azureCredentials' must map names to {method, tenantId, "
                            + "clientId, clientSecretEnv | clientSecretFile | clientCertificateFile, cloud}");
                }
                entry.getValue().fields().forEachRemaining(e -> azure.add(azureSignIn(file, e.getKey(),
                        e.getValue())));
            } else if (entry.getValue().isValueNode()) {
                options.put(entry.getKey(), entry.getValue().asText());
            } else if (isListOfValues(entry.getValue())) {
                // A repeatable option (entra-audience: [a, b]) as the command line's comma-separated form.
                List<String> values = new ArrayList<>();
                entry.getValue().forEach(value -> values.add(value.asText()));
                options.put(entry.getKey(), String.join(",", values));
            } else {
                throw new ConfigException(file + ": '" + entry.getKey() + "' must be a single value");
            }
        }
        return new ServeSettingsFile(file, options, credentials, azure, secrets);
    }

    /** {@code section}'s entries as name → fields, a list ({@code hosts: [a, b]}) joined with commas. */
    private static Map<String, Map<String, String>> yamlEntries(Path file, String section, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(file + ": '" + section + "' must map names to their fields");
        }
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw new ConfigException(file + ": " + section + "." + entry.getKey() + " must be a set of fields");
            }
            Map<String, String> fields = new TreeMap<>();
            entry.getValue().fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode()) {
                    fields.put(field.getKey(), field.getValue().asText());
                } else if (isListOfValues(field.getValue())) {
                    List<String> values = new ArrayList<>();
                    field.getValue().forEach(value -> values.add(value.asText()));
                    fields.put(field.getKey(), String.join(",", values));
                } else {
                    throw new ConfigException(file + ": " + section + "." + entry.getKey() + "." + field.getKey()
                            + " must be a single value or a list");
                }
            });
            entries.put(entry.getKey(), fields);
        }
        return entries;
    }

    /** A secret a request may name: where it is (an environment variable or a file) and the hosts it may go to. */
    private static NamedSecret secret(Path file, String name, Map<String, String> fields) {
        String where = file + ": " + SECRETS + "." + name;
        for (String field : fields.keySet()) {
            if (field.equalsIgnoreCase("password") || field.equalsIgnoreCase("value")) {
                throw new ConfigException(where + "." + field + ": a secret is never written in the configuration; "
                        + "use passwordEnv (an environment variable's name) or passwordFile (a file holding it)");
            }
            if (!SECRET_FIELDS.contains(field)) {
                throw new ConfigException(where + ": unknown field '" + field + "'; the fields are passwordEnv, "
                        + "passwordFile and hosts");
            }
        }
        String env = fields.get("passwordEnv");
        String secretFile = fields.get("passwordFile");
        if ((env == null) == (secretFile == null)) {
            throw new ConfigException(where + ": give exactly one of passwordEnv (an environment variable's name) "
                    + "or passwordFile (a file holding the secret)");
        }
        List<String> hosts = fields.containsKey("hosts") ? splitList(fields.get("hosts")) : List.of();
        if (env != null) {
            return new NamedSecret(name, new SecretSource.EnvironmentVariable(env), hosts);
        }
        Path path = Path.of(secretFile);
        Path folder = file.toAbsolutePath().getParent();
        return new NamedSecret(name, new SecretSource.File(path.isAbsolute() || folder == null ? path
                : folder.resolve(path)), hosts);
    }

    /** An Azure sign-in, with the fields (and checks) of a link spec's managedInstance.azureAuth. */
    private static NamedAzureSignIn azureSignIn(Path file, String name, JsonNode fields) {
        Path folder = file.toAbsolutePath().getParent();
        return new NamedAzureSignIn(name, AzureAuthSpec.parse(fields, AZURE_CREDENTIALS + "." + name,
                path -> Path.of(path).isAbsolute() || folder == null ? Path.of(path) : folder.resolve(path),
                message -> new ConfigException(file + ": " + message)));
    }

    private static boolean isListOfValues(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static List<NamedCredential> yamlCredentials(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(file + ": 'credentials' must map names to {user, passwordEnv | passwordFile}");
        }
        List<NamedCredential> credentials = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw new ConfigException(file + ": credentials." + entry.getKey() + " must be {user, passwordEnv "
                        + "| passwordFile}");
            }
            Map<String, String> fields = new TreeMap<>();
            List<String> hosts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> f = entry.getValue().fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                if (field.getKey().equals("hosts") && field.getValue().isArray()) {
                    field.getValue().forEach(h -> hosts.add(h.asText()));
                } else if (field.getValue().isValueNode()) {
                    fields.put(field.getKey(), field.getValue().asText());
                } else {
                    throw new ConfigException(file + ": credentials." + entry.getKey() + "." + field.getKey()
                            + " must be a single value");
                }
            }
            if (fields.containsKey("hosts")) {
                hosts.addAll(splitList(fields.remove("hosts")));
            }
            credentials.add(credential(file, entry.getKey(), fields, hosts));
        }
        return credentials;
    }

    private static ServeSettingsFile loadProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read it as properties (" + e.getMessage() + ")", e);
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Map<String, String>> byCredential = new TreeMap<>();
        Map<String, ObjectNode> byAzureCredential = new TreeMap<>();
        Map<String, Map<String, String>> bySecret = new TreeMap<>();
        for (Map.Entry<String, String> entry : toMap(properties).entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key.startsWith(SECRETS + ".")) {
                String rest = key.substring(SECRETS.length() + 1);
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    throw new ConfigException(file + ": '" + key + "' should be secrets.<name>.<field>, e.g. "
                            + "secrets.master-key.passwordEnv");
                }
                bySecret.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>())
                        .put(rest.substring(dot + 1), value);
            } else if (key.startsWith(AZURE_CREDENTIALS + ".")) {
                String rest = key.substring(AZURE_CREDENTIALS.length() + 1);
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    throw new ConfigException(file + ": '" + key + "' should be azureCredentials.<name>.<field>, "
                            + "e.g. azureCredentials.prod-azure.method");
                }
                byAzureCredential.computeIfAbsent(rest.substring(0, dot), n -> JsonNodeFactory.instance.objectNode())
                        .put(rest.substring(dot + 1), value);
            } else if (key.startsWith(CREDENTIALS + ".")) {
                String rest = key.substring(CREDENTIALS.length() + 1);
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    throw new ConfigException(file + ": '" + key + "' should be credentials.<name>.<field>, e.g. "
                            + "credentials.prod-sql.user");
                }
                byCredential.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>())
                        .put(rest.substring(dot + 1), value);
            } else {
                options.put(key, value);
            }
        }
        List<NamedCredential> credentials = new ArrayList<>();
        byCredential.forEach((name, fields) -> {
            List<String> hosts = fields.containsKey("hosts") ? splitList(fields.remove("hosts")) : List.of();
            credentials.add(credential(file, name, fields, hosts));
        });
        List<NamedAzureSignIn> azure = new ArrayList<>();
        byAzureCredential.forEach((name, fields) -> azure.add(azureSignIn(file, name, fields)));
        List<NamedSecret> secrets = new ArrayList<>();
        bySecret.forEach((name, fields) -> secrets.add(secret(file, name, fields)));
        return new ServeSettingsFile(file, options, credentials, azure, secrets);
    }

    private static NamedCredential credential(Path file, String name, Map<String, String> fields, List<String> hosts) {
        String where = file + ": credentials." + name;
        for (String field : fields.keySet()) {
            if (field.equalsIgnoreCase("password")) {
                throw new ConfigException(where + ".password: a password is never written in the configuration; "
                        + "use passwordEnv (an environment variable's name) or passwordFile (a file holding it)");
            }
            if (!CREDENTIAL_FIELDS.contains(field)) {
                throw new ConfigException(where + ": unknown field '" + field + "'; the fields are method, user, "
                        + "passwordEnv, passwordFile and hosts");
            }
        }
        String method = fields.getOrDefault("method", "sql");
        if (!method.equals("sql")) {
            SqlAuthentication identity = switch (method) {
                case "integrated" -> new SqlAuthentication.Integrated();
                case "entra" -> new SqlAuthentication.Entra();
                default -> throw new ConfigException(where + ".method: '" + method + "' is not a login method; use "
                        + "sql (the default), integrated or entra");
            };
            for (String field : List.of("user", "passwordEnv", "passwordFile")) {
                if (fields.containsKey(field)) {
                    throw new ConfigException(where + "." + field + ": method " + method + " logs in as the "
                            + "service's own identity and takes no " + field + "; remove it, or use method sql");
                }
            }
            return new NamedCredential(name, identity, hosts);
        }
        String user = fields.get("user");
        if (user == null || user.isBlank()) {
            throw new ConfigException(where + ": 'user' (the SQL login) is required");
        }
        String env = fields.get("passwordEnv");
        String passwordFile = fields.get("passwordFile");
        if ((env == null) == (passwordFile == null)) {
            throw new ConfigException(where + ": give exactly one of passwordEnv (an environment variable's name) "
                    + "or passwordFile (a file holding the password)");
        }
        SecretSource password;
        if (env != null) {
            password = new SecretSource.EnvironmentVariable(env);
        } else {
            Path path = Path.of(passwordFile);
            Path folder = file.toAbsolutePath().getParent();
            password = new SecretSource.File(path.isAbsolute() || folder == null ? path : folder.resolve(path));
        }
        return new NamedCredential(name, user, password, hosts);
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
