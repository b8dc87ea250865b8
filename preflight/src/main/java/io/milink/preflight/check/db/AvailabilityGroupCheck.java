package io.milink.preflight.check.db;

import io.milink.core.Tsql;
import io.milink.core.spec.SpecException;
import io.milink.preflight.check.DatabaseCheck;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.AvailabilityGroupFact;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;

import java.util.List;

/**
 * {@code db.availabilityGroup}: can the link use this database's availability group? A database joins at most one
 * group, so one already in a group can only be linked through that group ("Existing AG: reuse it"), and in
 * single-database mode that group must hold exactly this database (mi-link-workflow.md §1.7, §3.8; Microsoft Learn,
 * "Configure link with scripts"). The group the link is to use comes from the spec's
 * {@code names.availabilityGroup} (or {@code --availability-group}), a template resolved for each database.
 *
 * <ul>
 *   <li>in no group: PASS, the link's group is created for it;</li>
 *   <li>in the named group and alone in it: PASS, the link uses it;</li>
 *   <li>in a group with other databases: FAIL, whatever was named (remove them, or a separate group);</li>
 *   <li>alone in a group, but another group (or none) was named: the link would try to add it to a second group,
 *       which SQL Server refuses; FAIL when another group was named, WARN when none was (name it).</li>
 * </ul>
 */
public final class AvailabilityGroupCheck extends DatabaseCheck {

    public AvailabilityGroupCheck() {
        super("db.availabilityGroup", "Availability group the link can use");
    }

    @Override
    protected Finding evaluate(DatabaseFacts database, Facts facts) {
        String group = database.availabilityGroup();
        String wanted;
        try {
            // A template ({database}) names each database's own group.
            wanted = facts.requestedNames() == null ? null
                    : facts.requestedNames().availabilityGroupFor(database.name());
        } catch (SpecException e) {
            return finding(database.name(), Status.FAIL, "the availability group chosen for it cannot be created: "
                    + e.getMessage(), Remediation.manual("Choose a shorter names.availabilityGroup in the spec (or "
                    + "--availability-group)."));
        }
        if (group == null) {
            return finding(database.name(), Status.PASS, "not in an availability group: the link's group ("
                    + (wanted == null ? "named by milink" : "'" + wanted + "'") + ") is created for it", null);
        }
        List<String> members = facts.sqlServer().availabilityGroups().stream()
                .filter(g -> g.name().equalsIgnoreCase(group)).findFirst()
                .map(AvailabilityGroupFact::databases).orElse(List.of(database.name()));
        List<String> others = members.stream().filter(m -> !m.equalsIgnoreCase(database.name())).toList();
        if (!others.isEmpty()) {
            return finding(database.name(), Status.FAIL, "in availability group '" + group + "' with "
                    + String.join(", ", others) + ": a single-database link needs a group that holds only this "
                    + "database", Remediation.tsql("-- On the primary replica: take the other databases out of the "
                    + "group (or link through a separate group).\n" + others.stream()
                    .map(o -> "ALTER AVAILABILITY GROUP " + Tsql.quoteName(group) + " REMOVE DATABASE "
                            + Tsql.quoteName(o) + ";")
                    .reduce((a, b) -> a + "\n" + b).orElse("")));
        }
        if (wanted != null && wanted.equalsIgnoreCase(group)) {
            return finding(database.name(), Status.PASS, "in availability group '" + group + "', alone, which the "
                    + "spec names: the link uses it", null);
        }
        String seen = "in availability group '" + group + "', alone; a database joins only one group";
        if (wanted != null) {
            return finding(database.name(), Status.FAIL, seen + ", and the spec names '" + wanted + "'",
                    Remediation.manual("Name '" + group + "' as the availability group in the spec "
                            + "(names.availabilityGroup: " + group + "), or remove the database from it first."
                            + severalDatabases(facts, group)));
        }
        return finding(database.name(), Status.WARN, seen + ": the link must use it, and none is named",
                Remediation.manual("Name it in the spec (names.availabilityGroup: " + group + ") or with "
                        + "--availability-group " + group + ", so the link reuses it instead of creating another."
                        + severalDatabases(facts, group)));
    }

    /** A literal name serves one database only: with several, say how a template can name this one's group. */
    private static String severalDatabases(Facts facts, String group) {
        return facts.requestedDatabases().size() < 2 ? "" : " With several databases a name must be a template "
                + "with {database} (e.g. AG_{database}) that gives '" + group + "' for this one; otherwise check it "
                + "in a spec of its own.";
    }
}
