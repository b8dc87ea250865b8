package io.milink.preflight.check.mi;

import io.milink.core.ShellQuote;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.SpecException;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Plural;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.AvailabilityGroupFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.facts.ManagedInstanceFacts.LinkFact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mi.existingLink}, per database: no link on the managed instance already replicates the database, and no
 * link already pairs with the SQL Server availability group the database is in; per name the spec chose
 * ({@code names.availabilityGroup}, {@code names.distributedAvailabilityGroup}, resolved for each database): no link
 * already uses it. A single-database link cannot take another database: ARM answers
 * ManagedInstanceLinkForProvidedAvailabilityGroupsAlreadyExists (arm-api.md §5; mi-link-workflow.md §8, "Databases
 * per link: 1").
 */
public final class ExistingLinkCheck extends ManagedInstanceCheck {

    public ExistingLinkCheck() {
        super("mi.existingLink", "No link already on the database or its availability group");
    }

    @Override
    protected List<Finding> evaluate(Facts facts, ManagedInstanceFacts mi) {
        if (facts.requestedDatabases().isEmpty()) {
            return List.of(finding(facts, Status.SKIP, "no database was named; pass --database NAME", null));
        }
        if (mi.links() == null) {
            return List.of(finding(facts, Status.SKIP, "the links on the managed instance could not be listed: "
                    + mi.linksError(), null));
        }
        List<Finding> findings = new ArrayList<>(chosenNames(facts, mi));
        for (String database : facts.requestedDatabases()) {
            Optional<LinkFact> sameDatabase = mi.links().stream()
                    .filter(l -> l.databases().stream().anyMatch(database::equalsIgnoreCase)).findFirst();
            Optional<String> group = availabilityGroupOf(facts, database);
            Optional<LinkFact> sameGroup = group.flatMap(ag -> mi.links().stream()
                    .filter(l -> ag.equalsIgnoreCase(l.partnerAvailabilityGroupName())).findFirst());
            if (sameDatabase.isPresent()) {
                LinkFact link = sameDatabase.get();
                findings.add(finding(database, Status.FAIL, "link '" + link.name() + "' (SQL Server availability "
                        + "group '" + link.partnerAvailabilityGroupName() + "') already replicates '" + database
                        + "' to this instance", Remediation.manual("Nothing to create if that link is the one you "
                        + "want; otherwise delete it first: az sql mi link delete --resource-group "
                        + ShellQuote.bash(ref(mi).resourceGroup()) + " --instance-name "
                        + ShellQuote.bash(ref(mi).name()) + " --name " + ShellQuote.bash(link.name()))));
            } else if (sameGroup.isPresent()) {
                findings.add(finding(database, Status.FAIL, "'" + database + "' is in availability group '"
                        + group.get() + "', which link '" + sameGroup.get().name() + "' already pairs with this "
                        + "instance; a link holds one database", Remediation.manual("Create the link from its own "
                        + "availability group (remove '" + database + "' from '" + group.get() + "', or name "
                        + "another group in the spec's names.availabilityGroup).")));
            } else {
                findings.add(finding(database, Status.PASS, mi.links().isEmpty() ? "no links on the instance"
                        : "none of the instance's " + Plural.count(mi.links().size(), "link") + " replicates it or its "
                        + "availability group", null));
            }
        }
        return findings;
    }

    /**
     * The spec's chosen names against the links there: a link of the same name, or a link already pairing with an
     * availability group of the chosen name, makes ARM refuse the new one (its PUT would be an update). A template
     * gives each database its own names, each checked once.
     */
    private List<Finding> chosenNames(Facts facts, ManagedInstanceFacts mi) {
        Facts.RequestedNames names = facts.requestedNames();
        List<Finding> findings = new ArrayList<>();
        if (names == null) {
            return findings;
        }
        Map<String, String> dags = new LinkedHashMap<>();
        Map<String, String> ags = new LinkedHashMap<>();
        for (String database : facts.requestedDatabases()) {
            String dag = names.distributedAvailabilityGroupFor(database);
            if (dag != null) {
                dags.putIfAbsent(dag.toLowerCase(Locale.ROOT), dag);
            }
            try {
                String ag = names.availabilityGroupFor(database);
                if (ag != null) {
                    ags.putIfAbsent(ag.toLowerCase(Locale.ROOT), ag);
                }
            } catch (SpecException e) {
                // A name too long for SQL Server: db.availabilityGroup reports it; no link can have it.
            }
        }
        for (String dag : dags.values()) {
            Optional<LinkFact> same = mi.links().stream().filter(l -> dag.equalsIgnoreCase(l.name())).findFirst();
            findings.add(same.isPresent()
                    ? finding(dag, Status.FAIL, "the instance already has a link named '" + same.get().name()
                    + "' (databases " + same.get().databases() + ")", Remediation.manual("Choose another "
                    + "names.distributedAvailabilityGroup in the spec, or delete the existing link."))
                    : finding(dag, Status.PASS, "no link of that name on the instance", null));
        }
        for (String ag : ags.values()) {
            Optional<LinkFact> same = mi.links().stream()
                    .filter(l -> ag.equalsIgnoreCase(l.partnerAvailabilityGroupName())).findFirst();
            findings.add(same.isPresent()
                    ? finding(ag, Status.FAIL, "link '" + same.get().name() + "' already pairs availability group '"
                    + ag + "' with this instance; a link holds one database", Remediation.manual("Choose another "
                    + "names.availabilityGroup in the spec."))
                    : finding(ag, Status.PASS, "no link pairs an availability group of that name", null));
        }
        return findings;
    }

    private static Optional<String> availabilityGroupOf(Facts facts, String database) {
        if (facts.sqlServer() == null) {
            return Optional.empty();
        }
        return facts.sqlServer().availabilityGroups().stream().filter(ag -> !ag.distributed())
                .filter(ag -> ag.databases().stream().anyMatch(database::equalsIgnoreCase))
                .map(AvailabilityGroupFact::name).findFirst();
    }

    private static ManagedInstanceRef ref(ManagedInstanceFacts mi) {
        return ManagedInstanceRef.parse(mi.resourceId());
    }
}
