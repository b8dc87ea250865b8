package io.milink.simulator.sqlserver.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.milink.simulator.pki.BundledRootCertificates;

/**
 * Reads a scenario YAML file and checks it, so that a mistake is reported as "file: field path: what is wrong;
 * allowed: …" instead of surfacing later as a wrong answer from the twin.
 */
public final class ScenarioLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // A count, a size or a port written with decimals is a mistake to report, not a number to truncate.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * SQL Server 2008 (10.x) to 2025 (17.x): the link needs 2016 or later, and a scenario may describe an older
     * instance so that a readiness check can say so.
     */
    public static final int MIN_MAJOR = 10;
    public static final int MAX_MAJOR = 17;

    private static final Set<String> EDITION_PREFIXES = Set.of("Enterprise", "Developer", "Evaluation", "Standard",
            "Web", "Express");

    private static final Set<String> AUTHENTICATIONS = Set.of("WINDOWS", "WINDOWS NEGOTIATE", "WINDOWS NTLM",
            "WINDOWS KERBEROS", "CERTIFICATE", "WINDOWS NEGOTIATE CERTIFICATE", "WINDOWS NTLM CERTIFICATE",
            "WINDOWS KERBEROS CERTIFICATE", "CERTIFICATE WINDOWS NEGOTIATE", "CERTIFICATE WINDOWS NTLM",
            "CERTIFICATE WINDOWS KERBEROS", "CERTIFICATE WINDOWS");

    private static final Set<String> ALGORITHMS = Set.of("AES", "RC4", "AES RC4", "RC4 AES");

    private ScenarioLoader() {
    }

    public static Scenario load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": scenario file does not exist");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read the scenario file: " + e.getMessage(), e);
        }
    }

    public static Scenario load(String yaml, String sourceName) {
        ManagedInstanceSection managedInstance = new ManagedInstanceSection();
        try {
            return validate(YAML.readerFor(Scenario.class).withHandler(managedInstance).readValue(yaml), sourceName,
                    managedInstance.present);
        } catch (IOException e) {
            throw translate(e, sourceName);
        }
    }

    public static Scenario load(InputStream in, String sourceName) {
        ManagedInstanceSection managedInstance = new ManagedInstanceSection();
        try {
            return validate(YAML.readerFor(Scenario.class).withHandler(managedInstance).readValue(in), sourceName,
                    managedInstance.present);
        } catch (IOException e) {
            throw translate(e, sourceName);
        }
    }

    /**
     * Skips the top-level {@code managedInstance:} section, which belongs to the ARM twin (it parses the section
     * itself, in {@code io.milink.simulator.arm}), and remembers that it was there; skips {@code link:}, the link
     * world's. Every other unknown field still fails.
     */
    private static final class ManagedInstanceSection extends DeserializationProblemHandler {
        private boolean present;

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            boolean topLevel = beanOrClass == Scenario.class || beanOrClass instanceof Scenario;
            if (topLevel && "managedInstance".equals(propertyName)) {
                present = true;
                p.skipChildren();
                return true;
            }
            if (topLevel && "link".equals(propertyName)) {
                // The link world's section (io.milink.simulator.LinkScenarioLoader reads it).
                p.skipChildren();
                return true;
            }
            return false;
        }
    }

    private static ScenarioException translate(IOException e, String source) {
        if (e instanceof UnrecognizedPropertyException u) {
            String allowed = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new ScenarioException(source + ": " + path(u.getPath().subList(0, u.getPath().size() - 1))
                    + ": unknown field '" + u.getPropertyName() + "'; allowed: " + allowed);
        }
        // Never quote the value the parser saw: the file may not be a scenario at all (a secret named by mistake or
        // on purpose through the service), and these messages reach logs and API responses. Field path + what was
        // expected is enough to fix a real scenario.
        if (e instanceof InvalidFormatException f) {
            String allowed = "";
            if (f.getTargetType() != null && f.getTargetType().isEnum()) {
                allowed = "; allowed: " + Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", "));
            }
            return new ScenarioException(source + ": " + path(f.getPath()) + ": expected "
                    + expected(f.getTargetType()) + allowed);
        }
        if (e instanceof JsonMappingException m) {
            if (m.getCause() instanceof ScenarioValueException own) {
                return new ScenarioException(source + ": " + path(m.getPath()) + ": " + own.getMessage());
            }
            Class<?> target = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
            return new ScenarioException(source + ": " + path(m.getPath()) + ": expected "
                    + expected(target));
        }
        JsonLocation at = e instanceof JsonProcessingException p ? p.getLocation() : null;
        return new ScenarioException(source + ": not valid YAML"
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
    }

    /** What a Java target type means in a scenario file, without any value. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Scenario.class || java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (field: value lines) for " + type.getSimpleName();
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number (no decimals)";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static Scenario validate(Scenario s, String src, boolean managedInstancePresent) {
        if (managedInstancePresent && (s == null || s.sqlServer() == null)) {
            // A scenario for the ARM twin alone: nothing here for the SQL Server twin to check.
            return s == null ? new Scenario(null) : s;
        }
        if (s == null || s.sqlServer() == null) {
            throw new ScenarioException(src + ": sqlServer: missing; a scenario needs a 'sqlServer:' section"
                    + " (or a 'managedInstance:' section for the ARM twin)");
        }
        Scenario.SqlServer sql = s.sqlServer();
        require(sql.serverName(), src, "sqlServer.serverName", "the instance name, e.g. SQL01 or HOST\\INSTANCE");
        require(sql.productVersion(), src, "sqlServer.productVersion", "a four-part build such as 15.0.4312.2");
        Matcher v = VERSION.matcher(sql.productVersion());
        if (!v.matches()) {
            throw new ScenarioException(src + ": sqlServer.productVersion: '" + sql.productVersion()
                    + "' is not a version; expected a four-part build such as 15.0.4312.2");
        }
        int major = Integer.parseInt(v.group(1));
        if (major < MIN_MAJOR || major > MAX_MAJOR) {
            throw new ScenarioException(src + ": sqlServer.productVersion: major version " + major
                    + " is not supported; allowed: " + MIN_MAJOR + " (2008) to " + MAX_MAJOR + " (2025)");
        }
        require(sql.edition(), src, "sqlServer.edition", "e.g. 'Enterprise Edition (64-bit)'");
        if (EDITION_PREFIXES.stream().noneMatch(p -> sql.edition().startsWith(p))) {
            throw new ScenarioException(src + ": sqlServer.edition: '" + sql.edition()
                    + "' is not a SQL Server edition; it must start with one of " + new java.util.TreeSet<>(EDITION_PREFIXES)
                    + ", e.g. 'Enterprise Edition (64-bit)'");
        }
        if (sql.logins() == null || sql.logins().isEmpty()) {
            throw new ScenarioException(src + ": sqlServer.logins: missing; at least one SQL login is needed");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sql.logins().size(); i++) {
            Scenario.Login l = sql.logins().get(i);
            require(l.name(), src, "sqlServer.logins[" + i + "].name", "the login name");
            if (l.password() == null) {
                throw new ScenarioException(src + ": sqlServer.logins[" + i + "].password: missing");
            }
            if (!names.add(l.name().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": sqlServer.logins[" + i + "].name: duplicate login '" + l.name() + "'");
            }
        }
        Set<String> certNames = new HashSet<>();
        List<Scenario.Certificate> certs = sql.certificates() == null ? List.of() : sql.certificates();
        for (int i = 0; i < certs.size(); i++) {
            Scenario.Certificate c = certs.get(i);
            String p = "sqlServer.certificates[" + i + "]";
            require(c.name(), src, p + ".name", "the certificate name");
            if (!certNames.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + p + ".name: duplicate certificate '" + c.name() + "'");
            }
            if (c.bundled() != null && !BundledRootCertificates.names().contains(c.bundled())) {
                throw new ScenarioException(src + ": " + p + ".bundled: '" + c.bundled()
                        + "' is not a bundled certificate; allowed: " + BundledRootCertificates.names());
            }
            if (c.bundled() == null && c.subject() == null) {
                throw new ScenarioException(src + ": " + p + ": needs either 'bundled' (one of "
                        + BundledRootCertificates.names() + ") or 'subject' (a self-signed certificate)");
            }
            if (c.bundled() != null && c.privateKey() != null && c.privateKey() != Scenario.PrivateKeyProtection.NA) {
                throw new ScenarioException(src + ": " + p + ".privateKey: a bundled root has no private key; allowed"
                        + " for bundled: NA (or leave it out)");
            }
            if (c.privateKey() == Scenario.PrivateKeyProtection.MK && !Boolean.TRUE.equals(sql.masterKey())) {
                throw new ScenarioException(src + ": " + p + ".privateKey: MK needs masterKey: true (SQL Server"
                        + " protects the key with the database master key)");
            }
            instant(c.startDate(), src, p + ".startDate");
            instant(c.expiryDate(), src, p + ".expiryDate");
        }
        List<Scenario.Endpoint> endpoints = sql.endpoints() == null ? List.of() : sql.endpoints();
        if (endpoints.size() > 1) {
            throw new ScenarioException(src + ": sqlServer.endpoints: SQL Server allows only one DATABASE_MIRRORING"
                    + " endpoint per instance; found " + endpoints.size());
        }
        for (int i = 0; i < endpoints.size(); i++) {
            Scenario.Endpoint e = endpoints.get(i);
            String p = "sqlServer.endpoints[" + i + "]";
            require(e.name(), src, p + ".name", "the endpoint name, e.g. Hadr_endpoint");
            if (e.authentication() != null && !AUTHENTICATIONS.contains(normalizeSpaces(e.authentication()))) {
                throw new ScenarioException(src + ": " + p + ".authentication: '" + e.authentication()
                        + "' is not valid; allowed: " + new java.util.TreeSet<>(AUTHENTICATIONS));
            }
            if (e.algorithm() != null && !ALGORITHMS.contains(normalizeSpaces(e.algorithm()))) {
                throw new ScenarioException(src + ": " + p + ".algorithm: '" + e.algorithm()
                        + "' is not valid; allowed: " + new java.util.TreeSet<>(ALGORITHMS));
            }
            if (e.certificate() != null && !certNames.contains(e.certificate().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + p + ".certificate: no certificate named '" + e.certificate()
                        + "' in sqlServer.certificates");
            }
            if (e.port() != null && (e.port() < 1 || e.port() > 65535)) {
                throw new ScenarioException(src + ": " + p + ".port: " + e.port() + " is not a TCP port (1-65535)");
            }
        }
        Set<String> dbNames = new HashSet<>(Set.of("master", "tempdb", "model", "msdb"));
        List<Scenario.Database> dbs = sql.databases() == null ? List.of() : sql.databases();
        for (int i = 0; i < dbs.size(); i++) {
            Scenario.Database d = dbs.get(i);
            String p = "sqlServer.databases[" + i + "]";
            require(d.name(), src, p + ".name", "the database name");
            if (!dbNames.add(d.name().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + p + ".name: '" + d.name()
                        + "' is a duplicate or a system database (master, tempdb, model, msdb are always present)");
            }
            if (d.logFiles() != null && d.logFiles() < 1) {
                throw new ScenarioException(src + ": " + p + ".logFiles: must be at least 1");
            }
            if (d.sizeMb() != null && d.sizeMb() < 1) {
                throw new ScenarioException(src + ": " + p + ".sizeMb: must be at least 1");
            }
            List<Scenario.Backup> backups = d.backups() == null ? List.of() : d.backups();
            for (int b = 0; b < backups.size(); b++) {
                String bp = p + ".backups[" + b + "]";
                if (backups.get(b).type() == null) {
                    throw new ScenarioException(src + ": " + bp + ".type: missing; allowed: FULL, DIFFERENTIAL, LOG");
                }
                if (backups.get(b).finished() == null) {
                    throw new ScenarioException(src + ": " + bp + ".finished: missing; an ISO-8601 instant such as 2026-11-20T01:00:00Z");
                }
                instant(backups.get(b).finished(), src, bp + ".finished");
            }
        }
        validateAvailabilityGroups(sql, src);
        List<Integer> all = new ArrayList<>();
        if (sql.traceFlags() != null) {
            if (sql.traceFlags().global() != null) {
                all.addAll(sql.traceFlags().global());
            }
            if (sql.traceFlags().startup() != null) {
                all.addAll(sql.traceFlags().startup());
            }
        }
        for (Integer flag : all) {
            if (flag == null || flag < 1 || flag > 32767) {
                throw new ScenarioException(src + ": sqlServer.traceFlags: " + flag + " is not a trace flag (1-32767)");
            }
        }
        return s;
    }

    public static String normalizeSpaces(String s) {
        return s.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** Parses an ISO-8601 instant or date (dates are midnight UTC); null stays null. */
    public static Instant instant(String value, String src, String path) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new ScenarioException(src + ": " + path + ": '" + value
                        + "' is not a date; expected ISO-8601 such as 2026-11-20T01:00:00Z or 2026-11-20");
            }
        }
    }

    private static void require(String value, String src, String path, String what) {
        if (value == null || value.isBlank()) {
            throw new ScenarioException(src + ": " + path + ": missing; " + what);
        }
    }

    /** AGs need HADR enabled, names unique, and each user database of the scenario in at most one group. */
    private static void validateAvailabilityGroups(Scenario.SqlServer sql, String src) {
        List<Scenario.AvailabilityGroup> groups = sql.availabilityGroups() == null ? List.of()
                : sql.availabilityGroups();
        if (!groups.isEmpty() && !Boolean.TRUE.equals(sql.hadrEnabled())) {
            throw new ScenarioException(src + ": sqlServer.availabilityGroups: an availability group needs "
                    + "hadrEnabled: true (Always On must be enabled before CREATE AVAILABILITY GROUP)");
        }
        Set<String> databases = new HashSet<>();
        for (Scenario.Database d : sql.databases() == null ? List.<Scenario.Database>of() : sql.databases()) {
            databases.add(d.name().toLowerCase(Locale.ROOT));
        }
        Set<String> names = new HashSet<>();
        Set<String> plain = new HashSet<>();
        Set<String> grouped = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            Scenario.AvailabilityGroup g = groups.get(i);
            String p = "sqlServer.availabilityGroups[" + i + "]";
            require(g.name(), src, p + ".name", "the availability group name, e.g. AG_Sales");
            if (!names.add(g.name().toLowerCase(Locale.ROOT))) {
                throw new ScenarioException(src + ": " + p + ".name: duplicate availability group '" + g.name() + "'");
            }
            if (Boolean.TRUE.equals(g.distributed())) {
                validateDistributedGroup(g, p, plain, src);
                continue;
            }
            if (g.members() != null) {
                throw new ScenarioException(src + ": " + p + ".members: only a distributed group (distributed: true) "
                        + "has members");
            }
            plain.add(g.name().toLowerCase(Locale.ROOT));
            if (g.clusterType() != null && !Set.of("WSFC", "NONE", "EXTERNAL").contains(g.clusterType())) {
                throw new ScenarioException(src + ": " + p + ".clusterType: '" + g.clusterType()
                        + "' is not valid; allowed: WSFC, NONE, EXTERNAL");
            }
            List<String> members = g.databases() == null ? List.of() : g.databases();
            for (int d = 0; d < members.size(); d++) {
                String db = members.get(d).toLowerCase(Locale.ROOT);
                if (!databases.contains(db)) {
                    throw new ScenarioException(src + ": " + p + ".databases[" + d + "]: no user database named '"
                            + members.get(d) + "' in sqlServer.databases");
                }
                if (!grouped.add(db)) {
                    throw new ScenarioException(src + ": " + p + ".databases[" + d + "]: '" + members.get(d)
                            + "' is already in another availability group (a database joins at most one)");
                }
            }
        }
    }

    private static final Set<String> AVAILABILITY_MODES = Set.of("ASYNCHRONOUS_COMMIT", "SYNCHRONOUS_COMMIT");
    private static final Set<String> SEEDING_MODES = Set.of("AUTOMATIC", "MANUAL");

    /**
     * A distributed group: two members with listener URLs, one of them a plain group listed earlier (the member on
     * this instance), no databases or cluster type of its own (CREATE AVAILABILITY GROUP … WITH (DISTRIBUTED)).
     */
    private static void validateDistributedGroup(Scenario.AvailabilityGroup g, String p, Set<String> plain, String src) {
        if (g.databases() != null && !g.databases().isEmpty() || g.clusterType() != null) {
            throw new ScenarioException(src + ": " + p + ": a distributed group has no databases or clusterType of "
                    + "its own (its databases are its local member's)");
        }
        List<Scenario.DistributedMember> members = g.members() == null ? List.of() : g.members();
        if (members.size() != 2) {
            throw new ScenarioException(src + ": " + p + ".members: a distributed group has exactly two members "
                    + "(availability groups); found " + members.size());
        }
        int local = 0;
        for (int m = 0; m < 2; m++) {
            Scenario.DistributedMember member = members.get(m);
            String mp = p + ".members[" + m + "]";
            require(member.name(), src, mp + ".name", "the member availability group's name");
            require(member.listenerUrl(), src, mp + ".listenerUrl", "e.g. TCP://10.0.0.4:5022 or "
                    + "tcp://<mi fqdn>:5022;Server=[<mi>]");
            if (!member.listenerUrl().regionMatches(true, 0, "tcp://", 0, 6)) {
                throw new ScenarioException(src + ": " + mp + ".listenerUrl: must start with TCP://");
            }
            if (member.availabilityMode() != null && !AVAILABILITY_MODES.contains(member.availabilityMode())) {
                throw new ScenarioException(src + ": " + mp + ".availabilityMode: '" + member.availabilityMode()
                        + "' is not valid; allowed: ASYNCHRONOUS_COMMIT, SYNCHRONOUS_COMMIT");
            }
            if (member.failoverMode() != null && !member.failoverMode().equals("MANUAL")) {
                throw new ScenarioException(src + ": " + mp + ".failoverMode: a distributed group's member fails "
                        + "over manually only; allowed: MANUAL");
            }
            if (member.seedingMode() != null && !SEEDING_MODES.contains(member.seedingMode())) {
                throw new ScenarioException(src + ": " + mp + ".seedingMode: '" + member.seedingMode()
                        + "' is not valid; allowed: AUTOMATIC, MANUAL");
            }
            if (member.sessionTimeout() != null && member.sessionTimeout() < 5) {
                throw new ScenarioException(src + ": " + mp + ".sessionTimeout: at least 5 seconds");
            }
            if (plain.contains(member.name().toLowerCase(Locale.ROOT))) {
                local++;
            }
        }
        if (local != 1) {
            throw new ScenarioException(src + ": " + p + ".members: exactly one member must be an availability group "
                    + "of this scenario, listed before the distributed group (the member on this instance); found "
                    + local);
        }
        if (members.get(0).name().equalsIgnoreCase(members.get(1).name())) {
            throw new ScenarioException(src + ": " + p + ".members: the two members must have different names");
        }
    }
}
