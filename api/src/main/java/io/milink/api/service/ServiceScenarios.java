package io.milink.api.service;

import io.milink.api.rehearsal.ScenarioArgument;
import io.milink.api.service.http.RequestRejected;
import io.milink.simulator.BuiltInScenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scenarios a request may name: the built-in ones, and files inside the directory the administrator configured
 * ({@code --scenario-dir}). Unlike the CLI's {@link ScenarioArgument}, an API caller is not the person running the
 * process, so a path anywhere else (a secret under /run/secrets, ../, a symbolic link out of the directory) is refused
 * before the file is opened.
 */
final class ServiceScenarios {

    private final Path directory;

    /** @param directory the scenario directory; null allows the built-in scenarios only */
    ServiceScenarios(Path directory) {
        this.directory = directory;
    }

    ScenarioArgument resolve(String value) {
        if (BuiltInScenarios.exists(value)) {
            return new ScenarioArgument(value, BuiltInScenarios.yaml(value));
        }
        String builtIns = "built-in scenarios: " + String.join(", ", BuiltInScenarios.descriptions().keySet());
        if (directory == null) {
            throw new RequestRejected("'scenario': '" + value + "' is not a built-in scenario, and this service reads "
                    + "no scenario files (start it with --scenario-dir DIR to allow files in DIR); " + builtIns);
        }
        Path root;
        Path file;
        try {
            root = directory.toRealPath();
            // toRealPath follows every symbolic link, so the check below sees where the file really is.
            file = root.resolve(value).toRealPath();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                throw new IOException("outside");
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new RequestRejected("'scenario': '" + value + "' is neither a built-in scenario nor a file in the "
                    + "service's scenario directory; name a file relative to it, or one of the " + builtIns);
        }
        try {
            return new ScenarioArgument(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RequestRejected("'scenario': the service cannot read '" + value + "' in its scenario "
                    + "directory; ask its administrator to check the file's permissions");
        }
    }
}
