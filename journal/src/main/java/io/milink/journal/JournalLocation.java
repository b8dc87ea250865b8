package io.milink.journal;

import io.milink.core.spec.SecretSource;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the journal is: an embedded H2 file in a data directory (one process on one machine, the default), or a
 * PostgreSQL database that several service replicas share. Neither form ever holds a password: a server's is named
 * by reference (an environment variable or a file) and read when a connection is made.
 */
public sealed interface JournalLocation {

    /** For messages and logs: where it is, never a password or where one is. */
    String describe();

    /** The embedded H2 file {@code journal.mv.db} in {@code directory}. */
    record H2File(Path directory) implements JournalLocation {
        public H2File {
            Objects.requireNonNull(directory, "directory");
        }

        @Override
        public String describe() {
            return directory.toAbsolutePath().toString();
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param url         {@code jdbc:postgresql://host[:port]/database[?parameters]}, without a password
     * @param user        the database role milink logs in as
     * @param password    where the role's password is; read for each new connection, so a rotated secret file is
     *                    used without a restart
     * @param environment where an environment-variable reference is read (the process's; a test passes its own)
     */
    record PostgreSql(String url, String user, SecretSource password, Map<String, String> environment)
            implements JournalLocation {

        public static final String URL_PREFIX = "jdbc:postgresql:";

        public PostgreSql {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            environment = Map.copyOf(environment);
            if (!isPostgreSql(url)) {
                throw new IllegalArgumentException("a PostgreSQL journal's address starts with " + URL_PREFIX
                        + "//, e.g. jdbc:postgresql://db.example.com:5432/milink");
            }
            String lower = url.toLowerCase(Locale.ROOT);
            int query = lower.indexOf('?');
            if ((query >= 0 && lower.substring(query).matches(".*[?&]password=.*"))
                    || lower.substring(URL_PREFIX.length(), query >= 0 ? query : lower.length()).contains("@")) {
                throw new IllegalArgumentException("the journal's address must not hold a password: remove it from "
                        + "the URL and name where it is (journal-password-env or journal-password-file)");
            }
        }

        /** The URL without its parameters: a host, port and database to name in a message. */
        @Override
        public String describe() {
            int query = url.indexOf('?');
            return (query >= 0 ? url.substring(0, query) : url) + " as " + user;
        }

        @Override
        public String toString() {
            return "PostgreSql[" + describe() + ", password from " + password.describe() + "]";
        }
    }

    /** Whether {@code journal} names a PostgreSQL database rather than a directory. */
    static boolean isPostgreSql(String journal) {
        return journal != null && journal.regionMatches(true, 0, PostgreSql.URL_PREFIX, 0,
                PostgreSql.URL_PREFIX.length());
    }
}
