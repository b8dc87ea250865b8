package io.milink.linkmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.core.spec.DatabaseLinkNames;

/**
 * {@code milink link list --output json}: the same as {@link LinkListText}, as data.
 *
 * <pre>
 * {sqlServer, managedInstance,
 *  links: [{kind, databases, sqlServer?: {distributedAvailabilityGroup, role, localMember, remoteMember,
 *           localReplicas, databases}, managedInstance?: {name, distributedAvailabilityGroupName, instanceLinkRole,
 *           partnerLinkRole, replicationMode, failoverMode, seedingMode, partnerAvailabilityGroupName,
 *           instanceAvailabilityGroupName, partnerEndpoint, databases},
 *           spec: {verdict, database?, expected?, note?}}],
 *  adoption: {databases, unlinkedDatabases, names, yaml?, problems, plan?: {nothingToDo, steps}}}
 * </pre>
 */
public final class LinkListJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LinkListJson() {
    }

    public static ObjectNode toJson(LinkInventory inventory, LinkAdoption.Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("sqlServer", inventory.serverName());
        root.put("managedInstance", inventory.instanceName());
        ArrayNode links = root.putArray("links");
        for (LinkAdoption.Assessment a : result.links()) {
            ObjectNode link = links.addObject();
            FoundLink found = a.link();
            link.put("kind", found.kind().name());
            ArrayNode databases = link.putArray("databases");
            found.databases().forEach(databases::add);
            if (found.sqlServer() != null) {
                sqlServer(link.putObject("sqlServer"), found.sqlServer());
            }
            if (found.instance() != null) {
                instance(link.putObject("managedInstance"), found.instance());
            }
            ObjectNode spec = link.putObject("spec");
            spec.put("verdict", a.verdict().name());
            if (a.database() != null) {
                spec.put("database", a.database());
            }
            if (a.expected() != null) {
                names(spec.putObject("expected"), a.expected());
            }
            if (a.note() != null) {
                spec.put("note", a.note());
            }
        }
        ObjectNode adoption = root.putObject("adoption");
        ArrayNode adoptable = adoption.putArray("databases");
        result.adoptableDatabases().forEach(adoptable::add);
        ArrayNode unlinked = adoption.putArray("unlinkedDatabases");
        result.unlinkedDatabases().forEach(unlinked::add);
        ObjectNode names = adoption.putObject("names");
        result.changes().forEach((field, value) -> {
            if (value instanceof Integer port) {
                names.put(field, port);
            } else {
                names.put(field, value.toString());
            }
        });
        if (!result.yaml().isEmpty()) {
            adoption.put("yaml", String.join("\n", result.yaml()) + "\n");
        }
        ArrayNode problems = adoption.putArray("problems");
        result.problems().forEach(problems::add);
        if (result.remaining() != null) {
            ObjectNode plan = adoption.putObject("plan");
            plan.put("nothingToDo", result.remaining().isEmpty());
            ArrayNode steps = plan.putArray("steps");
            for (PlannedStep s : result.remaining()) {
                ObjectNode step = steps.addObject();
                step.put("id", s.id());
                step.put("side", s.side().name());
                step.put("title", s.title());
                step.put("observed", s.observed());
                step.put("change", s.change().name());
            }
        }
        return root;
    }

    public static String render(LinkInventory inventory, LinkAdoption.Result result) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(inventory, result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a listing is always serialisable", e);
        }
    }

    private static void sqlServer(ObjectNode node, SqlServerDistributedGroup g) {
        node.put("distributedAvailabilityGroup", g.name());
        node.put("role", g.sqlServerRole());
        if (g.local() != null) {
            member(node.putObject("localMember"), g.local());
        }
        if (g.remote() != null) {
            member(node.putObject("remoteMember"), g.remote());
        }
        ArrayNode replicas = node.putArray("localReplicas");
        for (SqlServerDistributedGroup.Replica r : g.localReplicas()) {
            replicas.addObject().put("server", r.server()).put("endpointUrl", r.endpointUrl()).put("role", r.role());
        }
        ArrayNode databases = node.putArray("databases");
        for (String d : g.databases()) {
            ObjectNode db = databases.addObject().put("name", d);
            g.states().stream().filter(s -> s.database().equalsIgnoreCase(d)).findFirst().ifPresent(s -> db
                    .put("synchronizationState", s.synchronizationState())
                    .put("synchronizationHealth", s.synchronizationHealth()));
        }
    }

    private static void member(ObjectNode node, SqlServerDistributedGroup.Member m) {
        node.put("availabilityGroup", m.availabilityGroup());
        node.put("listenerUrl", m.listenerUrl());
        node.put("availabilityMode", m.availabilityMode());
        node.put("role", m.role());
        node.put("connectedState", m.connectedState());
        m.instanceName().ifPresent(name -> node.put("instanceName", name));
    }

    private static void instance(ObjectNode node, DistributedAvailabilityGroup l) {
        node.put("name", l.name());
        node.put("distributedAvailabilityGroupName", l.distributedAvailabilityGroupName());
        node.put("instanceLinkRole", l.instanceLinkRole());
        node.put("partnerLinkRole", l.partnerLinkRole());
        node.put("replicationMode", l.replicationMode());
        node.put("failoverMode", l.failoverMode());
        node.put("seedingMode", l.seedingMode());
        node.put("partnerAvailabilityGroupName", l.partnerAvailabilityGroupName());
        node.put("instanceAvailabilityGroupName", l.instanceAvailabilityGroupName());
        node.put("partnerEndpoint", l.partnerEndpoint());
        ArrayNode databases = node.putArray("databases");
        for (DistributedAvailabilityGroup.LinkDatabase d : l.databases()) {
            ObjectNode db = databases.addObject();
            db.put("databaseName", d.databaseName());
            db.put("replicaState", d.replicaState());
            db.put("seedingProgress", d.seedingProgress());
            db.put("synchronizationHealth", d.synchronizationHealth());
            db.put("connectedState", d.connectedState());
            db.put("lastHardenedLsn", d.lastHardenedLsn());
            db.put("mostRecentLinkError", d.mostRecentLinkError());
        }
    }

    private static void names(ObjectNode node, DatabaseLinkNames n) {
        node.put("availabilityGroup", n.availabilityGroup());
        node.put("distributedAvailabilityGroup", n.distributedAvailabilityGroup());
        node.put("instanceAvailabilityGroup", n.instanceAvailabilityGroup());
    }
}
