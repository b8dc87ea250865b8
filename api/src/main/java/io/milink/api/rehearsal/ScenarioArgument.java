package io.milink.api.rehearsal;

import io.milink.simulator.BuiltInScenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code --scenario} value: a YAML file path, or the name of a built-in scenario. A path that exists wins, so a
 * local file named like a built-in is what the user meant.
 *
 * @param displayName how to refer to it in output
 * @param yaml        its text
 */
public record ScenarioArgument(String displayName, String yaml) {

    public static ScenarioArgument resolve(String value) {
        Path path = Path.of(value);
        if (Files.isRegularFile(path)) {
            try {
                return new ScenarioArgument(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RehearsalFailed(
                        io.milink.core.UnreadableFile.message("scenario file", path, e), e);
            }
        }
        if (BuiltInScenarios.exists(value)) {
            return new ScenarioArgument(value, BuiltInScenarios.yaml(value));
        }
        throw new RehearsalFailed("'" + value + "' is neither a scenario file nor a built-in scenario. "
                + "Built-in scenarios: " + String.join(", ", BuiltInScenarios.descriptions().keySet())
                + " (milink twin --list describes them).");
    }
}
