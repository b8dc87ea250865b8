package io.milink.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;

/**
 * Which twins a scenario file describes: a SQL Server ({@code sqlServer:}), a managed instance
 * ({@code managedInstance:}), or both. Each twin's own loader validates its section.
 */
public record ScenarioSections(boolean sqlServer, boolean managedInstance) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The sections present; YAML that does not parse has none (the loaders then say what is wrong with it). */
    public static ScenarioSections of(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                return new ScenarioSections(false, false);
            }
            return new ScenarioSections(root.hasNonNull("sqlServer"), root.hasNonNull("managedInstance"));
        } catch (IOException e) {
            return new ScenarioSections(false, false);
        }
    }
}
