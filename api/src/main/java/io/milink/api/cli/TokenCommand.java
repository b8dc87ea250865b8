package io.milink.api.cli;

import io.milink.api.service.ServiceConfig;
import io.milink.api.service.auth.Role;
import io.milink.journal.Journal;
import io.milink.journal.JournalUnavailableException;
import io.milink.api.service.auth.TokenStore;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code milink token}: bearer tokens for {@code milink serve}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage the bearer tokens of milink serve.",
        subcommands = {TokenCommand.Create.class})
public final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** No subcommand named: the usage on standard error, and the exit code of a bad command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.COULD_NOT_COMPLETE;
    }

    /**
     * {@code milink token create}: prints a new token on its own line, once; the journal keeps only its SHA-256.
     * The service reads tokens at start, and holds an embedded journal while it runs, so create tokens while it is
     * stopped. The journal is the one {@code milink serve} would use: the same options, environment variables and
     * configuration file ({@link ServeDefaults}), so {@code --config serve.yaml} writes to the journal it names.
     */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            defaultValueProvider = ServeDefaults.class,
            description = {"Create a token and print it once, on its own line. Only its hash is stored.",
                "milink serve reads tokens when it starts; with the embedded journal, stop it first (it holds the "
                    + "file)."})
    public static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--role", required = true, paramLabel = "operator|reader",
                description = "operator: may start and cancel work; reader: may only read.")
        String role;

        @Option(names = "--permission", paramLabel = "failover", description = "Also allow this (repeatable). "
                + "failover: force a failover through the API, which may lose data; operator tokens only.")
        java.util.List<String> permissions = new java.util.ArrayList<>();

        @Option(names = ServeDefaults.CONFIG_OPTION, paramLabel = "FILE", description = "milink serve's "
                + "configuration file: the token goes to the journal it names (data-dir, or journal and its role). "
                + "Default: $MILINK_CONFIG.")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Journal directory. Default: "
                + "$MILINK_DATA_DIR, else ~/.milink.")
        Path dataDir;

        @Mixin
        JournalOptions journal;

        @Override
        public Integer call() {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--role: " + e.getMessage(), e);
            }
            java.util.Set<io.milink.api.service.auth.Permission> granted =
                    java.util.EnumSet.noneOf(io.milink.api.service.auth.Permission.class);
            for (String permission : permissions) {
                try {
                    granted.add(io.milink.api.service.auth.Permission.parse(permission));
                } catch (IllegalArgumentException e) {
                    throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--permission: " + e.getMessage(), e);
                }
            }
            if (!granted.isEmpty() && parsed != Role.OPERATOR) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--permission: only an operator token may carry a "
                        + "permission (a forced failover is a change); add --role operator");
            }
            Path directory = dataDir != null ? dataDir : ServiceConfig.defaultDataDirectory();
            String token;
            try (Journal opened = Journal.open(journal.location(directory, System.getenv()))) {
                token = new TokenStore(opened).create(parsed, granted);
            } catch (JournalUnavailableException e) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
            }
            spec.commandLine().getErr().println("Created " + (parsed == Role.OPERATOR ? "an" : "a") + " " + parsed.id() + " token"
                    + (granted.isEmpty() ? "" : " with the permission " + String.join(", ", granted.stream()
                            .map(io.milink.api.service.auth.Permission::id).toList()))
                    + ". It is shown only this once; "
                    + "store it now (only its hash is kept). Restart milink serve to use it.");
            spec.commandLine().getErr().flush();
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
