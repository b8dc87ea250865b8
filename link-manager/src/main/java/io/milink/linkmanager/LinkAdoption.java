package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.milink.core.Tsql;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.spec.LinkNames;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.SpecException;

/**
 * How the links {@link LinkInventory} found relate to a spec: which ones the spec already names, and the
 * {@code names:} lines that make the spec name the others, so that {@code plan}, {@code create} and {@code delete}
 * find them as they are instead of making new ones. milink finds a link's objects by the names the spec resolves
 * (docs/spec.md, "Names"); adopting a link made by another tool is therefore a matter of templates that resolve to
 * its names. Pure: the plan that proves the lines ({@link #verify}) is made from observations passed in.
 */
public final class LinkAdoption {

    private LinkAdoption() {
    }

    /** What a found link is to the spec. */
    public enum Verdict {
        /** Its database is in the spec and the spec's names are its names. */
        MATCHES,
        /** Its database is in the spec, but the spec names it otherwise: adopt it with {@link Result#changes()}. */
        NAMES_DIFFER,
        /** Its database is not among the spec's databases. */
        NOT_IN_SPEC,
        /** The spec cannot describe it (several databases in one link, two names for one link, no database). */
        CANNOT_ADOPT,
        /** It belongs to another SQL Server or instance, or is not a link at all. */
        NOT_THIS_PAIR
    }

    /**
     * @param expected the names the spec gives its database (null when the spec cannot name it)
     * @param note     why, in words, for anything but {@link Verdict#MATCHES}; null otherwise
     */
    public record Assessment(FoundLink link, Verdict verdict, String database, DatabaseLinkNames expected,
                             String note) {
    }

    /**
     * @param changes  the {@code names:} fields to write (field → value) so the spec names every adoptable link;
     *                 empty when it already does
     * @param adopted  the spec with those changes (the spec itself when there are none); null when no one
     *                 {@code names:} section fits ({@link #problems})
     * @param problems why some links cannot be adopted together, with what to do instead
     * @param remaining with the adopted spec, what {@code milink link plan} would still do to the adoptable links'
     *                  objects and the objects every link shares; null until {@link #verify} is called
     * @param unlinkedDatabases the spec's databases for which no link was found on either side
     */
    public record Result(List<Assessment> links, Map<String, Object> changes, LinkSpec adopted, List<String> problems,
                         List<PlannedStep> remaining, List<String> unlinkedDatabases) {
        public Result {
            links = List.copyOf(links);
            changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
            problems = List.copyOf(problems);
            remaining = remaining == null ? null : List.copyOf(remaining);
            unlinkedDatabases = List.copyOf(unlinkedDatabases);
        }

        /** The databases of the links the spec covers (matching or adoptable by {@link #changes}). */
        public List<String> adoptableDatabases() {
            return links.stream().filter(a -> a.verdict() == Verdict.MATCHES || a.verdict() == Verdict.NAMES_DIFFER)
                    .map(Assessment::database).toList();
        }

        /** The changes as YAML lines of the spec's {@code names:} section; empty when there are none. */
        public List<String> yaml() {
            if (changes.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            lines.add("names:");
            for (Map.Entry<String, Object> change : changes.entrySet()) {
                lines.add("  " + change.getKey() + ": " + (change.getValue() instanceof Integer port ? port.toString()
                        : yamlString(change.getValue().toString())));
            }
            return lines;
        }
    }

    private static final String AG = "availabilityGroup";
    private static final String DAG = "distributedAvailabilityGroup";
    private static final String INSTANCE_AG = "instanceAvailabilityGroup";

    /** Compares the found links with the spec's names and works out the lines that adopt those that differ. */
    public static Result assess(LinkSpec spec, LinkInventory inventory) {
        List<Assessment> assessments = new ArrayList<>();
        for (FoundLink link : inventory.links()) {
            assessments.add(assess(spec, inventory, link));
        }
        List<Assessment> adoptable = assessments.stream().filter(a -> a.verdict() == Verdict.MATCHES
                || a.verdict() == Verdict.NAMES_DIFFER).toList();
        List<String> problems = new ArrayList<>();
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> unlinked = spec.databases().stream().filter(d -> assessments.stream()
                .noneMatch(a -> a.link().databases().stream().anyMatch(d::equalsIgnoreCase))).toList();
        if (adoptable.isEmpty()) {
            return new Result(assessments, changes, spec, problems, null, unlinked);
        }
        LinkNames names = spec.names();
        String ag = choose(AG, names.availabilityGroup(), LinkNames.DEFAULT_AVAILABILITY_GROUP, adoptable,
                FoundLink::availabilityGroup, (n, db) -> n.availabilityGroupFor(db),
                (t) -> new LinkNames(t, null, null, null, null, null), spec, problems);
        String dag = choose(DAG, names.distributedAvailabilityGroup(), LinkNames.DEFAULT_DISTRIBUTED_AVAILABILITY_GROUP,
                adoptable, FoundLink::distributedAvailabilityGroup, (n, db) -> n.distributedAvailabilityGroupFor(db),
                (t) -> new LinkNames(null, t, null, null, null, null), spec, problems);
        String instanceAg = choose(INSTANCE_AG, names.instanceAvailabilityGroup(),
                LinkNames.DEFAULT_INSTANCE_AVAILABILITY_GROUP, adoptable, FoundLink::instanceAvailabilityGroup,
                (n, db) -> n.instanceAvailabilityGroupFor(db), (t) -> new LinkNames(null, null, t, null, null, null),
                spec, problems);
        put(changes, AG, names.availabilityGroup(), ag);
        put(changes, DAG, names.distributedAvailabilityGroup(), dag);
        put(changes, INSTANCE_AG, names.instanceAvailabilityGroup(), instanceAg);

        // The endpoint every link uses: milink would otherwise re-point it to the certificate the spec names, or
        // refuse it for listening on another port.
        String certificate = names.certificate();
        Integer port = names.endpointPort();
        LinkInventory.Endpoint endpoint = inventory.endpoint();
        if (endpoint != null && endpoint.certificate() != null
                && !endpoint.certificate().equalsIgnoreCase(spec.certificateName(inventory.serverName()))) {
            certificate = endpoint.certificate();
            changes.put("certificate", certificate);
        }
        if (endpoint != null && endpoint.port() != names.endpointPortOrDefault()) {
            port = endpoint.port();
            changes.put("endpointPort", port);
        }
        if (!problems.isEmpty()) {
            return new Result(assessments, changes, null, problems, null, unlinked);
        }
        try {
            LinkNames adoptedNames = new LinkNames(ag, dag, instanceAg, names.endpoint(), port, certificate);
            LinkSpec adopted = changes.isEmpty() ? spec : new LinkSpec(spec.sqlServer(), spec.databases(),
                    adoptedNames, spec.managedInstance(), spec.link());
            return new Result(assessments, changes, adopted, problems, null, unlinked);
        } catch (SpecException e) {
            problems.add("The lines below do not make a valid spec: " + e.getMessage() + ". Give the links that "
                    + "differ specs of their own (one database each, the names written out).");
            return new Result(assessments, changes, null, problems, null, unlinked);
        }
    }

    /**
     * What {@code milink link plan} would do with the adopted spec, to the adoptable links' objects and to those
     * every link shares (certificates, endpoint): nothing, when the lines adopt the links as they are.
     */
    public static Result verify(Result result, SqlServerObservation sql, InstanceObservation mi) {
        if (result.adopted() == null || result.adoptableDatabases().isEmpty()) {
            return result;
        }
        LinkPlan plan = LinkPlanner.plan(DesiredLinks.from(result.adopted()).apply(sql), sql, mi);
        Set<String> databases = new LinkedHashSet<>();
        result.adoptableDatabases().forEach(d -> databases.add(d.toLowerCase(Locale.ROOT)));
        List<PlannedStep> remaining = plan.steps().stream().filter(s -> s.change() != Change.NONE)
                .filter(s -> databaseOf(s) == null || databases.contains(databaseOf(s).toLowerCase(Locale.ROOT)))
                .toList();
        return new Result(result.links(), result.changes(), result.adopted(), result.problems(), remaining,
                result.unlinkedDatabases());
    }

    /** The database of a per-link step ({@code sql.availabilityGroup[Sales]}), null for a shared object. */
    private static String databaseOf(PlannedStep step) {
        for (String prefix : List.of("sql.availabilityGroup[", "sql.distributedAvailabilityGroup[", "arm.link[")) {
            if (step.id().startsWith(prefix) && step.id().endsWith("]")) {
                return step.id().substring(prefix.length(), step.id().length() - 1);
            }
        }
        return null;
    }

    private static Assessment assess(LinkSpec spec, LinkInventory inventory, FoundLink link) {
        switch (link.kind()) {
            case OTHER_INSTANCE:
                return new Assessment(link, Verdict.NOT_THIS_PAIR, single(link), null, "its listener URL names the "
                        + "managed instance " + link.sqlServer().remote().instanceName().orElse("?") + ", not "
                        + inventory.instanceName() + ": a link to another instance");
            case NOT_TO_AN_INSTANCE:
                return new Assessment(link, Verdict.NOT_THIS_PAIR, single(link), null, "its other member's listener "
                        + "URL names no managed instance: a distributed availability group between SQL Servers, "
                        + "not a link");
            case OTHER_SQL_SERVER:
                return new Assessment(link, Verdict.NOT_THIS_PAIR, single(link), null, "SQL Server "
                        + inventory.serverName() + " has no availability group [" + link.availabilityGroup()
                        + "]: the link is another SQL Server's (partner endpoint "
                        + link.instance().partnerEndpoint() + "), or SQL Server's side was removed with its group");
            default:
                break;
        }
        List<String> databases = link.databases();
        if (databases.isEmpty()) {
            return new Assessment(link, Verdict.CANNOT_ADOPT, null, null, "it replicates no database (its "
                    + "availability group [" + link.availabilityGroup() + "] is gone); remove what is left by hand: "
                    + "DROP AVAILABILITY GROUP " + Tsql.quoteName(link.distributedAvailabilityGroup()) + ";");
        }
        if (databases.size() > 1) {
            return new Assessment(link, Verdict.CANNOT_ADOPT, null, null, "it replicates " + databases.size()
                    + " databases (" + String.join(", ", databases) + ") in one link; a spec makes one link per "
                    + "database, so milink cannot manage it");
        }
        if (link.sqlServer() != null && link.instance() != null
                && !link.sqlServer().name().equalsIgnoreCase(link.instance().name())) {
            return new Assessment(link, Verdict.CANNOT_ADOPT, databases.get(0), null, "its name on the instance ("
                    + link.instance().name() + ") differs from the distributed availability group on SQL Server ("
                    + link.sqlServer().name() + "); a spec gives both one name (names.distributedAvailabilityGroup),"
                    + " so milink cannot manage it");
        }
        String found = databases.get(0);
        String database = spec.databases().stream().filter(found::equalsIgnoreCase).findFirst().orElse(null);
        if (database == null) {
            DatabaseLinkNames expected = resolveQuietly(spec.names(), found);
            boolean same = expected != null && sameNames(expected, link);
            return new Assessment(link, Verdict.NOT_IN_SPEC, found, expected, found + " is not among the spec's "
                    + "databases; add it to databases: to manage this link with the spec"
                    + (same ? " (the spec's names are already its names)" : ", then list again for the names: lines"));
        }
        DatabaseLinkNames expected = spec.namesFor(database);
        if (sameNames(expected, link)) {
            return new Assessment(link, Verdict.MATCHES, database, expected, null);
        }
        return new Assessment(link, Verdict.NAMES_DIFFER, database, expected, "the spec names it "
                + expected.availabilityGroup() + ", " + expected.distributedAvailabilityGroup() + ", "
                + expected.instanceAvailabilityGroup());
    }

    private static String single(FoundLink link) {
        return link.databases().size() == 1 ? link.databases().get(0) : null;
    }

    private static boolean sameNames(DatabaseLinkNames expected, FoundLink link) {
        return expected.availabilityGroup().equalsIgnoreCase(link.availabilityGroup())
                && expected.distributedAvailabilityGroup().equalsIgnoreCase(link.distributedAvailabilityGroup())
                && expected.instanceAvailabilityGroup().equalsIgnoreCase(link.instanceAvailabilityGroup());
    }

    private static DatabaseLinkNames resolveQuietly(LinkNames names, String database) {
        try {
            return names.resolve(database);
        } catch (SpecException e) {
            return null;
        }
    }

    /**
     * The template for one field that resolves, for every adoptable link's database, to that link's name: the
     * spec's own, else milink's default, else one made from a link's name with its database replaced by
     * {@code {database}}, else (for a spec of one database) the name itself.
     *
     * @return the text to write (null: the spec's own text, unchanged), or the spec's text after adding a problem
     */
    private static String choose(String field, String written, String defaultText, List<Assessment> links,
                                 java.util.function.Function<FoundLink, String> actual,
                                 BiFunction<LinkNames, String, String> resolve,
                                 java.util.function.Function<String, LinkNames> withTemplate, LinkSpec spec,
                                 List<String> problems) {
        List<String> options = new ArrayList<>();
        options.add(written == null ? defaultText : written);
        options.add(defaultText);
        for (Assessment a : links) {
            options.addAll(templatesFrom(actual.apply(a.link()), a.database()));
        }
        if (spec.databases().size() == 1) {
            options.add(actual.apply(links.get(0).link()));
        }
        for (String option : new LinkedHashSet<>(options)) {
            LinkNames names;
            try {
                names = withTemplate.apply(option);
            } catch (SpecException e) {
                continue;
            }
            boolean fits = links.stream().allMatch(a -> {
                try {
                    return resolve.apply(names, a.database()).equalsIgnoreCase(actual.apply(a.link()));
                } catch (SpecException e) {
                    return false;
                }
            });
            if (fits) {
                return option.equals(defaultText) && written == null ? null : option;
            }
        }
        StringBuilder which = new StringBuilder();
        for (Assessment a : links) {
            which.append(which.length() == 0 ? "" : ", ").append(a.database()).append(": ")
                    .append(actual.apply(a.link()));
        }
        problems.add("names." + field + ": no one template gives every link its name (" + which + "). A spec names "
                + "all its links with one template: give the links whose names follow another pattern specs of their"
                + " own (one database each, where the name may be written out).");
        return written;
    }

    /**
     * Templates made from a name by replacing an occurrence of the database's name with {@code {database}}: first
     * occurrences that stand apart ({@code AG_Sales}, {@code Sales_AG}), then the others; case-insensitively, as
     * names compare.
     */
    static List<String> templatesFrom(String name, String database) {
        List<String> apart = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        if (name == null || database.isEmpty()) {
            return apart;
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        String lowerDatabase = database.toLowerCase(Locale.ROOT);
        for (int i = lowerName.indexOf(lowerDatabase); i >= 0; i = lowerName.indexOf(lowerDatabase, i + 1)) {
            int end = i + database.length();
            String template = name.substring(0, i) + "{database}" + name.substring(end);
            boolean before = i == 0 || !Character.isLetterOrDigit(name.charAt(i - 1));
            boolean after = end == name.length() || !Character.isLetterOrDigit(name.charAt(end));
            (before && after ? apart : inside).add(template);
        }
        // Every occurrence at once: a name that repeats the database (Sales_AG_Sales).
        if (name.contains(database)) {
            apart.add(name.replace(database, "{database}"));
        }
        apart.addAll(inside);
        return List.copyOf(new LinkedHashSet<>(apart));
    }

    private static void put(Map<String, Object> changes, String field, String written, String chosen) {
        if (chosen != null && !chosen.equals(written)) {
            changes.put(field, chosen);
        }
    }

    /** A YAML double-quoted scalar: braces, colons and any character a name may hold stay literal. */
    static String yamlString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
