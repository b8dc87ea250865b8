package io.milink.linkmanager;

import java.util.ArrayList;
import java.util.List;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * {@code milink link list} for people: each link found with both halves as each side reports them, whether the
 * spec names it, and the spec lines that adopt those it names otherwise, with what {@code plan} would then do.
 */
public final class LinkListText {

    private static final String INDENT = "    ";
    private static final String SQL_LABEL = "SQL Server        ";
    private static final String MI_LABEL = "managed instance  ";
    private static final String MORE = "                  ";

    private LinkListText() {
    }

    public static String render(LinkInventory inventory, LinkAdoption.Result result) {
        StringBuilder out = new StringBuilder();
        int count = result.links().size();
        out.append("Links between SQL Server ").append(inventory.serverName()).append(" and managed instance ")
                .append(inventory.instanceName()).append(": ").append(count == 0 ? "none" : count).append(" found.\n");
        for (LinkAdoption.Assessment a : result.links()) {
            out.append('\n');
            link(out, a);
        }
        out.append('\n');
        adoption(out, result);
        return out.toString();
    }

    private static void link(StringBuilder out, LinkAdoption.Assessment a) {
        FoundLink link = a.link();
        String databases = link.databases().isEmpty() ? "(no database)" : String.join(", ", link.databases());
        out.append(sign(a.verdict())).append(' ').append(databases).append(": ")
                .append(link.distributedAvailabilityGroup()).append(", ").append(halves(link)).append('\n');
        out.append(INDENT).append("spec              ").append(spec(a)).append('\n');
        SqlServerDistributedGroup sql = link.sqlServer();
        if (sql != null) {
            out.append(INDENT).append(SQL_LABEL).append("distributed availability group [").append(sql.name())
                    .append("]");
            if (sql.local() != null) {
                out.append(": [").append(sql.local().availabilityGroup()).append("] here")
                        .append(details(sql.local().role(), sql.local().availabilityMode()));
            }
            if (sql.remote() != null) {
                out.append(" and [").append(sql.remote().availabilityGroup()).append("] at ")
                        .append(sql.remote().listenerUrl())
                        .append(details(sql.remote().role(), sql.remote().connectedState()));
            }
            out.append('\n');
            if (!sql.localReplicas().isEmpty()) {
                List<String> replicas = new ArrayList<>();
                for (SqlServerDistributedGroup.Replica r : sql.localReplicas()) {
                    replicas.add(r.server() + (r.role() == null ? "" : " (" + r.role() + ")") + " at "
                            + r.endpointUrl());
                }
                out.append(INDENT).append(MORE).append("[").append(sql.local().availabilityGroup())
                        .append("] replicas: ").append(String.join(", ", replicas)).append('\n');
            } else if (sql.local() != null && link.kind() != FoundLink.Kind.NOT_TO_AN_INSTANCE) {
                out.append(INDENT).append(MORE).append("[").append(sql.local().availabilityGroup())
                        .append("] is not an availability group of this server any more\n");
            }
            for (SqlServerDistributedGroup.DatabaseState s : sql.states()) {
                out.append(INDENT).append(MORE).append(s.database()).append(": ")
                        .append(orUnknown(s.synchronizationState())).append(", ")
                        .append(orUnknown(s.synchronizationHealth())).append('\n');
            }
        }
        DistributedAvailabilityGroup mi = link.instance();
        if (mi != null) {
            out.append(INDENT).append(MI_LABEL).append("link ").append(mi.name()).append(": instance ")
                    .append(orUnknown(mi.instanceLinkRole())).append(", SQL Server ")
                    .append(orUnknown(mi.partnerLinkRole())).append("; replication ")
                    .append(orUnknown(mi.replicationMode())).append(", failover ").append(orUnknown(mi.failoverMode()))
                    .append("; [").append(mi.partnerAvailabilityGroupName()).append("] with [")
                    .append(mi.instanceAvailabilityGroupName()).append("], partner endpoint ")
                    .append(mi.partnerEndpoint()).append('\n');
            for (DistributedAvailabilityGroup.LinkDatabase d : mi.databases()) {
                out.append(INDENT).append(MORE).append(d.databaseName()).append(": ")
                        .append(orUnknown(d.replicaState()))
                        .append(d.seedingProgress() == null ? "" : " " + d.seedingProgress())
                        .append(d.connectedState() == null ? "" : ", " + d.connectedState())
                        .append(d.synchronizationHealth() == null ? "" : ", " + d.synchronizationHealth())
                        .append(d.mostRecentLinkError() == null || d.mostRecentLinkError().isBlank() ? ""
                                : "; last error: " + d.mostRecentLinkError())
                        .append('\n');
            }
        }
    }

    private static void adoption(StringBuilder out, LinkAdoption.Result result) {
        for (String problem : result.problems()) {
            out.append("Cannot adopt together: ").append(problem).append('\n');
        }
        List<String> unlinked = result.unlinkedDatabases();
        List<String> adoptable = result.adoptableDatabases();
        if (!unlinked.isEmpty()) {
            out.append("No link was found for ").append(String.join(", ", unlinked))
                    .append(" of the spec's databases: plan and create would make ")
                    .append(unlinked.size() == 1 ? "it" : "them").append(".\n");
        }
        if (adoptable.isEmpty()) {
            return;
        }
        if (result.adopted() == null) {
            return;
        }
        List<String> yaml = result.yaml();
        if (yaml.isEmpty()) {
            out.append("The spec already names the links of ").append(String.join(", ", adoptable))
                    .append(": plan, create and delete work on them as they are.\n");
        } else {
            out.append("To adopt the links of ").append(String.join(", ", adoptable)).append(" as they are, put "
                    + "these lines in the spec (they replace the same keys of its names: section):\n\n");
            for (String line : yaml) {
                out.append(line).append('\n');
            }
            out.append('\n');
        }
        List<PlannedStep> remaining = result.remaining();
        if (remaining == null) {
            return;
        }
        String with = yaml.isEmpty() ? "With the spec as it is" : "With them";
        if (remaining.isEmpty()) {
            out.append(with).append(", milink link plan finds every object of the links of ")
                    .append(String.join(", ", adoptable)).append(" in place: nothing to create, change or remove.\n");
            return;
        }
        out.append(with).append(", milink link plan would still:\n");
        for (PlannedStep step : remaining) {
            out.append("  ").append(PlanText.sign(step.change())).append(' ').append(step.title()).append("  [")
                    .append(step.observed()).append("]\n");
        }
        boolean ownObjects = remaining.stream().anyMatch(s -> s.id().contains("vailabilityGroup[")
                || s.id().startsWith("arm.link["));
        out.append(ownObjects ? "Some of the links' own objects would be made or changed: check the names and "
                + "run milink link plan before create.\n"
                : "None of the links' own objects (availability groups, distributed groups, links) would be made "
                + "again; milink link plan shows each step in full.\n");
    }

    private static String sign(LinkAdoption.Verdict verdict) {
        return switch (verdict) {
            case MATCHES -> "=";
            case NAMES_DIFFER -> "~";
            case NOT_IN_SPEC -> "?";
            case CANNOT_ADOPT -> "!";
            case NOT_THIS_PAIR -> "-";
        };
    }

    private static String halves(FoundLink link) {
        return switch (link.kind()) {
            case PAIRED -> "on SQL Server and on the instance";
            case SQL_SERVER_ONLY -> "on SQL Server only: the instance has no link for it (removed there, or never "
                    + "made)";
            case INSTANCE_ONLY -> "on the instance only: SQL Server's distributed availability group is gone (its "
                    + "availability group [" + link.availabilityGroup() + "] is still there)";
            case OTHER_INSTANCE -> "on SQL Server only, to another managed instance";
            case NOT_TO_AN_INSTANCE -> "on SQL Server only, not to a managed instance";
            case OTHER_SQL_SERVER -> "on the instance only, with another SQL Server";
        };
    }

    private static String spec(LinkAdoption.Assessment a) {
        return switch (a.verdict()) {
            case MATCHES -> "the spec's names (" + a.expected().availabilityGroup() + ", "
                    + a.expected().distributedAvailabilityGroup() + ", " + a.expected().instanceAvailabilityGroup()
                    + ")";
            case NAMES_DIFFER -> "names differ: " + a.note() + "; the lines below adopt it";
            case NOT_IN_SPEC -> "not in the spec: " + a.note();
            case CANNOT_ADOPT -> "cannot be adopted: " + a.note();
            case NOT_THIS_PAIR -> "not this pair's: " + a.note();
        };
    }

    private static String details(String first, String second) {
        List<String> parts = new ArrayList<>();
        if (first != null) {
            parts.add(first);
        }
        if (second != null) {
            parts.add(second);
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }
}
