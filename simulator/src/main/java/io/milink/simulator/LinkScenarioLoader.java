package io.milink.simulator;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.link.LinkFault;
import io.milink.simulator.link.LinkSettings;
import io.milink.simulator.link.ReplicationPhase;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

/**
 * Reads the {@code link:} section of a scenario (docs/simulator.md, "The link world"): the rates of the simulated
 * link and its faults. Errors name the file and the field path and say what is allowed; values are never quoted
 * (a file given by mistake may hold a secret).
 */
public final class LinkScenarioLoader {

    /**
     * The section, read: the world's settings, the faults that belong to the ARM twin's link operations, and the
     * phases of links that exist when the twins start.
     */
    public record LinkScenario(LinkSettings settings, List<ArmFaultPlan.RouteFault> armFaults,
                               List<ExistingLink> existing) {
        public static final LinkScenario DEFAULTS = new LinkScenario(LinkSettings.DEFAULTS, List.of(), List.of());
    }

    /**
     * A link made before the twins started (by another tool), declared on both sides (the SQL Server's distributed
     * availability group and the instance's {@code links:} entry of the same name), in this phase.
     */
    public record ExistingLink(String name, ReplicationPhase phase, int seedingPercent, int backlogSeconds) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("seedingMbPerSecond", "workloadLogMbPerSecond",
            "redoMbPerSecond", "networkLatencyMs", "faults", "existing", "instanceFirstFullBackupAfter");
    private static final Set<String> EXISTING_FIELDS = Set.of("name", "phase", "seedingPercent", "backlogSeconds");
    private static final Map<String, ReplicationPhase> PHASES = Map.of("seeding", ReplicationPhase.SEEDING,
            "catchingUp", ReplicationPhase.CATCHING_UP, "synchronizing", ReplicationPhase.SYNCHRONIZING,
            "seedingFailed", ReplicationPhase.SEEDING_FAILED);
    private static final Map<String, LinkFault.Kind> WORLD_FAULTS = Map.of(
            "partition", LinkFault.Kind.PARTITION,
            "managedInstanceRestart", LinkFault.Kind.MANAGED_INSTANCE_RESTART,
            "seedingFailure", LinkFault.Kind.SEEDING_FAILURE,
            "logFull", LinkFault.Kind.LOG_FULL);
    private static final Set<String> ARM_FAULTS = Set.of("armOperationFails", "armOperationSlow");
    private static final Set<String> FAULT_FIELDS = Set.of("kind", "at", "for", "database", "message", "method",
            "code", "delay");

    private LinkScenarioLoader() {
    }

    /** The {@code link:} section of {@code yaml}, or the defaults when there is none. */
    public static LinkScenario load(String yaml, String source) {
        JsonNode section;
        try {
            JsonNode root = YAML.readTree(yaml);
            section = root == null ? null : root.get("link");
        } catch (IOException e) {
            throw new ScenarioException(source + ": not valid YAML");
        }
        if (section == null || section.isNull()) {
            return LinkScenario.DEFAULTS;
        }
        if (!section.isObject()) {
            throw new ScenarioException(source + ": link: expected a mapping of rates and faults");
        }
        unknownFields(section, FIELDS, source, "link");
        LinkSettings d = LinkSettings.DEFAULTS;
        long seeding = megabytes(section, "seedingMbPerSecond", d.seedingBytesPerSecond(), false, source);
        long workload = megabytes(section, "workloadLogMbPerSecond", d.workloadBytesPerSecond(), true, source);
        long redo = megabytes(section, "redoMbPerSecond", d.redoBytesPerSecond(), false, source);
        Duration latency = d.networkLatency();
        if (section.has("networkLatencyMs")) {
            JsonNode v = section.get("networkLatencyMs");
            if (!v.isNumber() || v.asDouble() < 0) {
                throw new ScenarioException(source + ": link.networkLatencyMs: expected a number of milliseconds >= 0");
            }
            latency = Duration.ofNanos(Math.round(v.asDouble() * 1_000_000));
        }
        List<LinkFault> faults = new ArrayList<>();
        List<ArmFaultPlan.RouteFault> armFaults = new ArrayList<>();
        JsonNode list = section.get("faults");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ScenarioException(source + ": link.faults: expected a list of faults");
            }
            for (int i = 0; i < list.size(); i++) {
                fault(list.get(i), source, "link.faults[" + i + "]", faults, armFaults);
            }
        }
        List<ExistingLink> existing = new ArrayList<>();
        JsonNode links = section.get("existing");
        if (links != null && !links.isNull()) {
            if (!links.isArray()) {
                throw new ScenarioException(source + ": link.existing: expected a list of links");
            }
            for (int i = 0; i < links.size(); i++) {
                existing.add(existing(links.get(i), source, "link.existing[" + i + "]"));
            }
        }
        Duration firstFullBackup = section.has("instanceFirstFullBackupAfter")
                ? duration(section, "instanceFirstFullBackupAfter", source, "link", true)
                : d.instanceFirstFullBackupAfter();
        return new LinkScenario(new LinkSettings(seeding, workload, redo, latency, faults, firstFullBackup), armFaults,
                existing);
    }

    private static ExistingLink existing(JsonNode e, String source, String path) {
        if (!e.isObject()) {
            throw new ScenarioException(source + ": " + path + ": expected a mapping such as { name: DAG_Sales, phase:"
                    + " seeding, seedingPercent: 40 }");
        }
        unknownFields(e, EXISTING_FIELDS, source, path);
        if (!e.path("name").isTextual() || e.path("name").asText().isBlank()) {
            throw new ScenarioException(source + ": " + path + ".name: missing; the link's (distributed availability"
                    + " group's) name, as both sides declare it");
        }
        ReplicationPhase phase = PHASES.get(e.path("phase").asText("synchronizing"));
        if (phase == null) {
            throw new ScenarioException(source + ": " + path + ".phase: expected one of "
                    + String.join(", ", new TreeSet<>(PHASES.keySet())));
        }
        int percent = e.path("seedingPercent").asInt(0);
        int backlog = e.path("backlogSeconds").asInt(60);
        if (percent < 0 || percent > 99 || backlog < 0) {
            throw new ScenarioException(source + ": " + path + ": seedingPercent is 0 to 99, backlogSeconds >= 0");
        }
        return new ExistingLink(e.get("name").asText(), phase, percent, backlog);
    }

    private static void fault(JsonNode f, String source, String path, List<LinkFault> faults,
                              List<ArmFaultPlan.RouteFault> armFaults) {
        if (!f.isObject()) {
            throw new ScenarioException(source + ": " + path + ": expected a mapping such as { kind: partition, at:"
                    + " PT10M, for: PT5M }");
        }
        unknownFields(f, FAULT_FIELDS, source, path);
        String kind = f.path("kind").asText("");
        Set<String> kinds = new TreeSet<>(WORLD_FAULTS.keySet());
        kinds.addAll(ARM_FAULTS);
        if (!kinds.contains(kind)) {
            throw new ScenarioException(source + ": " + path + ".kind: expected one of " + String.join(", ", kinds));
        }
        if (ARM_FAULTS.contains(kind)) {
            String method = f.path("method").asText("PUT").toUpperCase(Locale.ROOT);
            if (!Set.of("PUT", "PATCH", "DELETE", "POST").contains(method)) {
                throw new ScenarioException(source + ": " + path + ".method: expected PUT, PATCH, DELETE or POST");
            }
            String pathRegex = "/distributedAvailabilityGroups/";
            if (kind.equals("armOperationFails")) {
                String code = f.path("code").asText("OperationTimedOut");
                String message = f.path("message").asText("The operation timed out and automatically rolled back."
                        + " Please retry the operation.");
                armFaults.add(ArmFaultPlan.RouteFault.failOperation(method, pathRegex,
                        ArmError.of(500, code, message), 0));
            } else {
                armFaults.add(ArmFaultPlan.RouteFault.slowOperation(method, pathRegex,
                        duration(f, "delay", source, path, true), 0));
            }
            return;
        }
        LinkFault.Kind k = WORLD_FAULTS.get(kind);
        Duration at = duration(f, "at", source, path, true);
        Duration length = f.has("for") ? duration(f, "for", source, path, true) : Duration.ZERO;
        String database = f.hasNonNull("database") ? f.get("database").asText() : null;
        String message = f.hasNonNull("message") ? f.get("message").asText() : null;
        if (k == LinkFault.Kind.SEEDING_FAILURE && message == null) {
            message = "Seeding failed.";
        }
        faults.add(new LinkFault(k, at, length, database, message));
    }

    private static Duration duration(JsonNode f, String field, String source, String path, boolean required) {
        JsonNode v = f.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ScenarioException(source + ": " + path + "." + field + ": missing; an ISO-8601 duration"
                        + " of simulated time such as PT10M or P6D");
            }
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.parse(v.asText());
            if (d.isNegative()) {
                throw new DateTimeParseException("negative", v.asText(), 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ScenarioException(source + ": " + path + "." + field + ": expected an ISO-8601 duration of"
                    + " simulated time such as PT10M, PT90S or P6D");
        }
    }

    private static long megabytes(JsonNode section, String field, long fallback, boolean zeroAllowed, String source) {
        JsonNode v = section.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < 0 || (!zeroAllowed && v.asDouble() == 0)) {
            throw new ScenarioException(source + ": link." + field + ": expected a number of megabytes per second"
                    + (zeroAllowed ? " >= 0" : " > 0") + " (decimals allowed)");
        }
        return Math.round(v.asDouble() * LinkSettings.MB);
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String source, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new ScenarioException(source + ": " + path + ": unknown field '" + name + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
