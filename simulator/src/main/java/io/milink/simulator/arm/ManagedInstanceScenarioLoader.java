package io.milink.simulator.arm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.milink.simulator.sqlserver.scenario.ScenarioException;

/**
 * Reads the {@code managedInstance:} section of a scenario file (the SQL Server twin's loader skips it) and reports
 * mistakes as "file: field path: what is wrong; allowed: …".
 */
public final class ManagedInstanceScenarioLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // vCores: 8.5 is a mistake to report, not a number to truncate (usedStorageGb takes decimals).
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final String SECTION = "managedInstance";

    /** ARM's managedInstanceName constraint, as DistributedAvailabilityGroups.json (2025-01-01) declares it. */
    private static final Pattern INSTANCE_NAME = Pattern.compile("^[a-z0-9]+(?:-[a-z0-9]+)*$");

    /** ARM's distributedAvailabilityGroupName constraint (same file). */
    static final Pattern LINK_NAME = Pattern.compile("^[#a-zA-Z_][\\w@#$]*$");

    private ManagedInstanceScenarioLoader() {
    }

    public static ManagedInstanceScenario load(Path file) {
        try {
            return load(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": scenario file does not exist");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read the scenario file: " + e.getMessage(), e);
        }
    }

    /** {@code sourceName} names the scenario in error messages (a path or a built-in name). */
    public static ManagedInstanceScenario load(String yaml, String sourceName) {
        JsonNode section;
        try {
            JsonNode root = YAML.readTree(yaml);
            section = root == null ? null : root.get(SECTION);
        } catch (IOException e) {
            throw new ScenarioException(sourceName + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (section == null || section.isNull() || section.isMissingNode()) {
            throw new ScenarioException(sourceName + ": " + SECTION + ": missing; the ARM twin needs a '"
                    + SECTION + ":' section");
        }
        try {
            return withDefaults(validate(YAML.treeToValue(section, ManagedInstanceScenario.class), sourceName));
        } catch (IOException e) {
            throw translate(e, sourceName);
        }
    }

    private static ManagedInstanceScenario validate(ManagedInstanceScenario s, String src) {
        require(s.subscriptionId(), src, "subscriptionId", "e.g. 00000000-0000-0000-0000-000000000001");
        require(s.resourceGroup(), src, "resourceGroup", "e.g. rg-link");
        require(s.name(), src, "name", "the instance name, e.g. mi-target-01");
        if (!INSTANCE_NAME.matcher(s.name()).matches() || s.name().length() > 63) {
            throw new ScenarioException(src + ": " + SECTION + ".name: '" + s.name() + "' is not a managed instance"
                    + " name; allowed: 1-63 lower-case letters, digits and single hyphens");
        }
        require(s.fqdn(), src, "fqdn", "e.g. mi-target-01.abc123def456.database.windows.net");
        if (!s.fqdn().toLowerCase(Locale.ROOT).startsWith(s.name() + ".")) {
            throw new ScenarioException(src + ": " + SECTION + ".fqdn: '" + s.fqdn() + "' must start with the"
                    + " instance name '" + s.name() + ".' as Azure's host names do");
        }
        positive(s.vCores(), src, "vCores");
        positive(s.storageSizeGb(), src, "storageSizeGb");
        if (s.usedStorageGb() != null && s.usedStorageGb() < 0) {
            throw new ScenarioException(src + ": " + SECTION + ".usedStorageGb: must be 0 or more");
        }
        if (s.usedStorageGb() != null && s.storageSizeGb() != null && s.usedStorageGb() > s.storageSizeGb()) {
            throw new ScenarioException(src + ": " + SECTION + ".usedStorageGb: " + s.usedStorageGb()
                    + " is more than storageSizeGb " + s.storageSizeGb());
        }
        Set<String> names = new HashSet<>();
        List<String> dbs = s.databases() == null ? List.of() : s.databases();
        for (int i = 0; i < dbs.size(); i++) {
            require(dbs.get(i), src, "databases[" + i + "]", "a database name");
            if (!names.add(dbs.get(i).toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + SECTION + ".databases[" + i + "]: duplicate database '"
                        + dbs.get(i) + "'");
            }
        }
        List<String> actions = s.grantedActions() == null ? List.of() : s.grantedActions();
        for (int i = 0; i < actions.size(); i++) {
            require(actions.get(i), src, "grantedActions[" + i + "]", "an ARM action such as Microsoft.Sql/managedInstances/read");
        }
        Set<String> linkNames = new HashSet<>();
        List<ManagedInstanceScenario.Link> links = s.links() == null ? List.of() : s.links();
        for (int i = 0; i < links.size(); i++) {
            ManagedInstanceScenario.Link l = links.get(i);
            String p = "links[" + i + "]";
            require(l.name(), src, p + ".name", "the link (distributed availability group) name");
            if (!LINK_NAME.matcher(l.name()).matches()) {
                throw new ScenarioException(src + ": " + SECTION + "." + p + ".name: '" + l.name()
                        + "' does not match ARM's pattern ^[#a-zA-Z_][\\w@#$]*$");
            }
            if (!linkNames.add(l.name().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + SECTION + "." + p + ".name: duplicate link '" + l.name() + "'");
            }
            require(l.instanceAvailabilityGroupName(), src, p + ".instanceAvailabilityGroupName", "the AG name on the instance side");
            require(l.partnerAvailabilityGroupName(), src, p + ".partnerAvailabilityGroupName", "the AG name on SQL Server");
            if (l.databases() == null || l.databases().isEmpty()) {
                throw new ScenarioException(src + ": " + SECTION + "." + p + ".databases: missing; a link replicates at least one database");
            }
        }
        if ((s.administratorLogin() == null) != (s.administratorLoginPassword() == null)) {
            throw new ScenarioException(src + ": " + SECTION + ": give administratorLogin and "
                    + "administratorLoginPassword together (the instance's SQL endpoint needs both), or neither");
        }
        if (s.endpointCertificate() != null) {
            Instant notBefore = instant(s.endpointCertificate().notBefore(), src, "endpointCertificate.notBefore");
            Instant notAfter = instant(s.endpointCertificate().notAfter(), src, "endpointCertificate.notAfter");
            if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
                throw new ScenarioException(src + ": " + SECTION + ".endpointCertificate.notAfter: "
                        + notAfter + " is not after notBefore " + notBefore);
            }
        }
        return s;
    }

    /** An ISO-8601 instant, or null when absent. */
    static Instant instant(String text, String src, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ScenarioException(src + ": " + SECTION + "." + field + ": '" + text
                    + "' is not an instant; expected ISO-8601 UTC such as 2026-01-01T00:00:00Z");
        }
    }

    private static ManagedInstanceScenario withDefaults(ManagedInstanceScenario s) {
        List<ManagedInstanceScenario.Link> links = s.links() == null ? List.of() : s.links().stream()
                .map(l -> new ManagedInstanceScenario.Link(l.name(), l.instanceAvailabilityGroupName(),
                        l.partnerAvailabilityGroupName(),
                        l.partnerEndpoint() == null ? "TCP://sqlserver:5022" : l.partnerEndpoint(),
                        List.copyOf(l.databases()),
                        l.instanceLinkRole() == null ? ManagedInstanceScenario.LinkRole.Secondary : l.instanceLinkRole()))
                .toList();
        return new ManagedInstanceScenario(s.subscriptionId(), s.resourceGroup(), s.name(), s.fqdn(),
                or(s.location(), "westeurope"),
                or(s.state(), ManagedInstanceScenario.State.Ready),
                or(s.collation(), "SQL_Latin1_General_CP1_CI_AS"),
                or(s.updatePolicy(), ManagedInstanceScenario.UpdatePolicy.SQLServer2022),
                or(s.tier(), ManagedInstanceScenario.Tier.GeneralPurpose),
                or(s.vCores(), 8), or(s.storageSizeGb(), 256), or(s.usedStorageGb(), 0.0),
                s.databases() == null ? List.of() : List.copyOf(s.databases()),
                or(s.failoverGroup(), false),
                s.grantedActions() == null ? List.of("Microsoft.Sql/managedInstances/*") : List.copyOf(s.grantedActions()),
                links, s.endpointCertificate(), s.administratorLogin(), s.administratorLoginPassword());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static void positive(Integer value, String src, String field) {
        if (value != null && value < 1) {
            throw new ScenarioException(src + ": " + SECTION + "." + field + ": must be at least 1");
        }
    }

    private static void require(String value, String src, String field, String what) {
        if (value == null || value.isBlank()) {
            throw new ScenarioException(src + ": " + SECTION + "." + field + ": missing; " + what);
        }
    }

    private static ScenarioException translate(IOException e, String src) {
        if (e instanceof UnrecognizedPropertyException u) {
            String allowed = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new ScenarioException(src + ": " + path(u.getPath().subList(0, u.getPath().size() - 1))
                    + ": unknown field '" + u.getPropertyName() + "'; allowed: " + allowed);
        }
        if (e instanceof InvalidFormatException f && f.getValue() instanceof Number
                && (f.getTargetType() == Integer.class || f.getTargetType() == int.class)) {
            return new ScenarioException(src + ": " + path(f.getPath()) + ": " + f.getValue()
                    + " is not a whole number; this field takes an integer");
        }
        if (e instanceof InvalidFormatException f) {
            String allowed = "";
            if (f.getTargetType() != null && f.getTargetType().isEnum()) {
                allowed = "; allowed: " + Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", "));
            }
            return new ScenarioException(src + ": " + path(f.getPath()) + ": '" + f.getValue()
                    + "' is not a valid value" + allowed);
        }
        if (e instanceof JsonMappingException m) {
            return new ScenarioException(src + ": " + path(m.getPath()) + ": " + firstLine(m.getOriginalMessage()));
        }
        return new ScenarioException(src + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder(SECTION);
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
