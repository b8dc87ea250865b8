package io.milink.api.cli;

import io.milink.core.spec.SecretSource;
import io.milink.journal.JournalLocation;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Where the journal is, for the commands that share it ({@code milink serve}, {@code milink token create}): the
 * embedded H2 file in the data directory, or with {@code --journal jdbc:postgresql://...} a PostgreSQL database that
 * several replicas share. The role's password is named by reference (an environment variable or a file), never given:
 * a command line shows in {@code ps} and shell history, a configuration file is copied around.
 */
public final class JournalOptions {

    @Option(names = "--journal", paramLabel = "URL", description = "Keep the journal in PostgreSQL "
            + "(jdbc:postgresql://HOST[:PORT]/DATABASE), shared by several replicas, instead of the embedded file in "
            + "the data directory. Needs --journal-user and its password by reference.")
    String url;

    @Option(names = "--journal-user", paramLabel = "ROLE", description = "The database role of --journal.")
    String user;

    @Option(names = "--journal-password-env", paramLabel = "VAR", description = "Environment variable holding the "
            + "role's password.")
    String passwordEnv;

    @Option(names = "--journal-password-file", paramLabel = "FILE", description = "File holding the role's password "
            + "(read for each new connection, so a rotated secret is picked up).")
    Path passwordFile;

    /**
     * The journal these options name: {@code dataDirectory}'s embedded file without {@code --journal}.
     *
     * @throws UserError when the options do not go together, saying what to give
     */
    JournalLocation location(Path dataDirectory, Map<String, String> environment) {
        if (url == null || url.isBlank()) {
            if (user != null || passwordEnv != null || passwordFile != null) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--journal-user and the journal password go with "
                        + "--journal jdbc:postgresql://HOST/DATABASE; without it the journal is the embedded file in "
                        + "the data directory, which needs neither");
            }
            return new JournalLocation.H2File(dataDirectory);
        }
        if (!JournalLocation.isPostgreSql(url)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--journal must be a PostgreSQL address, "
                    + "jdbc:postgresql://HOST[:PORT]/DATABASE; for the embedded journal give --data-dir DIR instead");
        }
        if (user == null || user.isBlank()) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--journal needs --journal-user ROLE (journal-user in "
                    + "the configuration file): the database role milink logs in as");
        }
        if ((passwordEnv == null) == (passwordFile == null)) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--journal needs the role's password by reference: "
                    + "exactly one of --journal-password-env VAR or --journal-password-file FILE "
                    + "(journal-password-env / journal-password-file in the configuration file)");
        }
        SecretSource password = passwordEnv != null ? new SecretSource.EnvironmentVariable(passwordEnv)
                : new SecretSource.File(passwordFile);
        try {
            return new JournalLocation.PostgreSql(url.strip(), user.strip(), password, environment);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "--journal: " + e.getMessage(), e);
        }
    }
}
