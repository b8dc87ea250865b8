package io.milink.api.cli;

import io.milink.api.service.config.ServeSettingsFile;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code milink serve}'s options come from when the command line does not give them, for every option the
 * command has (including ones added later): first the environment ({@code --port} → {@code MILINK_SERVE_PORT},
 * {@code --data-dir} → {@code MILINK_DATA_DIR}), then the configuration file ({@code data-dir: ...}), then the
 * option's built-in default. So: command line, then environment, then file, then default (docs/operations.md).
 *
 * <p>Why {@code MILINK_SERVE_}: Kubernetes gives every pod Docker-link variables for each Service of its namespace
 * (Kubernetes docs, "Service" → "Environment variables"), and a Service named {@code milink} yields
 * {@code MILINK_PORT=tcp://10.0.0.1:8443}, which as {@code --port} stopped the service from starting. The prefix
 * keeps serve's settings out of that namespace; {@code MILINK_DATA_DIR}, {@code MILINK_CONFIG} and the journal's
 * {@code MILINK_JOURNAL}, {@code MILINK_JOURNAL_USER}, ... keep their names (no Service variable ends in those, and
 * other commands, {@code milink token create}, read them too). A value that still looks
 * like a service link (a Service named {@code milink-serve}) is refused with a message that says so.
 *
 * <p>The file is {@code --config FILE}, else {@code MILINK_CONFIG}. Picocli asks for defaults after it has parsed
 * the command line, so {@code --config} is known by then.
 */
public final class ServeDefaults implements IDefaultValueProvider {

    static final String CONFIG_OPTION = "--config";
    static final String CONFIG_VARIABLE = "MILINK_CONFIG";
    static final String DATA_DIR_VARIABLE = "MILINK_DATA_DIR";
    private static final java.util.regex.Pattern SERVICE_LINK = java.util.regex.Pattern.compile(
            "(?i)(tcp|udp|sctp)://.*");

    private final Map<String, String> environment;
    private ServeSettingsFile file;
    private Path loadedFrom;

    public ServeDefaults() {
        this(System.getenv());
    }

    public ServeDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * {@code --port} → {@code MILINK_SERVE_PORT}; {@code --data-dir} → {@code MILINK_DATA_DIR}; {@code --journal-user}
     * → {@code MILINK_JOURNAL_USER}.
     */
    public static String variableFor(String optionName) {
        String name = optionName.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (name) {
            case "CONFIG" -> CONFIG_VARIABLE;
            case "DATA_DIR" -> DATA_DIR_VARIABLE;
            default -> name.equals("JOURNAL") || name.startsWith("JOURNAL_") ? "MILINK_" + name
                    : "MILINK_SERVE_" + name;
        };
    }

    /** The file key of an option: its long name without dashes. */
    public static String keyFor(String optionName) {
        return optionName.replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = option.longestName();
        String variable = variableFor(name);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            if (SERVICE_LINK.matcher(fromEnvironment.strip()).matches()) {
                throw new CommandLine.ParameterException(option.command().commandLine(), variable + " holds '"
                        + fromEnvironment.strip() + "', a Kubernetes service link, not a value for " + name
                        + "; set enableServiceLinks: false in the pod spec, or set " + variable + " yourself");
            }
            return fromEnvironment;
        }
        if (name.equals(CONFIG_OPTION)) {
            return null;
        }
        return settings(option).options().get(keyFor(name));
    }

    /** The configuration file's settings (empty without a file), loaded once. */
    ServeSettingsFile settings(OptionSpec anyOption) {
        Path path = configFile(anyOption);
        if (file == null || !Objects.equals(path, loadedFrom)) {
            file = path == null ? ServeSettingsFile.empty() : ServeSettingsFile.load(path);
            loadedFrom = path;
        }
        return file;
    }

    private Path configFile(OptionSpec anyOption) {
        OptionSpec config = anyOption.command().findOption(CONFIG_OPTION);
        Object given = config == null ? null : config.getValue();
        if (given instanceof Path path) {
            return path;
        }
        String fromEnvironment = environment.get(CONFIG_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
    }
}
